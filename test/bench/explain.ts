/**
 * `npm run bench:explain -- [--articles 100000] [--database URL]`: are the
 * reader pages of a big blog on PostgreSQL served by indexes? Seeds a
 * throwaway cluster (or takes an already seeded database), requests every
 * reader page once with the app in this process, replays each statement it
 * ran under EXPLAIN (ANALYZE, BUFFERS) (explain-plan.ts), prints a table and
 * fails when a plan reads Article, Tagging or Comment by a sequential scan.
 * Writes test/bench/results/explain.json.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { cleanupAll, cleanupOnSignals, Interrupted, removeLater } from '#test/bench/cleanup.ts';
import { freshDatabase } from '#test/bench/postgres.ts';
import { seed } from '#test/bench/processes.ts';
import { captureReaderStatements, unboundedLookups, type Captured } from '#test/bench/explain-capture.ts';
import { explain, outline, type Explained } from '#test/bench/explain-plan.ts';
import { formatTable } from '#test/bench/report.ts';

const usage = 'usage: npm run bench:explain -- [--articles 100000] [--database postgresql://…(already seeded)]';
const log = (line: string) => console.error(line);

interface Row {
  page: string;
  statement: string;
  explained?: Explained;
}

async function main(): Promise<void> {
  const { articles, database } = options(process.argv.slice(2));
  cleanupOnSignals();
  const url = database ?? (await seeded(articles));
  const scratch = mkdtempSync(path.join(tmpdir(), 'folio-explain-'));
  removeLater(scratch);
  log('requesting every reader page…');
  const capture = await captureReaderStatements(url, scratch);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const rows: Row[] = [];
  try {
    for (const statement of distinct(capture.statements)) {
      rows.push({
        page: statement.page,
        statement: statementName(statement.sql),
        explained: statement.params ? await explain(client, statement.sql, statement.params) : undefined,
      });
    }
  } finally {
    await client.end();
  }
  const failing = rows.filter((row) => row.explained?.seqScans.length && !unboundedLookups.has(row.page));
  console.log(
    [
      '',
      formatTable(
        ['page', 'round trips', 'path'],
        capture.roundTrips.map((r) => [r.page, String(r.queries), r.path]),
        [1],
      ),
      '',
      formatTable(
        [
          'page',
          'statement',
          'plan: top node › scans of big tables (↓ backward)',
          'rows',
          'big rows read',
          'ms',
          'buffers',
        ],
        rows.map(tableRow),
        [3, 4, 5, 6],
      ),
      '',
      ...failing.map(
        (row) =>
          `${row.page}, ${row.statement}: sequential scan of ${row.explained!.seqScans.join(', ')}\n${row.explained!.text}\n`,
      ),
      `${rows.length} statements on ${capture.roundTrips.length} pages and the cache's lookups; ${failing.length} with a sequential scan of a big table (${[...unboundedLookups].join(', ')}: unbounded by design, not counted)`,
    ].join('\n'),
  );
  write(rows, capture.roundTrips);
  if (failing.length) process.exitCode = 1;
}

async function seeded(articles: number): Promise<string> {
  const url = await freshDatabase('folio_explain');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'folio-explain-data-'));
  removeLater(dataDir);
  log(`seeding ${articles.toLocaleString('en')} articles on PostgreSQL…`);
  const result = await seed(dataDir, articles, url);
  log(`  seeded in ${result.seedSeconds.toFixed(1)} s (command: ${result.wallSeconds.toFixed(1)} s)`);
  return url;
}

/** Each statement once with the same parameters: settings and navigation run on every page. */
function distinct(statements: Captured[]): Captured[] {
  const seen = new Set<string>();
  return statements.filter((s) => {
    const key = `${s.sql}\u0000${JSON.stringify(s.params ?? null)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The boundary function a statement comes from, told by its text (app/database/postgresql/*.ts). */
function statementName(sql: string): string {
  const known: Array<[RegExp, string]> = [
    [/FROM "Section" ORDER BY "position"/, 'navigationSections'],
    [/FROM "Setting"/, 'settings'],
    [/FROM "Section" s LEFT JOIN "Page"/, 'sectionBySlug'],
    [/FROM "Tag" t\s+WHERE t\."slug"/, 'visibleTag'],
    [/FROM "User" WHERE "login"/, 'author'],
    [/AS "previous"/, 'findByPermalink'],
    [/WITH recent AS/, 'search: ranked matches'],
    [/ts_headline/, 'search: snippets'],
    [/FROM "Comment" c JOIN "Article"/, 'newestApprovedComments'],
    [/FROM "Comment"\s+WHERE "articleId"/, 'approvedComments'],
    [/FROM "Comment" WHERE "id"/, 'commentFacts'],
    [/array_agg\(g\."tagId"\)/, 'articleFacts'],
    [/json_agg[\s\S]*a\."id" = ANY/, 'findByIds'],
    [/json_agg[\s\S]*FROM \(SELECT g\."articleId"/, 'listVisible (tag)'],
    [/json_agg[\s\S]*LIMIT \? OFFSET \?/, 'listVisible'],
  ];
  const found = known.find(([pattern]) => pattern.test(sql));
  if (found) return found[1];
  const tables = [...new Set([...sql.matchAll(/(?:FROM|JOIN)\s+"(?:public"\.")?(\w+)"/g)].map((m) => m[1]))];
  return `${/^\s*SELECT "public"/.test(sql) ? 'ORM: ' : ''}${sql.trim().split(/\s/)[0]} ${tables.join(', ')}`;
}

function tableRow(row: Row): string[] {
  const e = row.explained;
  if (!e) return [row.page, row.statement, 'ORM statement (no parameters to replay)', '', '', '', ''];
  const buffers = (e.plan['Shared Hit Blocks'] ?? 0) + (e.plan['Shared Read Blocks'] ?? 0);
  return [
    row.page,
    row.statement,
    `${e.seqScans.length ? (unboundedLookups.has(row.page) ? 'seq scan (the whole answer is a third of the blog): ' : 'SEQ SCAN: ') : ''}${outline(e.plan)}`,
    String(e.plan['Actual Rows']),
    String(e.bigRowsRead),
    e.executionMs.toFixed(2),
    String(buffers),
  ];
}

function write(rows: Row[], roundTrips: unknown): void {
  const dir = path.join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'explain.json');
  const plans = rows.map((row) => ({
    page: row.page,
    statement: row.statement,
    outline: row.explained && outline(row.explained.plan),
    rows: row.explained?.plan['Actual Rows'],
    bigRowsRead: row.explained?.bigRowsRead,
    executionMs: row.explained?.executionMs,
    seqScans: row.explained?.seqScans,
    plan: row.explained?.text,
  }));
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), roundTrips, plans }, null, 2) + '\n');
  log(`wrote ${path.relative(process.cwd(), file)}`);
}

function options(args: string[]): { articles: number; database?: string } {
  try {
    const { values } = parseArgs({
      args,
      strict: true,
      options: { articles: { type: 'string' }, database: { type: 'string' }, help: { type: 'boolean' } },
    });
    if (values.help) throw new Error(usage);
    const articles = values.articles ?? '100000';
    if (!/^\d+$/.test(articles) || Number(articles) < 100 || Number(articles) > 1_000_000)
      throw new Error(`--articles: expected 100..1000000, got "${articles}"\n${usage}`);
    if (values.database !== undefined && !/^postgres(ql)?:\/\//.test(values.database))
      throw new Error(`--database: expected a postgresql:// URL, got "${values.database}"\n${usage}`);
    return { articles: Number(articles), database: values.database };
  } catch (error) {
    const message = (error as Error).message;
    throw new UsageError(message.includes('usage:') ? message : `${message}\n${usage}`);
  }
}

class UsageError extends Error {}

main()
  .catch((error: unknown) => {
    if (error instanceof Interrupted) return;
    if (error instanceof UsageError) console.error(`bench:explain: ${error.message}`);
    else console.error('bench:explain failed:', error);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll().then(() => process.exit()));

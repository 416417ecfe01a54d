/**
 * One captured statement replayed under EXPLAIN (ANALYZE, BUFFERS), as the
 * app runs it: a prepared statement (pool.ts numbers its `?` the same way),
 * executed five times first so PostgreSQL's plan cache settles on the plan a
 * worker gets for good, then explained; and once more with the generic plan
 * forced, since the plan cache may switch to it on its own later.
 */
import type pg from 'pg';

/** The tables that grow with the blog: a sequential scan of one is a failure. */
export const bigTables = ['Article', 'Tagging', 'Comment'] as const;

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Scan Direction'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

export interface Explained {
  /** The plan the app runs once the plan cache has settled. */
  plan: PlanNode;
  executionMs: number;
  /** The generic plan (parameters unknown), which the plan cache may choose. */
  generic: PlanNode;
  /** Big tables read by a sequential scan, in either plan. */
  seqScans: string[];
  /** Rows the scans of big tables touched (returned, filtered out or rechecked), over all loops. */
  bigRowsRead: number;
  text: string;
}

export async function explain(client: pg.Client, sql: string, params: readonly unknown[]): Promise<Explained> {
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`);
  const execute = `EXECUTE folio_explain${params.length ? `(${params.map((p) => literal(client, p)).join(', ')})` : ''}`;
  await client.query(`PREPARE folio_explain AS ${text}`);
  try {
    for (let i = 0; i < 5; i++) await client.query(execute);
    const [settled] = await jsonPlan(client, `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${execute}`);
    const shown = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${execute}`);
    await client.query(`SET plan_cache_mode = force_generic_plan`);
    const [generic] = await jsonPlan(client, `EXPLAIN (ANALYZE, FORMAT JSON) ${execute}`);
    await client.query(`RESET plan_cache_mode`);
    return {
      plan: settled!.Plan,
      executionMs: settled!['Execution Time'],
      generic: generic!.Plan,
      seqScans: [...new Set([...seqScansOf(settled!.Plan), ...seqScansOf(generic!.Plan)])],
      bigRowsRead: nodes(settled!.Plan)
        .filter(isBigScan)
        .reduce(
          (sum, node) =>
            sum +
            (node['Actual Rows'] +
              (node['Rows Removed by Filter'] ?? 0) +
              (node['Rows Removed by Index Recheck'] ?? 0)) *
              node['Actual Loops'],
          0,
        ),
      text: shown.rows.map((row) => row['QUERY PLAN']).join('\n'),
    };
  } finally {
    await client.query('DEALLOCATE folio_explain');
  }
}

/** The plan's outline: its top node, then each scan of a big table with the index it uses. */
export function outline(plan: PlanNode): string {
  const scans = nodes(plan)
    .filter(isBigScan)
    .map((node) => {
      const how = node['Node Type'].replace(' Scan', '').replace('Index Only', 'Index-only');
      const index = node['Index Name'] ? ` ${node['Index Name']}` : '';
      const backward = node['Scan Direction'] === 'Backward' ? ' ↓' : '';
      return `${how}${backward}${index || ` ${node['Relation Name']}`}`;
    });
  return [plan['Node Type'], ...new Set(scans)].join(' › ');
}

export function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

function isBigScan(node: PlanNode): boolean {
  return (bigTables as readonly string[]).includes(node['Relation Name'] ?? '') || isBigIndex(node['Index Name']);
}

/** Bitmap index scans name only their index. */
function isBigIndex(index: string | undefined): boolean {
  return index !== undefined && bigTables.some((table) => index.startsWith(`${table}_`));
}

function seqScansOf(plan: PlanNode): string[] {
  return nodes(plan)
    .filter((node) => node['Node Type'] === 'Seq Scan' && isBigScan(node))
    .map((node) => node['Relation Name']!);
}

async function jsonPlan(client: pg.Client, sql: string): Promise<Array<{ Plan: PlanNode; 'Execution Time': number }>> {
  const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }> }>(sql);
  return rows[0]!['QUERY PLAN'];
}

/** A parameter as a literal for EXECUTE (which takes expressions, not bound values). */
function literal(client: pg.Client, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return client.escapeLiteral(`{${value.map((v) => JSON.stringify(v)).join(',')}}`);
  if (value instanceof Date) return client.escapeLiteral(value.toISOString());
  if (typeof value === 'string') return client.escapeLiteral(value);
  throw new Error(`cannot replay a parameter of type ${typeof value}`);
}

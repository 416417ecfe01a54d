/**
 * The import benchmark: a generated 100 MB WXR with 20,000 posts
 * (generate-wxr.ts), read by the WXR source: posts/s, MB/s and peak RSS,
 * the numbers the closing note quotes. `npm run bench:import [-- --posts N]`.
 * Then the whole import, as `npm run import` runs it, into a fresh SQLite
 * blog (and PostgreSQL with FOLIO_BENCH_POSTGRES_URL, a server URL: a
 * database of its own is created there): seconds, posts/s, peak RSS.
 * The file is kept in the system temp folder between runs.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultImportOptions } from '#app/importers/source.ts';
import { openWxr } from '#app/importers/sources/wxr/index.ts';
import { generateWxr } from '#test/bench/import/generate-wxr.ts';

const postsArg = process.argv.indexOf('--posts');
const posts = postsArg > 0 ? Number(process.argv[postsArg + 1]) : 20_000;
const file = join(tmpdir(), `folio-bench-wxr-${posts}.xml`);

if (!existsSync(file)) {
  const started = performance.now();
  const generated = await generateWxr(file, posts, 3000);
  console.log(
    `generated ${file}: ${mb(generated.bytes)} MB, ${posts} posts, ${generated.comments} comments in ${seconds(started)} s`,
  );
}
const bytes = statSync(file).size;

let peakRss = process.memoryUsage().rss;
const baselineRss = peakRss;
let articles = 0;
let records = 0;
const started = performance.now();
for await (const item of openWxr(file, defaultImportOptions).items(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
})) {
  records++;
  if (item.kind === 'article') articles++;
}
const elapsed = (performance.now() - started) / 1000;
console.log(
  [
    `WXR source: ${articles} posts (${records} records) from ${mb(bytes)} MB in ${elapsed.toFixed(1)} s`,
    `  ${Math.round(articles / elapsed)} posts/s, ${(bytes / 1e6 / elapsed).toFixed(1)} MB/s`,
    `  RSS ${mb(baselineRss)} MB before, peak ${mb(peakRss)} MB (max RSS of the process ${mb(process.resourceUsage().maxRSS * 1024)} MB)`,
  ].join('\n'),
);

for (const target of importTargets()) {
  const dir = mkdtempSync(join(tmpdir(), 'folio-bench-import-'));
  const databaseUrl = target.url ?? `file:${join(dir, 'blog.db')}`;
  const importStarted = performance.now();
  // GNU time reports the import process's own peak RSS (%M, in KiB) on stderr's last line.
  const run = spawnSync('/usr/bin/time', ['-f', '%M', 'node', 'app/commands/launch.mjs', 'import', 'wxr', file], {
    env: { ...process.env, FOLIO_DATA_DIR: dir, DATABASE_URL: databaseUrl, NODE_ENV: 'production', LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const importSeconds = (performance.now() - importStarted) / 1000;
  const peakKib = Number(run.stderr.trim().split('\n').at(-1));
  if (run.status !== 0) throw new Error(`import into ${target.name} failed:\n${run.stdout}\n${run.stderr}`);
  console.log(
    [
      `Import into ${target.name} (npm run import, migrations included): ${posts} posts in ${importSeconds.toFixed(1)} s`,
      `  ${Math.round(posts / importSeconds)} posts/s, peak RSS ${mb(peakKib * 1024)} MB`,
    ].join('\n'),
  );
  target.drop?.();
  rmSync(dir, { recursive: true, force: true });
}

function importTargets(): { name: string; url?: string; drop?: () => void }[] {
  const targets: { name: string; url?: string; drop?: () => void }[] = [{ name: 'SQLite' }];
  const server = process.env.FOLIO_BENCH_POSTGRES_URL;
  if (server) {
    const name = `folio_bench_import_${process.pid}`;
    const psql = (sql: string) => spawnSync('psql', [server, '-qc', sql], { stdio: 'inherit' });
    psql(`CREATE DATABASE ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    targets.push({ name: 'PostgreSQL', url: url.toString(), drop: () => psql(`DROP DATABASE ${name}`) });
  }
  return targets;
}

function mb(n: number): string {
  return (n / 1e6).toFixed(1);
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

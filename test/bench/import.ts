/**
 * The import benchmark: a generated 100 MB WXR with 20,000 posts
 * (generate-wxr.ts), read by the WXR source: posts/s, MB/s and peak RSS,
 * the numbers the closing note quotes. `npm run bench:import [-- --posts N]`.
 * The file is kept in the system temp folder between runs.
 */
import { existsSync, statSync } from 'node:fs';
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

function mb(n: number): string {
  return (n / 1e6).toFixed(1);
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

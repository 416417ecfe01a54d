/**
 * `npm run seed -- --articles N`: deterministic sample content (authors,
 * sections, pages, tags, N articles over several years, comments), bulk
 * loaded in batches so 100,000 articles take well under a minute.
 */
import { boot } from '#app/boot.ts';
import { disconnectDatabase } from '#app/models/db.ts';
import { CliError } from '#app/commands/cli-error.ts';
import { seedSampleBlog } from '#prisma/seed/seed-blog.ts';

export async function seed(args: string[]): Promise<void> {
  const articles = parseArticles(args);
  const { logger } = await boot();
  const started = performance.now();
  const result = await seedSampleBlog(articles);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  logger.info({ ...result, seconds }, 'seeded');
  console.log(`Seeded ${result.articles} articles and ${result.comments} comments in ${seconds} s.`);
  await disconnectDatabase();
}

export const maxArticles = 1_000_000;

function parseArticles(args: string[]): number {
  let articles = 1000;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = arg.startsWith('--articles=')
      ? arg.slice('--articles='.length)
      : arg === '--articles'
        ? args[++i]
        : undefined;
    if (value === undefined) throw new CliError(`unknown option "${arg}"\nusage: npm run seed -- --articles N`);
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > maxArticles)
      throw new CliError(`--articles takes a whole number from 1 to ${maxArticles}, got "${value}"`);
    articles = Number(value);
  }
  return articles;
}

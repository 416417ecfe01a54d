import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { parseImportArguments } from '#app/commands/import.ts';
import { CliError } from '#app/commands/cli-error.ts';
import { formatReport } from '#app/importers/report-text.ts';
import { emptyReport, count } from '#app/importers/report.ts';

const here = import.meta.dirname;

describe('npm run import: its command line', () => {
  it('reads the format, the file and every option', async () => {
    const parsed = await parseImportArguments([
      'wxr',
      import.meta.filename,
      '--dry-run',
      '--uploads-dir',
      here,
      '--author-map',
      'admin=ada, bob = grace',
      '--pings',
      'drop',
      '--categories',
      'tags',
    ]);
    expect(parsed).toMatchObject({
      format: 'wxr',
      path: import.meta.filename,
      options: { dryRun: true, uploadsDir: here, pings: 'drop', categoriesAs: 'tags' },
    });
    expect([...parsed.options.authorMap]).toEqual([
      ['admin', 'ada'],
      ['bob', 'grace'],
    ]);
  });

  it('defaults to keeping pings and categories as sections, writing for real', async () => {
    const parsed = await parseImportArguments(['feed', here]);
    expect(parsed.options).toMatchObject({ dryRun: false, pings: 'keep', categoriesAs: 'sections' });
  });

  it.each([
    [[], 'give a format and a file or folder'],
    [['wxr'], 'give a format and a file or folder'],
    [['blogger', here], 'unknown format "blogger"'],
    [['wxr', path.join(here, 'missing.xml')], 'no such file or folder'],
    [['wxr', here, '--pings', 'maybe'], '--pings: expected keep or drop, got "maybe"'],
    [['wxr', here, '--categories', 'folders'], '--categories: expected sections or tags'],
    [['wxr', here, '--author-map', 'nobody'], '--author-map: expected old=new pairs'],
    [['wxr', here, '--uploads-dir', path.join(here, 'nope')], '--uploads-dir: no such folder'],
    [['wxr', here, '--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j', async (args, message) => {
    const error = await parseImportArguments(args).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toContain(message);
  });
});

describe('the report as text', () => {
  it('shows the counts as a table, the authors, and long lists cut short', () => {
    const report = emptyReport('wxr', true);
    report.source = { identity: 'wordpress:https://old.example', title: 'Old', link: 'https://old.example' };
    for (let i = 0; i < 3; i++) count(report, 'article', 'created');
    count(report, 'comment', 'skipped');
    report.createdAuthors.push({ login: 'bob', displayName: 'Bob' });
    for (let i = 0; i < 45; i++)
      report.notes.push({ what: 'shortcode', title: `Post ${i}`, message: 'unknown [gallery]' });
    report.seconds = 2;
    const text = formatReport(report);
    expect(text).toContain('Dry run of the wxr import: nothing was written.');
    expect(text).toContain('From: Old (https://old.example)');
    expect(text).toMatch(/ +created +updated +unchanged +skipped\narticle +3 +0 +0 +0\ncomment +0 +0 +0 +1/);
    expect(text).toContain('  bob (Bob)');
    expect(text).toContain('Notes (45):');
    expect(text).toContain('  shortcode “Post 39”: unknown [gallery]');
    expect(text).not.toContain('Post 40');
    expect(text).toContain('… and 5 more');
    expect(text).toContain('4 items in 2 s, 2 items/s.');
  });
});

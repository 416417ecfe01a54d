/**
 * A small blog with one of everything an export must carry: articles
 * published (over several days and years), scheduled and draft, in each
 * text filter, with tags, sections, an excerpt, revisions, closed comments;
 * pages (one shown by a page section); comments approved, pending and spam;
 * an upload used in a body; settings; a redirect. Built through the models.
 */
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '#config/environment.ts';
import { uploadDirs } from '#config/uploads.ts';
import { db, type Article, type User } from '#app/models/db.ts';
import { saveArticle, type ArticleInput } from '#app/models/article.ts';
import { keepSaveRevision } from '#app/models/article/revisions.ts';
import { storeUploads, type Upload } from '#app/models/upload.ts';
import { uploadMarkdown } from '#app/models/upload/links.ts';
import { ada, grace } from '#test/fixtures/cast.ts';
import { changeSettings, createComment, createPage, createSection } from '#test/fixtures/factories.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/files');

export interface SeededBlog {
  ada: User;
  grace: User;
  upload: Upload;
  published: Article[];
  scheduled: Article;
  draft: Article;
}

export async function seedBlog(config: Config, now = new Date()): Promise<SeededBlog> {
  await changeSettings({
    blogTitle: 'Engines & Notes',
    subtitle: 'Analytical <musings>',
    articlesPerPage: 3,
    timeZone: 'Europe/Paris',
    commentPolicy: 'open',
  });
  const admin = await ada();
  const author = await grace();
  const essays = await createSection({ name: 'Essays' });
  const notes = await createSection({ name: 'Notes', slug: 'short-notes' });
  const about = await createPage({ title: 'About', bodySource: 'Who *writes* here.' });
  await createPage({ title: 'Colophon', slug: 'colophon', bodySource: '<p>Set in <em>HTML</em>.</p>' });
  await createSection({ name: 'About us', slug: 'about-us', style: 'page', pageId: about.id });

  const upload = await storeFixture('sample.png', admin, config);
  const days = (n: number) => new Date(now.getTime() - n * 86_400_000);
  const write = (input: ArticleInput, by: User) =>
    saveArticle(input, by.id, undefined, now, (tx, saved) => keepSaveRevision(tx, saved, by.id));

  const published = [
    await write(
      {
        title: 'Notes on the Analytical Engine',
        bodySource: `The engine weaves patterns.\n\n${uploadMarkdown(upload)}\n\n## Tables\n\n| a | b |\n|---|---|\n| 1 | 2 |`,
        excerpt: 'Weaving *algebraic* patterns.',
        tags: ['engines', 'history'],
        sectionId: essays.id,
        state: 'published',
        publishedAt: new Date('2023-12-31T23:30:00Z'), // 1 January 2024 in Paris: the day the permalink keeps
      },
      admin,
    ),
    await write(
      {
        title: '"Quotes" -- and dashes...',
        bodySource: 'Typography "educated" -- here...',
        textFilter: 'smartypants-markdown',
        tags: ['typography'],
        sectionId: notes.id,
        state: 'published',
        publishedAt: new Date('2024-03-07T09:15:00Z'),
      },
      author,
    ),
    await write(
      {
        title: 'Raw HTML',
        bodySource: '<p>Hand-written <strong>HTML</strong> with a ]]&gt; and ]]> inside.</p>',
        textFilter: 'none',
        tags: ['engines'],
        state: 'published',
        publishedAt: new Date('2024-03-07T18:00:00Z'),
        allowComments: false,
      },
      author,
    ),
  ];
  // One at a time: they share a tag, and two saves creating one tag at once is a race the admin never runs.
  for (const n of [5, 4, 3, 2])
    published.push(
      await write(
        {
          title: `Weekly note ${n}`,
          bodySource: `Note number ${n}, with \`code\` and a [link](https://example.com/${n}).`,
          tags: ['weekly'],
          sectionId: notes.id,
          state: 'published',
          publishedAt: days(n),
        },
        n % 2 ? admin : author,
      ),
    );
  const scheduled = await write(
    { title: 'Coming soon', bodySource: 'Not yet.', tags: ['engines'], state: 'published', publishedAt: days(-30) },
    admin,
  );
  const draft = await write({ title: 'Unfinished', bodySource: 'A draft.', tags: ['drafts'] }, author);
  // A second save: one more revision, and an edited body.
  await saveArticle(
    { title: published[0]!.title, bodySource: `${published[0]!.bodySource}\n\nEdited.`, ...kept(published[0]!) },
    admin.id,
    published[0]!.id,
    now,
    (tx, saved) => keepSaveRevision(tx, saved, admin.id),
  );

  const first = published[0]!;
  await createComment(
    first,
    { authorName: 'Charles', body: 'Brilliant *work*.', url: 'https://example.org/' },
    'approved',
  );
  await createComment(first, { authorName: 'Mary', email: 'mary@example.com', body: 'Agreed.' }, 'approved');
  await createComment(first, { authorName: 'Waiting', body: 'Still pending.' }, 'pending');
  await createComment(published[1]!, { authorName: 'Spammer', body: 'Buy now.' }, 'spam');
  // What XML cannot hold as it is: a CDATA terminator, and a control character XML 1.0 forbids.
  await createComment(published[1]!, { authorName: 'Mr ]]> Markup', body: 'Bell\u0007 rings.' }, 'approved');
  await createComment(published[3]!, { authorName: 'Ada fan', body: 'More weekly notes!' }, 'approved');

  // No model writes redirects on this branch yet (the redirects helper adds one); the table is the schema's.
  await db.redirect.create({ data: { fromPath: '/old/about', targetType: 'url', toUrl: '/pages/about' } });

  return { ada: admin, grace: author, upload, published, scheduled, draft };
}

function kept(article: Article): Partial<ArticleInput> {
  return {
    excerpt: article.excerpt,
    textFilter: article.textFilter,
    tags: ['engines', 'history'],
    sectionId: article.sectionId,
    state: 'published',
    publishedAt: article.publishedAt,
  };
}

async function storeFixture(name: string, owner: User, config: Config): Promise<Upload> {
  const dirs = uploadDirs(config);
  const incoming = path.join(dirs.temp, `incoming-${name}`);
  mkdirSync(dirs.temp, { recursive: true });
  copyFileSync(path.join(fixtures, name), incoming);
  const [upload] = await storeUploads(
    [{ path: incoming, originalName: `Sample ${name}`, size: statSync(incoming).size }],
    owner,
    dirs,
  );
  return upload!;
}

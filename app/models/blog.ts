/**
 * A new blog's first boot: settings, a welcome article by a built-in
 * author that cannot sign in, and an About page, so `npm start` on an empty
 * database shows a real blog. It runs once: deleting the welcome article
 * later does not bring it back.
 */
import { db, database } from '#app/models/db.ts';
import { saveArticle } from '#app/models/article.ts';
import { createPage } from '#app/models/page.ts';
import { lockedPasswordHash } from '#app/models/user.ts';

export async function initializeBlog(now = new Date()): Promise<boolean> {
  // Checked through the boundary: on SQLite a process that only serves readers never loads the ORM.
  if (await database().lookups.settings()) return false;
  await db.setting.create({ data: { id: 1 } });
  const author = await db.user.upsert({
    where: { login: 'folio' },
    create: {
      login: 'folio',
      displayName: 'Folio',
      email: 'folio@example.invalid',
      passwordHash: lockedPasswordHash,
      role: 'author',
    },
    update: {},
  });
  await saveArticle(
    {
      title: 'Welcome to Folio',
      bodySource: welcomeText,
      textFilter: 'smartypants-markdown',
      tags: ['folio', 'welcome'],
      state: 'published',
      publishedAt: now,
    },
    author.id,
  );
  await createPage({
    title: 'About',
    bodySource: 'This blog runs on **Folio**, a small blog engine in the tradition of Typo and Mephisto.',
  });
  return true;
}

const welcomeText = `Your blog is up and running. This article was written for you on the first start, so you can see how things look.

## What now?

- Sign in at [/admin](/admin) to write your first article, or delete this one.
- Browse the [archives](/archives), the [tags](/tags), or [search](/search?q=welcome).
- Subscribe to the [Atom feed](/articles.atom) or the [RSS feed](/articles.rss).

Folio renders Markdown, with "smart" typography and highlighted code:

\`\`\`ts
const greeting: string = 'Hello, reader';
\`\`\`
`;

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { createUser, createArticle, createSection } from '#test/fixtures/factories.ts';
import { db, type User } from '#app/models/db.ts';
import { saveArticle } from '#app/models/article.ts';
import { mergeTags } from '#app/models/tag.ts';
import { database } from '#app/models/db.ts';
import { eachArticleFacts } from '#app/page-cache/loaders.ts';
import {
  listVisibleArticles,
  findVisibleByPermalink,
  findVisibleByIds,
  type ListingFilter,
} from '#app/models/article/reading.ts';

/** The readers' single-statement queries, against a real SQLite file. */
describe('article reading queries', () => {
  let t: TestApp;
  let ada: User, grace: User;
  let sectionId: number;
  const noon = (day: number) => new Date(Date.UTC(2024, 2, day, 12));
  const titles = async (filter: ListingFilter, page = 1, perPage = 10) =>
    (await listVisibleArticles(filter, page, perPage)).articles.map((a) => a.title);

  beforeAll(async () => {
    t = await startTestApp();
    ada = await createUser({ login: 'ada-r', displayName: 'Ada R' });
    grace = await createUser({ login: 'grace-r', displayName: 'Grace R' });
    sectionId = (await createSection({ name: 'Notes' })).id;
    await db.article.deleteMany({});
    // Three share one publication time: the id breaks the tie everywhere.
    await createArticle({ author: ada, title: 'One', publishedAt: noon(1), tags: ['b', 'a'] });
    await createArticle({ author: ada, title: 'Two', publishedAt: noon(2), tags: ['a'], sectionId });
    await createArticle({ author: grace, title: 'Three', publishedAt: noon(2), tags: ['b'] });
    await createArticle({ author: grace, title: 'Four', publishedAt: noon(2) });
    await createArticle({ author: ada, title: 'Five', publishedAt: new Date(Date.UTC(2024, 3, 1, 12)), tags: ['a'] });
    await createArticle({ author: ada, title: 'Draft', state: 'draft', tags: ['a'] });
    await createArticle({
      author: ada,
      title: 'Scheduled',
      publishedAt: new Date(Date.now() + 86_400_000),
      tags: ['a'],
    });
  });
  afterAll(() => t.close());

  it('lists visible articles newest first, ties broken by id, with author, section and tags', async () => {
    const { articles, hasOlder } = await listVisibleArticles({ kind: 'all' }, 1, 10);
    expect(articles.map((a) => a.title)).toEqual(['Five', 'Four', 'Three', 'Two', 'One']);
    expect(hasOlder).toBe(false);
    const two = articles.find((a) => a.title === 'Two')!;
    expect(two.author).toEqual({ login: 'ada-r', displayName: 'Ada R' });
    expect(two.section).toEqual({ slug: 'notes', name: 'Notes' });
    expect(two.taggings).toEqual([{ tag: { name: 'a', slug: 'a' } }]);
    expect(articles.find((a) => a.title === 'Four')!.taggings).toEqual([]);
    expect(articles.find((a) => a.title === 'Four')!.section).toBeNull();
    expect(articles[0]!.publishedAt).toBeInstanceOf(Date);
  });

  it('pages by reading one row more, never counting', async () => {
    expect(await listVisibleArticles({ kind: 'all' }, 1, 2)).toMatchObject({ hasOlder: true, page: 1 });
    expect(await titles({ kind: 'all' }, 3, 2)).toEqual(['One']);
    expect((await listVisibleArticles({ kind: 'all' }, 3, 2)).hasOlder).toBe(false);
    expect(await titles({ kind: 'all' }, 4, 2)).toEqual([]);
  });

  it('filters by tag, section, author and publication-day prefix', async () => {
    const tagA = await db.tag.findUniqueOrThrow({ where: { slug: 'a' } });
    expect(await titles({ kind: 'tag', tagId: tagA.id })).toEqual(['Five', 'Two', 'One']);
    expect(await titles({ kind: 'section', sectionId })).toEqual(['Two']);
    expect(await titles({ kind: 'author', authorId: grace.id })).toEqual(['Four', 'Three']);
    expect(await titles({ kind: 'days', prefix: '2024-03' })).toEqual(['Four', 'Three', 'Two', 'One']);
    expect(await titles({ kind: 'days', prefix: '2024-03-02' })).toEqual(['Four', 'Three', 'Two']);
    expect(await titles({ kind: 'days', prefix: '2024' })).toEqual(['Five', 'Four', 'Three', 'Two', 'One']);
    expect(await titles({ kind: 'days', prefix: '2023' })).toEqual([]);
  });

  it('finds a permalink with its neighbours across a tie in publication time', async () => {
    const found = await findVisibleByPermalink('2024-03-02', 'three');
    expect(found?.article.title).toBe('Three');
    expect(found?.previous?.title).toBe('Two');
    expect(found?.next?.title).toBe('Four');
    const first = await findVisibleByPermalink('2024-03-01', 'one');
    expect(first?.previous).toBeNull();
    expect(first?.next).toEqual({ title: 'Two', slug: 'two', publishedOn: '2024-03-02' });
    expect((await findVisibleByPermalink('2024-04-01', 'five'))?.next).toBeNull();
  });

  it('never returns drafts or scheduled articles', async () => {
    const hidden = await db.article.findMany({ where: { title: { in: ['Draft', 'Scheduled'] } } });
    expect(await findVisibleByIds(hidden.map((a) => a.id))).toEqual([]);
    const scheduled = hidden.find((a) => a.title === 'Scheduled')!;
    expect(await findVisibleByPermalink(scheduled.publishedOn!, scheduled.slug)).toBeNull();
    expect((await findVisibleByPermalink('2024-04-01', 'five'))?.next).toBeNull();
  });

  it('keeps tag pages in step with publishing, rescheduling and merging (the Tagging.publishedAt triggers)', async () => {
    const tagA = await db.tag.findUniqueOrThrow({ where: { slug: 'a' } });
    const two = await db.article.findFirstOrThrow({ where: { title: 'Two' } });
    const input = { title: 'Two', bodySource: two.bodySource, tags: ['a'], sectionId };
    await saveArticle({ ...input, state: 'draft' }, ada.id, two.id);
    expect(await titles({ kind: 'tag', tagId: tagA.id })).toEqual(['Five', 'One']);
    await saveArticle({ ...input, state: 'published', publishedAt: new Date(Date.now() + 86_400_000) }, ada.id, two.id);
    expect(await titles({ kind: 'tag', tagId: tagA.id })).toEqual(['Five', 'One']);
    await saveArticle(
      { ...input, state: 'published', publishedAt: new Date(Date.UTC(2024, 3, 2, 12)) },
      ada.id,
      two.id,
    );
    expect(await titles({ kind: 'tag', tagId: tagA.id })).toEqual(['Two', 'Five', 'One']);
    const tagB = await db.tag.findUniqueOrThrow({ where: { slug: 'b' } });
    await mergeTags(tagB.id, tagA.id);
    expect(await titles({ kind: 'tag', tagId: tagA.id })).toEqual(['Two', 'Five', 'Three', 'One']);
    expect(await titles({ kind: 'tag', tagId: tagA.id }, 2, 3)).toEqual(['One']);
  });
});

describe('page cache loaders on a larger blog', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('walks every article once, in id order, across the thousand-row batches of the baseline', async () => {
    const author = await createUser({ login: 'bulk' });
    const at = new Date(Date.UTC(2020, 0, 1));
    const rows = Array.from({ length: 2345 }, (_, i) => ({
      title: `Bulk ${i}`,
      slug: `bulk-${i}`,
      bodySource: 'x',
      bodyHtml: '<p>x</p>',
      state: 'published',
      publishedAt: at,
      publishedOn: '2020-01-01',
      authorId: author.id,
      createdAt: at,
      updatedAt: at,
    }));
    const [ids] = await database().bulkInsert([{ table: 'Article', rows }]);
    const walked: number[] = [];
    for await (const facts of eachArticleFacts()) walked.push(facts.id);
    expect(walked).toEqual([...walked].sort((a, b) => a - b));
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked).toEqual(expect.arrayContaining(ids!));
    expect(walked.length).toBe(await db.article.count());
  });
});

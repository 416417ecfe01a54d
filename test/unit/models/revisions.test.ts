import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { createUser, createArticle } from '#test/fixtures/factories.ts';
import { db, type Article, type User } from '#app/models/db.ts';
import { ValidationError } from '#app/models/validation.ts';
import { saveEdit, type ArticleEdit } from '#app/models/article/editing.ts';
import { publicationFor, parsePublishDate } from '#app/models/article/publishing.ts';
import { articleStatus } from '#app/models/article/visibility.ts';
import { keptSaveRevisions, listRevisions, restoreRevision } from '#app/models/article/revisions.ts';
import { autosave, startDraft, findAutosave } from '#app/models/article/autosave.ts';
import { diffHtml, revisionDiff } from '#app/models/article/revision-diff.ts';
import { findEditableArticle } from '#app/models/article/editing.ts';

const edit = (fields: Partial<ArticleEdit> = {}): ArticleEdit => ({
  title: 'A title',
  slug: '',
  excerpt: '',
  body: 'Body',
  textFilter: 'markdown',
  tags: '',
  sectionId: '',
  allowComments: true,
  publishedAt: '',
  ...fields,
});

describe('revisions', () => {
  let t: TestApp;
  let author: User, other: User;
  beforeAll(async () => {
    t = await startTestApp();
    author = await createUser({ role: 'author' });
    other = await createUser({ role: 'admin' });
  });
  afterAll(() => t.close());

  const saves = (articleId: number) =>
    db.revision.findMany({ where: { articleId, kind: 'save' }, orderBy: { id: 'asc' } });

  it(`keeps a revision per explicit save, and only the newest ${keptSaveRevisions}`, async () => {
    let article: Article = await saveEdit(edit({ title: 'Save 1', body: 'text 1' }), 'draft', author, null);
    for (let n = 2; n <= 25; n++)
      article = await saveEdit(edit({ title: `Save ${n}`, body: `text ${n}` }), 'draft', author, article);
    const kept = await saves(article.id);
    expect(kept).toHaveLength(20);
    expect(kept[0]).toMatchObject({
      title: 'Save 6',
      bodySource: 'text 6',
      textFilter: 'markdown',
      authorId: author.id,
    });
    expect(kept.at(-1)).toMatchObject({ title: 'Save 25', bodySource: 'text 25' });
  });

  it('keeps no revision when the save is refused', async () => {
    const article = await saveEdit(edit({ title: 'Refused later' }), 'draft', author, null);
    await expect(saveEdit(edit({ title: '' }), 'draft', author, article)).rejects.toBeInstanceOf(ValidationError);
    await expect(
      saveEdit(edit({ title: 'Past', publishedAt: '2000-01-01T00:00' }), 'schedule', author, article),
    ).rejects.toThrow(/already passed/);
    expect(await saves(article.id)).toHaveLength(1);
  });

  it('keeps one autosave per article and user, replaced each time, outside the 20 and never changing the article', async () => {
    const article = await saveEdit(edit({ title: 'Autosaved', body: 'saved body' }), 'publish', author, null);
    await autosave(article.id, author.id, {
      title: 'Autosaved',
      excerpt: '',
      body: 'typing 1',
      textFilter: 'markdown',
    });
    await autosave(article.id, author.id, { title: 'Autosaved', excerpt: '', body: 'typing 2', textFilter: 'bogus' });
    await autosave(article.id, other.id, { title: 'Autosaved', excerpt: '', body: 'admin typing', textFilter: 'none' });
    const autosaves = await db.revision.findMany({
      where: { articleId: article.id, kind: 'autosave' },
      orderBy: { id: 'asc' },
    });
    expect(autosaves.map((r) => [r.authorId, r.bodySource, r.textFilter])).toEqual([
      [author.id, 'typing 2', 'markdown'],
      [other.id, 'admin typing', 'none'],
    ]);
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).bodySource).toBe('saved body');

    // An explicit save retires the saver's autosave only.
    await saveEdit(edit({ title: 'Autosaved', body: 'typing 2' }), 'publish', author, article);
    expect(await findAutosave(article.id, author.id)).toBeNull();
    expect(await findAutosave(article.id, other.id)).not.toBeNull();
    for (let n = 0; n < 22; n++)
      await saveEdit(edit({ title: 'Autosaved', body: `again ${n}` }), 'publish', author, article);
    expect(await findAutosave(article.id, other.id)).toMatchObject({ bodySource: 'admin typing' });
  });

  it('starts a draft from a new article’s first autosave', async () => {
    const { article } = await startDraft(edit({ title: '  ', body: 'no title yet' }), author);
    expect(article).toMatchObject({ title: 'Untitled draft', state: 'draft', authorId: author.id });
    expect(await findAutosave(article.id, author.id)).toMatchObject({ title: '  ', bodySource: 'no title yet' });
    expect(await saves(article.id)).toHaveLength(0);
  });

  it('restores: the current text becomes a revision first, then the old text is applied, state unchanged', async () => {
    const at = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 16);
    const first = await saveEdit(
      edit({
        title: 'Old title',
        body: 'old body',
        excerpt: 'old excerpt',
        textFilter: 'none',
        tags: 'kept',
        publishedAt: at,
      }),
      'schedule',
      author,
      null,
    );
    const second = await saveEdit(
      edit({ title: 'New title', slug: first.slug, body: 'new body', tags: 'kept', publishedAt: at }),
      'schedule',
      author,
      first,
    );
    const [oldRevision] = await saves(first.id);
    const restored = await restoreRevision((await findEditableArticle(first.id, author))!, oldRevision!, other.id);
    expect(restored).toMatchObject({
      title: 'Old title',
      bodySource: 'old body',
      excerpt: 'old excerpt',
      textFilter: 'none',
      state: 'published',
      slug: second.slug,
      publishedOn: second.publishedOn,
    });
    expect(restored.publishedAt).toEqual(second.publishedAt);
    expect(articleStatus(restored)).toBe('scheduled');
    expect(await db.tagging.count({ where: { articleId: first.id } })).toBe(1);
    const kept = await saves(first.id);
    expect(kept).toHaveLength(3);
    expect(kept.at(-1)).toMatchObject({
      title: 'New title',
      bodySource: 'new body',
      textFilter: 'markdown',
      authorId: other.id,
    });
    expect((await listRevisions(first.id))[0]!.author).toMatchObject({ login: other.login });

    const draft = await saveEdit(edit({ title: 'Draft one', body: 'v1' }), 'draft', author, null);
    await saveEdit(edit({ title: 'Draft one', body: 'v2' }), 'draft', author, draft);
    const [v1] = await saves(draft.id);
    expect(await restoreRevision((await findEditableArticle(draft.id, author))!, v1!, author.id)).toMatchObject({
      state: 'draft',
      bodySource: 'v1',
      publishedOn: null,
    });
  });

  it('lets authors find only their own articles, admins any', async () => {
    const article = await createArticle({ author: other, title: 'The admin’s' });
    expect(await findEditableArticle(article.id, author)).toBeNull();
    expect(await findEditableArticle(article.id, other)).not.toBeNull();
    const own = await createArticle({ author, title: 'Own' });
    expect(await findEditableArticle(own.id, author)).not.toBeNull();
  });
});

describe('editor rules', () => {
  const now = new Date('2026-06-01T12:00:00Z');

  it('turns intents into state and time', () => {
    const past = new Date('2026-05-01T09:00:00Z');
    const future = new Date('2026-07-01T09:00:00Z');
    expect(publicationFor('draft', future, now)).toEqual({ state: 'draft', publishedAt: future });
    expect(publicationFor('unpublish', past, now)).toEqual({ state: 'draft', publishedAt: past });
    expect(publicationFor('publish', null, now)).toEqual({ state: 'published', publishedAt: now });
    expect(publicationFor('publish', past, now)).toEqual({ state: 'published', publishedAt: past });
    expect(publicationFor('publish', future, now)).toEqual({ state: 'published', publishedAt: now });
    expect(publicationFor('schedule', future, now)).toEqual({ state: 'published', publishedAt: future });
    expect(() => publicationFor('schedule', past, now)).toThrow(ValidationError);
    expect(() => publicationFor('schedule', now, now)).toThrow(/already passed/);
    expect(() => publicationFor('schedule', null, now)).toThrow(/Choose the date/);
  });

  it("reads datetime-local values in the blog's time zone and refuses anything else", () => {
    expect(parsePublishDate('', 'UTC')).toBeNull();
    expect(parsePublishDate('2026-03-04T05:06', 'UTC')).toEqual(new Date('2026-03-04T05:06:00Z'));
    expect(parsePublishDate('2026-03-04T05:06:07', 'UTC')).toEqual(new Date('2026-03-04T05:06:07Z'));
    expect(parsePublishDate('2026-03-04T05:06', 'Europe/Berlin')).toEqual(new Date('2026-03-04T04:06:00Z'));
    for (const bad of [
      'tomorrow',
      '2026-13-01T00:00',
      '2026-02-30T10:00',
      '2026-03-04',
      '2026-03-04T05:06Z',
      '1969-12-31T23:59',
    ])
      expect(() => parsePublishDate(bad, 'UTC')).toThrow(ValidationError);
  });

  it('refuses a time the clocks skip, and reads one they show twice as the first unless the stored date is the second', () => {
    expect(() => parsePublishDate('2026-03-29T02:30', 'Europe/Berlin')).toThrow(
      '2026-03-29 02:30 does not exist in Europe/Berlin',
    );
    expect(parsePublishDate('2026-10-25T02:30', 'Europe/Berlin')).toEqual(new Date('2026-10-25T00:30:00Z'));
    const second = new Date('2026-10-25T01:30:42Z');
    expect(parsePublishDate('2026-10-25T02:30', 'Europe/Berlin', second)).toEqual(new Date('2026-10-25T01:30:00Z'));
  });

  it('names the status: draft, published, scheduled', () => {
    expect(articleStatus({ state: 'draft', publishedAt: null }, now)).toBe('draft');
    expect(articleStatus({ state: 'published', publishedAt: new Date('2026-05-01T00:00:00Z') }, now)).toBe('published');
    expect(articleStatus({ state: 'published', publishedAt: new Date('2026-07-01T00:00:00Z') }, now)).toBe('scheduled');
  });

  it('renders a diff as escaped HTML with <del> and <ins>', () => {
    expect(diffHtml('a <b> & c', 'a <b> & c')).toBe('a &#60;b&#62; &#38; c');
    expect(diffHtml('The old "text"', 'The new "text"')).toBe('The <del>old</del><ins>new</ins> &#34;text&#34;');
    const fields = revisionDiff(
      { title: 'T', excerpt: '', bodySource: 'x', textFilter: 'markdown' },
      { title: 'T', excerpt: '', bodySource: 'y', textFilter: 'none' },
    );
    expect(fields.filter((f) => f.changed).map((f) => f.field)).toEqual(['bodySource', 'textFilter']);
  });
});

import { describe, it, expect } from 'vitest';
import { footprintOf, keysForArticleChange, listingsOf, relinked, type Footprint } from '#app/page-cache/footprint.ts';

const now = Date.parse('2024-06-01T00:00:00Z');
const base: Footprint = footprintOf(
  {
    id: 7,
    title: 'Hello',
    slug: 'hello',
    state: 'published',
    publishedAt: new Date('2024-03-02T10:00:00Z'),
    publishedOn: '2024-03-02',
    authorId: 1,
    sectionId: 4,
    commentsCount: 2,
    updatedAt: new Date('2024-03-02T10:00:00Z'),
    taggings: [{ tagId: 9 }, { tagId: 3 }],
  },
  now,
);
const change = (
  before: Footprint | undefined,
  after: Footprint | null,
  extra: { seenIn?: string[]; neighbours?: number[] } = {},
) =>
  keysForArticleChange({ id: 7, before, after, seenIn: extra.seenIn ?? [], neighbours: extra.neighbours ?? [] }).sort();

describe('article footprints', () => {
  it('list a visible article in its home, date, author, section and tag listings', () => {
    expect(listingsOf(base).sort()).toEqual([
      'list:author:1',
      'list:date:2024',
      'list:date:2024-03',
      'list:date:2024-03-02',
      'list:home',
      'list:section:4',
      'list:tag:3',
      'list:tag:9',
    ]);
    expect(listingsOf({ ...base, visible: false })).toEqual([]);
  });

  it('change nothing when nothing the cache depends on changed (a repeated sweep)', () => {
    expect(change(base, { ...base })).toEqual([]);
  });

  it('expire the pages showing an edited article and the sitemap, but no listing', () => {
    expect(change(base, { ...base, updatedAt: base.updatedAt + 1000 })).toEqual(['article:7', 'list:sitemap']);
  });

  it('expire only the listings an article joined or left, and the tag cloud', () => {
    expect(change(base, { ...base, tags: [3, 5] })).toEqual([
      'article:7',
      'list:sitemap',
      'list:tag:5',
      'list:tag:9',
      'list:tags',
    ]);
  });

  it('expire every listing of a published, moved or deleted article, the archives and the new neighbours', () => {
    const published = change({ ...base, visible: false }, base, { neighbours: [6, 8] });
    expect(published).toEqual(
      [
        ...listingsOf(base),
        'article:7',
        'list:archives',
        'list:comments',
        'list:neighbours-of:6',
        'list:neighbours-of:8',
        'list:sitemap',
        'list:tags',
      ].sort(),
    );
    const moved = change(base, { ...base, publishedAt: base.publishedAt! + 60_000 });
    expect(moved).toContain('list:home');
    expect(change(base, null)).toContain('list:date:2024-03-02');
  });

  it('fall back to the listings cached pages saw an unknown article in', () => {
    expect(change(undefined, null, { seenIn: ['list:home', 'list:tag:3'] })).toEqual([
      'article:7',
      'list:home',
      'list:sitemap',
      'list:tag:3',
      'list:tags',
    ]);
  });

  it('relink neighbours when the article moves or its title changes, not when its text does', () => {
    expect(relinked(base, { ...base, link: 'hello\tHello again' })).toBe(true);
    expect(relinked(base, { ...base, updatedAt: base.updatedAt + 1 })).toBe(false);
    expect(relinked({ ...base, visible: false }, { ...base, visible: false, publishedAt: 1 })).toBe(false);
  });
});

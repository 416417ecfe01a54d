import { describe, it, expect } from 'vitest';
import { sampleArticle } from '#prisma/seed/sample-content.ts';

describe('sample content', () => {
  const from = new Date('2019-01-01T00:00:00Z');
  const to = new Date('2026-01-01T00:00:00Z');

  it('is the same every time for the same article', () => {
    expect(sampleArticle(41, 1000, from, to)).toEqual(sampleArticle(41, 1000, from, to));
  });

  it('spreads articles over the years, oldest first, with unique slugs', () => {
    const articles = Array.from({ length: 1000 }, (_, i) => sampleArticle(i, 1000, from, to));
    const years = new Set(articles.map((a) => a.publishedAt.getUTCFullYear()));
    expect(years.size).toBeGreaterThanOrEqual(6);
    expect(articles.every((a, i) => i === 0 || a.publishedAt >= articles[i - 1]!.publishedAt)).toBe(true);
    expect(new Set(articles.map((a) => a.slug)).size).toBe(1000);
    expect(articles.some((a) => a.comments.length > 0 && a.comments.some((c) => c.status === 'approved'))).toBe(true);
  });
});

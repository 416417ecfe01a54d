import { describe, it, expect } from 'vitest';
import { parseDateRange, dayPrefix } from '#app/models/article/archive.ts';
import { publicationDay, toSlug } from '#app/models/article/permalink.ts';
import { searchWords } from '#app/models/article/search.ts';
import { countLinks } from '#app/models/comment/spam.ts';

describe('parseDateRange', () => {
  it.each([
    [['2024'], { year: 2024 }],
    [['2024', '2'], { year: 2024, month: 2 }],
    [['2024', '02', '29'], { year: 2024, month: 2, day: 29 }],
  ] as const)('parses %j', (args, expected) => {
    expect(parseDateRange(...(args as unknown as [string, string?, string?]))).toEqual(expected);
  });

  it.each([
    ['2023', '02', '29'],
    ['2024', '13'],
    ['2024', '0'],
    ['2024', '01', '32'],
    ['24'],
    ['1969'],
    ['2024', 'ab'],
    ['2024', '1', '1x'],
    ['20245'],
  ])('refuses %j', (...args) => {
    expect(parseDateRange(...(args as [string, string?, string?]))).toBeNull();
  });

  it('builds the publishedOn prefix', () => {
    expect(dayPrefix({ year: 2024, month: 3, day: 7 })).toBe('2024-03-07');
    expect(dayPrefix({ year: 2024, month: 11 })).toBe('2024-11');
  });
});

describe('publication rules', () => {
  it('takes the publication day in the blog’s time zone', () => {
    const late = new Date('2024-03-07T23:30:00Z');
    expect(publicationDay(late, 'UTC')).toBe('2024-03-07');
    expect(publicationDay(late, 'Europe/Paris')).toBe('2024-03-08');
    expect(publicationDay(late, 'America/New_York')).toBe('2024-03-07');
  });

  it('makes slugs from titles', () => {
    expect(toSlug('Hello, World!')).toBe('hello-world');
    expect(toSlug('Crème brûlée & “quotes”')).toBe('creme-brulee-and-quotes');
    expect(toSlug('!!!')).toBe('');
    // A script slugify cannot spell in ASCII still gets an address, the same for the same name.
    expect(toSlug('日本語')).toMatch(/^u-[0-9a-f]{8}$/);
    expect(toSlug(' 日本語 ')).toBe(toSlug('日本語'));
    expect(toSlug('日本語')).not.toBe(toSlug('中文'));
  });
});

describe('searchWords', () => {
  it('turns anything into plain words', () => {
    expect(searchWords('rails ajax')).toEqual(['rails', 'ajax']);
    expect(searchWords('"unbalanced NEAR(x y) OR *')).toEqual(['unbalanced', 'NEAR(x', 'y)', 'OR']);
    expect(searchWords('  ')).toEqual([]);
    expect(searchWords('* - ^')).toEqual([]);
  });
});

describe('countLinks', () => {
  it('counts URLs and anchors', () => {
    expect(countLinks('see http://a.example and https://b.example, www.c.example <a href=x>')).toBe(4);
    expect(countLinks('no links here')).toBe(0);
  });
});

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { createArticle, changeSettings } from '#test/fixtures/factories.ts';
import { ada } from '#test/fixtures/cast.ts';

describe('date archives', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const author = await ada();
    await changeSettings({ articlesPerPage: 2 });
    await createArticle({ author, title: 'Winter one', publishedAt: new Date('2023-01-05T10:00:00Z') });
    await createArticle({ author, title: 'Winter two', publishedAt: new Date('2023-01-05T11:00:00Z') });
    await createArticle({ author, title: 'Winter three', publishedAt: new Date('2023-01-20T10:00:00Z') });
    await createArticle({ author, title: 'Spring', publishedAt: new Date('2023-04-01T10:00:00Z') });
    await createArticle({ author, title: 'Next year', publishedAt: new Date('2024-06-01T10:00:00Z') });
    await createArticle({
      author,
      title: 'Unpublished in 2023',
      state: 'draft',
      publishedAt: new Date('2023-01-05T12:00:00Z'),
    });
  });
  afterAll(() => t.close());

  const titles = (html: string) => [...html.matchAll(/class="u-url" href="[^"]+">([^<]+)</g)].map((m) => m[1]);

  it('lists a year, a month and a day, paginated', async () => {
    expect(titles((await request(t.app).get('/2023').expect(200)).text)).toEqual(['Spring', 'Winter three']);
    expect(titles((await request(t.app).get('/2023/page/2').expect(200)).text)).toEqual(['Winter two', 'Winter one']);
    expect(titles((await request(t.app).get('/2023/01').expect(200)).text)).toEqual(['Winter three', 'Winter two']);
    expect(titles((await request(t.app).get('/2023/1/page/2').expect(200)).text)).toEqual(['Winter one']);
    expect(titles((await request(t.app).get('/2023/01/05').expect(200)).text)).toEqual(['Winter two', 'Winter one']);
    const res = await request(t.app).get('/2023/01/05').expect(200);
    expect(res.text).toContain('Articles from 5 January 2023');
    expect(res.text).not.toContain('Unpublished in 2023');
  });

  it('shows an empty archive for a valid date with no articles', async () => {
    const res = await request(t.app).get('/2022/02').expect(200);
    expect(res.text).toContain('Nothing has been published here yet.');
  });

  it.each([
    '/2023/13',
    '/2023/00',
    '/2023/02/29',
    '/2023/01/32',
    '/12345',
    '/1969',
    '/2023/01/05/page/2',
    '/2023/page/0',
    '/2023/01/page/x',
    '/nonsense/01',
  ])('answers %s with a themed 404', async (path) => {
    const res = await request(t.app).get(path).expect(404);
    expect(res.text).toContain('class="error-page"');
  });

  it('accepts a real leap day', async () => {
    await request(t.app).get('/2024/02/29').expect(200);
  });

  it('lists every month with its count, grouped by year, at /archives', async () => {
    const res = await request(t.app).get('/archives').expect(200);
    const html = res.text.replace(/\s+/g, ' ');
    expect(html).toMatch(/<a href="\/2024">2024<\/a> <small>\(1 article\)<\/small>/);
    expect(html).toMatch(/<a href="\/2023">2023<\/a> <small>\(4 articles\)<\/small>/);
    expect(html).toMatch(/<a href="\/2023\/01">January<\/a> <span class="count">3<\/span>/);
    expect(html).toMatch(/<a href="\/2023\/04">April<\/a> <span class="count">1<\/span>/);
    expect(html.indexOf('/2024"')).toBeLessThan(html.indexOf('/2023"'));
  });
});

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { createArticle, changeSettings } from '#test/fixtures/factories.ts';
import { ada } from '#test/fixtures/cast.ts';
import { saveArticle } from '#app/models/article.ts';

describe('GET /search', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await changeSettings({ articlesPerPage: 2 });
    const author = await ada();
    await createArticle({
      author,
      title: 'Caching pages',
      bodySource: 'Page caching makes blogs fast. <b>bold</b>',
      publishedAt: new Date('2024-01-01T00:00:00Z'),
    });
    await createArticle({
      author,
      title: 'Other things',
      bodySource: 'A note that mentions caching once.',
      publishedAt: new Date('2024-01-02T00:00:00Z'),
    });
    await createArticle({
      author,
      title: 'Caching again',
      bodySource: 'More caching and caching.',
      publishedAt: new Date('2024-01-03T00:00:00Z'),
    });
    await createArticle({ author, title: 'Secret caching draft', bodySource: 'caching', state: 'draft' });
    await createArticle({
      author,
      title: 'Future caching',
      bodySource: 'caching',
      publishedAt: new Date(Date.now() + 86_400_000),
    });
  });
  afterAll(() => t.close());

  const titles = (html: string) => [...html.matchAll(/<h2><a href="[^"]+">([^<]+)<\/a><\/h2>/g)].map((m) => m[1]);

  it('ranks title matches first and highlights the words', async () => {
    const res = await request(t.app).get('/search?q=caching').expect(200);
    expect(res.text).toContain('3 articles found for “caching”');
    expect(titles(res.text)).toHaveLength(2);
    expect(titles(res.text)[0]).toMatch(/^Caching/);
    expect(res.text).toContain('<mark>caching</mark>');
    const page2 = await request(t.app).get('/search?q=caching&page=2').expect(200);
    expect(titles(page2.text)).toEqual(['Other things']);
  });

  it.each(['default', 'minimal'])(
    'labels ranked results as pages of results, not newer/older, in the %s theme',
    async (theme) => {
      await changeSettings({ theme });
      try {
        const first = (await request(t.app).get('/search?q=caching').expect(200)).text;
        expect(first).toContain('Next results →');
        expect(first).not.toMatch(/Older|Newer/);
        const second = (await request(t.app).get('/search?q=caching&page=2').expect(200)).text;
        expect(second).toContain('← Previous results');
        expect(second).toContain('Results page 2');
        expect(second).not.toMatch(/Older|Newer/);
      } finally {
        await changeSettings({ theme: 'default' });
      }
    },
  );

  it('never finds drafts or scheduled articles', async () => {
    const res = await request(t.app).get('/search?q=secret+future').expect(200);
    expect(res.text).toContain('0 articles found');
  });

  it('escapes snippets, so text that reads as markup is shown as text', async () => {
    await createArticle({ title: 'Tags in code', bodySource: 'Writing `<script>alert(1)</script>` shows a tag.' });
    const res = await request(t.app).get('/search?q=alert').expect(200);
    expect(res.text).toContain('&#60;script&#62;<mark>alert</mark>(1)&#60;/script&#62;');
    expect(res.text).not.toContain('<script>alert');
  });

  it('quotes the rendered text with the match highlighted: no Markdown, never the title', async () => {
    await createArticle({
      title: 'Fenced marsupial thoughts',
      bodySource:
        'Some *emphasis* and [a link](https://example.com/quokka-url).\n\n```js\nconst quokka = 1;\n```\n\nThe **quokka** smiles.',
    });
    const snippet = (html: string) => html.match(/<p class="snippet">([\s\S]*?)<\/p>/)![1]!;
    const body = snippet((await request(t.app).get('/search?q=quokka').expect(200)).text);
    expect(body).toContain('<mark>quokka</mark>');
    expect(body).toContain('Some emphasis and a link.');
    expect(body).not.toMatch(/[*`]|\]\(|https:/);
    const titleOnly = snippet((await request(t.app).get('/search?q=marsupial').expect(200)).text);
    expect(titleOnly).not.toContain('marsupial');
    expect(titleOnly).toContain('Some emphasis');
  });

  it('quotes the excerpt when the match is there', async () => {
    await createArticle({ title: 'With a summary', excerpt: 'A _wombat_ summary.', bodySource: 'The body.' });
    const res = await request(t.app).get('/search?q=wombat').expect(200);
    expect(res.text).toContain('A <mark>wombat</mark> summary.');
  });

  it('keeps the index in sync when an article is edited', async () => {
    const article = await createArticle({ title: 'Renamable', bodySource: 'zebra' });
    expect((await request(t.app).get('/search?q=zebra').expect(200)).text).toContain('1 article found');
    await saveArticle(
      { title: 'Renamed', bodySource: 'giraffe', state: 'published', publishedAt: article.publishedAt },
      article.authorId,
      article.id,
    );
    expect((await request(t.app).get('/search?q=zebra').expect(200)).text).toContain('0 articles found');
    expect((await request(t.app).get('/search?q=giraffe').expect(200)).text).toContain('1 article found');
  });

  it.each(['"', 'caching AND', 'NEAR(a b)', '*', 'caching OR -x', 'title:caching', '^caching', '(((', "caching' --"])(
    'treats %j as words, never FTS syntax',
    async (q) => {
      await request(t.app)
        .get(`/search?q=${encodeURIComponent(q)}`)
        .expect(200);
    },
  );

  it('shows the search form for an empty query', async () => {
    const res = await request(t.app).get('/search').expect(200);
    expect(res.text).toContain('name="q"');
    expect(res.text).not.toContain('found for');
  });

  it('refuses bad input with a clear 4xx', async () => {
    expect(
      (
        await request(t.app)
          .get(`/search?q=${'a'.repeat(201)}`)
          .expect(400)
      ).text,
    ).toContain('Search for at most 200 characters');
    await request(t.app).get('/search?q=caching&page=0').expect(404);
    await request(t.app).get('/search?q=caching&page=x').expect(404);
    await request(t.app).get('/search?q=caching&page=9').expect(404);
    await request(t.app).get('/search?q=a&q=b').expect(200);
  });
});

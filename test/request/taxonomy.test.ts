import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { createArticle, createSection, createPage, changeSettings } from '#test/fixtures/factories.ts';
import { ada, grace } from '#test/fixtures/cast.ts';

describe('tags, sections, authors and pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await changeSettings({ articlesPerPage: 2 });
    const [a, g] = [await ada(), await grace()];
    const essays = await createSection({ name: 'Essays', position: 1 });
    const about = await createPage({ title: 'About me', slug: 'about', bodySource: 'I write *things*.' });
    await createSection({ name: 'About', slug: 'about-section', style: 'page', pageId: about.id, position: 2 });
    await createSection({ name: 'Empty page section', slug: 'nopage', style: 'page', position: 3 });
    await createArticle({
      author: a,
      title: 'Ruby one',
      tags: ['Ruby', 'Web Dev'],
      sectionId: essays.id,
      publishedAt: new Date('2024-01-01T10:00:00Z'),
    });
    await createArticle({ author: a, title: 'Ruby two', tags: 'ruby', publishedAt: new Date('2024-01-02T10:00:00Z') });
    await createArticle({
      author: g,
      title: 'Ruby three',
      tags: ['ruby'],
      sectionId: essays.id,
      publishedAt: new Date('2024-01-03T10:00:00Z'),
    });
    await createArticle({ author: g, title: 'Ruby draft', tags: ['ruby', 'secret'], state: 'draft' });
    await createArticle({
      author: g,
      title: 'Ruby later',
      tags: ['upcoming'],
      publishedAt: new Date(Date.now() + 86_400_000),
    });
  });
  afterAll(() => t.close());

  const titles = (html: string) => [...html.matchAll(/class="u-url" href="[^"]+">([^<]+)</g)].map((m) => m[1]);

  it('lists a tag’s articles, paginated, with its feeds linked', async () => {
    const res = await request(t.app).get('/tag/ruby').expect(200);
    expect(titles(res.text)).toEqual(['Ruby three', 'Ruby two']);
    expect(res.text).toContain('Articles tagged “Ruby”');
    expect(res.text).toContain('href="/tag/ruby.atom"');
    expect(titles((await request(t.app).get('/tag/ruby/page/2').expect(200)).text)).toEqual(['Ruby one']);
    await request(t.app).get('/tag/ruby/page/3').expect(404);
    await request(t.app).get('/tag/nope').expect(404);
  });

  it('answers a tag only drafts or scheduled articles carry exactly as an unknown tag, feeds included', async () => {
    // Each error page names its own request id; everything else must match.
    const same = (text: string, tag: string) =>
      text.replaceAll(tag, 'nosuchtag').replace(/(<code class="request-id">)[^<]*/, '$1');
    const unknown = await request(t.app).get('/tag/nosuchtag').expect(404);
    for (const hidden of ['secret', 'upcoming']) {
      const res = await request(t.app).get(`/tag/${hidden}`).expect(404);
      expect(same(res.text, hidden)).toBe(same(unknown.text, 'nosuchtag'));
      for (const feed of [`/tag/${hidden}.atom`, `/tag/${hidden}.rss`, `/tag/${hidden}/page/2`]) {
        const other = await request(t.app).get(feed).expect(404);
        expect(same(other.text, hidden)).toBe(
          same((await request(t.app).get(feed.replace(hidden, 'nosuchtag')).expect(404)).text, 'nosuchtag'),
        );
      }
    }
  });

  it('shows the tag cloud with counts of visible articles only', async () => {
    const res = await request(t.app).get('/tags').expect(200);
    expect(res.text).toMatch(/href="\/tag\/ruby">Ruby<\/a> <span class="count">3<\/span>/);
    expect(res.text).toMatch(/href="\/tag\/web-dev">Web Dev<\/a>/);
    expect(res.text).not.toContain('secret');
  });

  it('lists a blog section and shows a page section’s page', async () => {
    expect(titles((await request(t.app).get('/section/essays').expect(200)).text)).toEqual(['Ruby three', 'Ruby one']);
    const page = await request(t.app).get('/section/about-section').expect(200);
    expect(page.text).toContain('I write <em>things</em>.');
    await request(t.app).get('/section/nopage').expect(404);
    await request(t.app).get('/section/missing').expect(404);
  });

  it('shows sections in the navigation, in order', async () => {
    const res = await request(t.app).get('/').expect(200);
    expect(res.text.indexOf('href="/section/essays"')).toBeGreaterThan(0);
    expect(res.text.indexOf('href="/section/essays"')).toBeLessThan(res.text.indexOf('href="/section/about-section"'));
  });

  it('lists an author’s articles', async () => {
    const res = await request(t.app).get('/author/grace').expect(200);
    expect(titles(res.text)).toEqual(['Ruby three']);
    expect(res.text).toContain('Articles by Grace Hopper');
    await request(t.app).get('/author/nobody').expect(404);
    await request(t.app).get('/author/ada/page/0').expect(404);
  });

  it('shows static pages', async () => {
    const res = await request(t.app).get('/pages/about').expect(200);
    expect(res.text).toContain('<h1>About me</h1>');
    await request(t.app).get('/pages/missing').expect(404);
  });
});

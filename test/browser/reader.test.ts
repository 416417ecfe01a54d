import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startBrowserSite, step, type BrowserSite } from '#test/support/browser.ts';
import { createArticle, changeSettings } from '#test/fixtures/factories.ts';
import { ada } from '#test/fixtures/cast.ts';

describe('a reader in a real browser', () => {
  let site: BrowserSite;
  beforeAll(async () => {
    site = await startBrowserSite();
    await changeSettings({ commentPolicy: 'moderate-all', blogTitle: 'Browser Blog' });
    await createArticle({
      author: await ada(),
      title: 'Read me in Chromium',
      bodySource: 'Some **bold** words.',
      tags: ['browsers'],
      publishedAt: new Date('2024-02-02T10:00:00Z'),
    });
  });
  afterAll(() => site.close());

  it('browses from the home page to an article and leaves a comment that waits for moderation', async () => {
    const page = await site.newPage();
    await step(page, 'reader-home', async () => {
      await page.goto('/');
      expect(await page.title()).toBe('Browser Blog');
      await page.getByRole('link', { name: 'Read me in Chromium' }).first().click();
      await page.waitForURL('**/2024/02/02/read-me-in-chromium');
      expect(await page.locator('h1').textContent()).toBe('Read me in Chromium');
    });
    await step(page, 'reader-comment', async () => {
      await page.fill('#comment-name', 'Chromium Reader');
      await page.fill('#comment-body', 'Written in a *real* browser.');
      // The honeypot is invisible to people and stays empty.
      const trap = await page.locator('#comment-homepage').boundingBox();
      expect(trap!.x + trap!.width).toBeLessThanOrEqual(0);
      await page.click('button:has-text("Preview comment")');
      await page.click('button:has-text("Post comment")');
      await page.waitForURL('**?comment=held#comments');
      expect(await page.locator('.notice').textContent()).toContain('awaiting moderation');
    });
    await step(page, 'reader-tag', async () => {
      await page.click('a[rel="tag"]:has-text("browsers")');
      await page.waitForURL('**/tag/browsers');
      const atomLinks = page.locator('link[rel="alternate"][type="application/atom+xml"]');
      expect([await atomLinks.nth(0).getAttribute('href'), await atomLinks.nth(1).getAttribute('href')]).toEqual([
        '/articles.atom',
        '/tag/browsers.atom',
      ]);
    });
  });

  it('offers the blog’s feed first on an article, before its comment feeds', async () => {
    const page = await site.newPage();
    await step(page, 'reader-article-feeds', async () => {
      await page.goto('/2024/02/02/read-me-in-chromium');
      const advertised = await page
        .locator('link[rel="alternate"]')
        .evaluateAll((links) => links.map((l) => l.getAttribute('href')));
      expect(advertised).toEqual([
        '/articles.atom',
        '/articles.rss',
        '/2024/02/02/read-me-in-chromium.atom',
        '/2024/02/02/read-me-in-chromium.rss',
      ]);
      const subscribe = page.locator('.sidebar .feeds a');
      expect(await subscribe.first().getAttribute('href')).toBe('/articles.atom');
      expect(await subscribe.first().textContent()).toBe('Browser Blog: articles (Atom)');
    });
  });
});

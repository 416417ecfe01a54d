import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startBrowserSite, step, type BrowserSite } from '#test/support/browser.ts';
import { createArticle, changeSettings } from '#test/fixtures/factories.ts';
import { ada } from '#test/fixtures/cast.ts';

describe('a reader in a real browser', () => {
  let site: BrowserSite;
  beforeAll(async () => {
    site = await startBrowserSite();
    await changeSettings({ commentPolicy: 'moderate-all', blogTitle: 'Browser Blog' });
    await createArticle({ author: await ada(), title: 'Read me in Chromium', bodySource: 'Some **bold** words.', tags: ['browsers'], publishedAt: new Date('2024-02-02T10:00:00Z') });
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
      expect(await page.locator('link[rel="alternate"][type="application/atom+xml"]').first().getAttribute('href')).toBe('/tag/browsers.atom');
    });
  });
});

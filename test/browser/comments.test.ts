import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startBrowserSite, step, type BrowserSite } from '#test/support/browser.ts';
import { createArticle, changeSettings } from '#test/fixtures/factories.ts';
import { ada } from '#test/fixtures/cast.ts';
import { db } from '#app/models/db.ts';

/** Whether the element is wholly inside the window, as the reader sees it. */
async function inViewport(locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const size = locator.page().viewportSize()!;
  return box !== null && box.y >= 0 && box.y + box.height <= size.height;
}

describe('commenting in a real browser, without JavaScript', () => {
  let site: BrowserSite;
  let page: Page;
  const articleUrl = '/2024/03/02/a-long-read';

  beforeAll(async () => {
    site = await startBrowserSite();
    await changeSettings({ commentPolicy: 'moderate-all', blogTitle: 'Comment Blog' });
    const author = await ada();
    await createArticle({ author, title: 'The one before', publishedAt: new Date('2024-03-01T10:00:00Z') });
    // Long enough that the comment form starts well below the fold.
    await createArticle({
      author,
      title: 'A long read',
      bodySource: 'A paragraph that goes on.\n\n'.repeat(60),
      publishedAt: new Date('2024-03-02T10:00:00Z'),
    });
    await createArticle({ author, title: 'The one after', publishedAt: new Date('2024-03-03T10:00:00Z') });
    // A reader who browses without JavaScript gets the whole path.
    page = await site.browser.newPage({
      baseURL: site.url,
      viewport: { width: 1200, height: 900 },
      javaScriptEnabled: false,
    });
    page.setDefaultTimeout(15_000);
  });
  afterAll(() => site.close());

  it('previews a comment, then posts it', async () => {
    await step(page, 'comment-preview', async () => {
      await page.goto(articleUrl);
      await page.fill('#comment-name', 'Careful Reader');
      await page.fill('#comment-body', 'Seen *before* posting.');
      await page.click('button:has-text("Preview comment")');
      await page.waitForURL('**/comments/preview#comment-form');
      expect(await page.locator('.comment-preview .comment-body em').textContent()).toBe('before');
      expect(await inViewport(page.locator('.comment-preview .comment-body'))).toBe(true);
      expect(await db.comment.count({ where: { authorName: 'Careful Reader' } })).toBe(0);
    });
    await step(page, 'comment-post', async () => {
      await page.click('button:has-text("Post comment")');
      await page.waitForURL('**?comment=held#comments');
      expect(await page.locator('.notice').textContent()).toContain('awaiting moderation');
      expect(await db.comment.count({ where: { authorName: 'Careful Reader' } })).toBe(1);
    });
  });

  it('lands a refused comment on the form, the error in view, the text kept and the navigation there', async () => {
    await step(page, 'comment-refused', async () => {
      await page.goto(articleUrl);
      await page.fill('#comment-body', 'Words without a name.');
      await page.click('button:has-text("Preview comment")');
      await page.waitForURL('**/comments/preview#comment-form');
      const error = page.locator('.comment-form .field-error');
      expect(await error.textContent()).toBe('Please give your name.');
      expect(await inViewport(error)).toBe(true);
      expect(await inViewport(page.locator('.comment-form .form-error'))).toBe(true);
      expect(await page.inputValue('#comment-body')).toBe('Words without a name.');
      expect(await page.locator('a[rel="prev"]').textContent()).toContain('The one before');
      expect(await page.locator('a[rel="next"]').textContent()).toContain('The one after');
    });
    await step(page, 'comment-refused-on-preview', async () => {
      await page.fill('#comment-name', 'Named Now');
      await page.click('button:has-text("Preview comment")');
      await page.waitForURL('**/comments/preview#comment-form');
      await page.fill('#comment-name', '');
      await page.click('button:has-text("Post comment")');
      await page.waitForURL('**/comments#comment-form');
      const error = page.locator('.comment-form .field-error');
      expect(await error.textContent()).toBe('Please give your name.');
      expect(await inViewport(error)).toBe(true);
      expect(await page.inputValue('#comment-body')).toBe('Words without a name.');
    });
  });
});

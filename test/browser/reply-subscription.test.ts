import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { startBrowserSite, step, type BrowserSite } from '#test/support/browser.ts';
import { createArticle, changeSettings } from '#test/fixtures/factories.ts';
import { ada } from '#test/fixtures/cast.ts';
import { db } from '#app/models/db.ts';

// The reader's side of a reply subscription in a real browser, without
// JavaScript, in the minimal theme: the box on the form, kept on the
// preview, and the confirmation link's page, whose button confirms.
describe('asking to be mailed about replies, in a real browser', () => {
  let site: BrowserSite;
  let page: Page;

  beforeAll(async () => {
    site = await startBrowserSite();
    await changeSettings({ commentPolicy: 'open', theme: 'minimal', replySubscriptions: true });
    await createArticle({ author: await ada(), title: 'Worth a reply', publishedAt: new Date('2024-05-06T10:00:00Z') });
    page = await site.browser.newPage({ baseURL: site.url, javaScriptEnabled: false });
    page.setDefaultTimeout(15_000);
  });
  afterAll(() => site.close());

  it('ticks the box, posts, and confirms from the mail’s link with the page’s button', async () => {
    await step(page, 'reply-subscription-form', async () => {
      await page.goto('/2024/05/06/worth-a-reply');
      await page.fill('#comment-name', 'Curious');
      await page.fill('#comment-email', 'curious@example.net');
      await page.fill('#comment-body', 'Tell me what others say.');
      await page.check('#comment-subscribe');
      await page.click('button:has-text("Preview comment")');
      await page.waitForURL('**/comments/preview#comment-form');
      expect(await page.isChecked('#comment-subscribe')).toBe(true);
      await page.click('button:has-text("Post comment")');
      await page.waitForURL(/#comment-\d+$/);
    });
    const mail = await db.notification.findFirstOrThrow({ where: { purpose: 'subscription' } });
    expect(mail.recipient).toBe('curious@example.net');
    const link = new URL(/http:\/\/blog\.test\/subscriptions\/\S+\/confirmation/.exec(mail.body)![0]).pathname;
    await step(page, 'reply-subscription-confirm', async () => {
      await page.goto(link);
      expect(await page.locator('h1').textContent()).toBe('Confirm your subscription');
      expect(await page.locator('link[href*="minimal.css"]').count()).toBe(1);
      expect(await db.replySubscription.count({ where: { confirmedAt: { not: null } } })).toBe(0);
      await page.click('button:has-text("Confirm")');
      // The answer is a page at the same address: wait for its heading.
      await page.locator('h1', { hasText: 'Subscription confirmed' }).waitFor();
      expect(await db.replySubscription.count({ where: { confirmedAt: { not: null } } })).toBe(1);
    });
  });
});

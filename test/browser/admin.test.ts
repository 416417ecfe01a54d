import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import { startBrowserSite, step, type BrowserSite } from '#test/support/browser.ts';
import { testPassword } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';
import { createArticle } from '#test/fixtures/factories.ts';
import type { Page } from 'playwright-core';

const image = path.resolve(import.meta.dirname, '../fixtures/files/sample.png');
const adminPassword = 'a long and happy passphrase';
// Only that the feed has entries matters here, not their shape.
const atomDocument = z.object({ feed: z.object({ entry: z.unknown() }) });

async function signIn(page: Page, login: string, password: string) {
  await page.goto('/admin/sign-in');
  await page.fill('#login', login);
  await page.fill('#password', password);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL('**/admin');
}

describe('the author’s admin in a real browser', () => {
  let site: BrowserSite;
  beforeAll(async () => (site = await startBrowserSite()));
  afterAll(() => site.close());

  it('first-run setup → sign in → write with preview → upload and insert an image → publish, then it is on the home page, its archive and the feed', async () => {
    const page = await site.newPage();
    await step(page, 'setup', async () => {
      await page.goto('/admin');
      await page.waitForURL('**/admin/setup');
      await page.fill('#login', 'ada');
      await page.fill('#displayName', 'Ada Lovelace');
      await page.fill('#email', 'ada@example.com');
      await page.fill('#password', adminPassword);
      await page.fill('#passwordConfirmation', adminPassword);
      await page.click('button:has-text("Create account")');
      await page.waitForURL('**/admin');
      await page.click('button:has-text("Sign out")');
      await signIn(page, 'ada', adminPassword);
    });
    await step(page, 'write-with-preview', async () => {
      await page.goto('/admin/articles/new');
      await page.fill('#article-title', 'Hello from Chromium');
      await page.fill('#article-body', 'This is **live**.\n\n');
      const preview = page.frameLocator('#article-preview');
      await expect
        .poll(
          async () =>
            preview
              .locator('strong')
              .first()
              .textContent()
              .catch(() => null),
          { timeout: 15_000 },
        )
        .toBe('live');
      expect(await preview.locator('h1').first().textContent()).toContain('Hello from Chromium');
    });
    await step(page, 'upload-and-insert', async () => {
      await page.locator('[data-asset-picker] input[type="file"]').setInputFiles(image);
      const insert = page.locator('.asset-picker-item button:has-text("Insert")').first();
      await insert.waitFor();
      await page
        .locator('#article-body')
        .evaluate((textarea: HTMLTextAreaElement) =>
          textarea.setSelectionRange(textarea.value.length, textarea.value.length),
        );
      await insert.click();
      await expect
        .poll(() => page.inputValue('#article-body'))
        .toMatch(/!\[[^\]]*\]\(\/uploads\/\d{4}\/\d{2}\/[0-9a-f]+\.png\)/);
    });
    const url = await step(page, 'publish', async () => {
      await page.fill('#article-tags', 'chromium, tests');
      await page.click('button[name="intent"][value="publish"]');
      await page.waitForURL(/\/admin\/articles\/\d+\/edit/);
      expect(await page.locator('#article-status').textContent()).toContain('published');
      await page.goto('/');
      const link = page.getByRole('link', { name: 'Hello from Chromium' }).first();
      const href = await link.getAttribute('href');
      await link.click();
      await page.waitForURL(`**${href}`);
      const src = await page.locator('.body img').first().getAttribute('src');
      const img = await page.request.get(src!);
      expect(img.status()).toBe(200);
      expect(img.headers()['content-type']).toBe('image/png');
      return href!;
    });
    await step(page, 'archive-and-feed', async () => {
      const month = url.split('/').slice(0, 3).join('/');
      await page.goto(month);
      expect(await page.getByRole('link', { name: 'Hello from Chromium' }).count()).toBeGreaterThan(0);
      const feed = await page.request.get('/articles.atom');
      const entries = [atomDocument.parse(new XMLParser().parse(await feed.text())).feed.entry].flat();
      expect(JSON.stringify(entries)).toContain('Hello from Chromium');
    });
  });

  it('a reader comments, the admin approves it, and it shows on the article', async () => {
    const article = await createArticle({ title: 'Discuss me' });
    const articleUrl = `/${article.publishedOn!.replaceAll('-', '/')}/${article.slug}`;
    const reader = await site.newPage();
    await step(reader, 'reader-comments', async () => {
      await reader.goto(articleUrl);
      await reader.fill('#comment-name', 'Curious Reader');
      await reader.fill('#comment-email', 'curious@example.org');
      await reader.fill('#comment-body', 'A thoughtful remark.');
      await reader.click('button:has-text("Preview comment")');
      await reader.click('button:has-text("Post comment")');
      await reader.waitForURL('**?comment=held#comments');
    });
    const admin = await site.newPage();
    await step(admin, 'admin-approves', async () => {
      await signIn(admin, 'ada', adminPassword);
      await admin.goto('/admin/comments?status=pending');
      await admin.locator('li, tr', { hasText: 'A thoughtful remark.' }).locator('input[name="ids"]').first().check();
      await admin.click('button:has-text("Approve")');
      await admin.waitForLoadState();
    });
    await step(reader, 'comment-shows', async () => {
      await reader.goto(articleUrl);
      expect(await reader.locator('.comment-body').allTextContents()).toContain('A thoughtful remark.\n');
      expect(await reader.locator('#comments h2').textContent()).toContain('1 comment');
    });
  });

  it('switching the theme changes the public page', async () => {
    const admin = await site.newPage();
    await step(admin, 'theme-switch', async () => {
      await signIn(admin, 'ada', adminPassword);
      await admin.goto('/admin/themes');
      await admin.click('button:has-text("Use Minimal")');
      await admin.waitForLoadState();
      await admin.goto('/');
      expect(await admin.locator('html').getAttribute('class')).toBe('theme-minimal');
      expect(await admin.locator('link[rel="stylesheet"]').getAttribute('href')).toContain(
        '/themes/minimal/assets/minimal.css',
      );
      await admin.goto('/admin/themes');
      await admin.click('button:has-text("Use Default")');
    });
  });

  it('an author cannot reach the settings', async () => {
    await cast.grace();
    const author = await site.newPage();
    await step(author, 'author-settings', async () => {
      await signIn(author, 'grace', testPassword);
      expect(await author.locator('nav a[href="/admin/settings"]').count()).toBe(0);
      const response = await author.goto('/admin/settings');
      expect(response!.status()).toBe(403);
      expect(await author.locator('.form-error').textContent()).toContain('Only an administrator');
    });
  });
});

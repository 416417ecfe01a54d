import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { startBrowserSite, step, type BrowserSite } from '#test/support/browser.ts';
import { testPassword } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';
import { changeSettings } from '#test/fixtures/factories.ts';
import { db } from '#app/models/db.ts';

const exifJpeg = path.resolve(import.meta.dirname, '../fixtures/files/exif-gps-php.jpg');

describe('uploads and times in a real browser', () => {
  let site: BrowserSite;
  beforeAll(async () => {
    site = await startBrowserSite();
    await cast.ada();
    await changeSettings({ timeZone: 'Europe/Berlin' });
  });
  afterAll(() => site.close());

  it('the library form uploads with its token in the body, never in an address the browser requested', async () => {
    const page = await site.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await step(page, 'library-upload', async () => {
      await page.goto('/admin/sign-in');
      await page.fill('#login', 'ada');
      await page.fill('#password', testPassword);
      await page.click('button:has-text("Sign in")');
      await page.waitForURL('**/admin');
      await page.goto('/admin/assets');
      await page.setInputFiles('#asset-files', exifJpeg);
      await page.click('.asset-upload-form button[type="submit"]');
      await page.waitForURL('**/admin/assets');
      expect(await page.locator('.flash').first().textContent()).toContain('Uploaded “exif-gps-php.jpg”.');
    });
    expect(await db.asset.count({ where: { originalName: 'exif-gps-php.jpg' } })).toBe(1);
    expect(requested.filter((url) => /[?&]_csrf=/.test(url))).toEqual([]);
  });

  it('the editor takes the publish date as Berlin wall time and shows it back', async () => {
    const page = await site.newPage();
    await step(page, 'editor-time-zone', async () => {
      await page.goto('/admin/sign-in');
      await page.fill('#login', 'ada');
      await page.fill('#password', testPassword);
      await page.click('button:has-text("Sign in")');
      await page.waitForURL('**/admin');
      await page.goto('/admin/articles/new');
      expect(await page.locator('label[for="article-published-at"]').textContent()).toContain('Europe/Berlin time');
      await page.fill('#article-title', 'Midsummer morning');
      // The autosave status line names the time in the blog's zone too, not the browser's.
      await expect
        .poll(() => page.locator('#editor-status').textContent(), { timeout: 20_000 })
        .toMatch(/^Autosaved at \d{2}:\d{2} CES?T\.$/);
      await page.fill('#article-published-at', '2031-06-21T09:30');
      await page.click('button[name="intent"][value="schedule"]');
      await page.waitForURL(/\/admin\/articles\/\d+\/edit/);
      expect(await page.locator('.flash').first().textContent()).toContain('Scheduled for 21 June 2031 at 09:30 CEST.');
      expect(await page.inputValue('#article-published-at')).toBe('2031-06-21T09:30');
    });
    expect((await db.article.findFirstOrThrow({ where: { title: 'Midsummer morning' } })).publishedAt).toEqual(
      new Date('2031-06-21T07:30:00Z'),
    );
  });
});

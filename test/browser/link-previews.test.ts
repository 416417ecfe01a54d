import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startBrowserSite, step, type BrowserSite } from '#test/support/browser.ts';
import { testPassword } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';
import { changeSettings, createArticle } from '#test/fixtures/factories.ts';
import { storeFixture } from '#test/support/uploads.ts';
import { articlePath } from '#app/helpers/permalinks.ts';
import { db } from '#app/models/db.ts';
import type { Page } from 'playwright-core';

/** Relative luminance (WCAG) of a computed CSS colour like "rgb(22, 24, 26)". */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

describe('dark mode and the cover picker in a real browser', () => {
  let site: BrowserSite;
  let path: string;

  beforeAll(async () => {
    site = await startBrowserSite();
    const ada = await cast.ada();
    path = articlePath(
      await createArticle({ author: ada, title: 'In the dark', bodySource: 'Text with a [link](/).' }),
    );
  });
  afterAll(() => site.close());

  async function colours(page: Page) {
    await page.goto(path);
    return page.evaluate(() => {
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      return {
        background: style('body').backgroundColor,
        text: style('body').color,
        link: style('.body a').color,
      };
    });
  }

  it.each(['default', 'minimal'])('the %s theme follows prefers-color-scheme: dark, readably', async (theme) => {
    await changeSettings({ theme });
    const dark = await site.browser.newPage({ baseURL: site.url, colorScheme: 'dark' });
    const light = await site.browser.newPage({ baseURL: site.url, colorScheme: 'light' });
    try {
      await step(dark, `dark-${theme}`, async () => {
        const night = await colours(dark);
        const day = await colours(light);
        expect(luminance(night.background)).toBeLessThan(0.05);
        expect(luminance(day.background)).toBeGreaterThan(0.8);
        expect(contrast(luminance(night.text), luminance(night.background))).toBeGreaterThan(7);
        expect(contrast(luminance(night.link), luminance(night.background))).toBeGreaterThan(4.5);
      });
    } finally {
      await dark.close();
      await light.close();
    }
  });

  it('chooses a cover from the library, shows its thumbnail, saves it, and removes it', async () => {
    const ada = await db.user.findUniqueOrThrow({ where: { login: 'ada' } });
    const image = await storeFixture(site.app.config, ada, 'sample.png');
    const page = await site.newPage();
    await step(page, 'cover-picker', async () => {
      await page.goto('/admin/sign-in');
      await page.fill('#login', 'ada');
      await page.fill('#password', testPassword);
      await page.click('button:has-text("Sign in")');
      await page.waitForURL('**/admin');
      await page.goto('/admin/articles/new');
      await page.fill('#article-title', 'Picked a cover');
      await page.click('.image-choice button:has-text("Choose…")');
      await page.click('.image-choice-picker .asset-picker-item:has-text("sample.png") button:has-text("Choose")');
      expect(await page.inputValue('#article-cover')).toBe(String(image.id));
      await expect.poll(() => page.locator('.image-choice-thumb').isVisible()).toBe(true);
      expect(await page.locator('.image-choice-picker').isHidden()).toBe(true);
      await page.click('button[name="intent"][value="publish"]');
      await page.waitForURL(/\/admin\/articles\/\d+\/edit/);
    });
    const article = await db.article.findFirstOrThrow({ where: { title: 'Picked a cover' } });
    expect(article.coverAssetId).toBe(image.id);
    await step(page, 'cover-remove', async () => {
      await page.click('.image-choice button:has-text("Remove")');
      expect(await page.inputValue('#article-cover')).toBe('');
      expect(await page.locator('.image-choice-thumb').isHidden()).toBe(true);
      await page.click('button[name="intent"][value="publish"]');
      await page.waitForURL(/\/admin\/articles\/\d+\/edit/);
    });
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).coverAssetId).toBeNull();
  });
});

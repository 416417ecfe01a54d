import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, step } from '#test/support/browser.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { testPassword } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';
import { createArticle, changeSettings } from '#test/fixtures/factories.ts';
import { cacheFirst } from '#app/server/http.ts';
import { pageCacheOf } from '#app/page-cache/index.ts';

// Plain HTTP on a real host name, as `npm start` serves it: Chromium treats 127.0.0.1 as
// potentially trustworthy, a name it is not, so only a name shows what a TLS-only directive breaks.
describe('plain HTTP on a host name in a real browser', () => {
  let app: TestApp;
  let server: http.Server;
  let browser: Browser;
  let origin: string;
  const failed: string[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    await changeSettings({ commentPolicy: 'moderate-all', blogTitle: 'Named Blog' });
    await createArticle({
      title: 'Over plain HTTP',
      bodySource: 'Styled words.',
      publishedAt: new Date('2024-02-02T10:00:00Z'),
    });
    await cast.ada();
    server = http.createServer(cacheFirst(app.app));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://blog.test:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium(['--host-resolver-rules=MAP blog.test 127.0.0.1']);
  });
  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await app?.close();
  });

  async function newPage(): Promise<Page> {
    const page = await browser.newPage({ baseURL: origin, viewport: { width: 1200, height: 900 } });
    page.setDefaultTimeout(15_000);
    page.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText}`));
    page.on(
      'request',
      (request) => void (request.url().startsWith(origin) || failed.push(`left the origin: ${request.url()}`)),
    );
    return page;
  }

  /** The theme's stylesheet loaded and its rules apply. */
  function styled(page: Page): Promise<boolean> {
    return page.evaluate(() =>
      Array.from(document.styleSheets).some((sheet) => {
        if (!sheet.href?.startsWith(`${location.origin}/`) || !sheet.href.includes('style.css')) return false;
        // A sheet that failed to load (or came from another origin) has no readable rules.
        try {
          return sheet.cssRules.length > 0;
        } catch {
          return false;
        }
      }),
    );
  }

  it('loads the styles, hides the honeypot and signs in, rendered and from the page cache', async () => {
    const page = await newPage();
    for (const pass of ['rendered', 'cached']) {
      await step(page, `host-name-article-${pass}`, async () => {
        const response = await page.goto('/2024/02/02/over-plain-http');
        expect(response?.status()).toBe(200);
        expect(response?.headers()['content-security-policy']).not.toContain('upgrade-insecure-requests');
        // The fast path's validator (size-mtime) says the file answered, not the app.
        if (pass === 'cached') expect(response?.headers().etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
        expect(await styled(page)).toBe(true);
        const trap = await page.locator('#comment-homepage').boundingBox();
        expect(trap!.x + trap!.width).toBeLessThanOrEqual(0);
      });
      await pageCacheOf(app.app)!.idle();
    }
    await step(page, 'host-name-sign-in', async () => {
      await page.goto('/admin/sign-in');
      await page.fill('#login', 'ada');
      await page.fill('#password', testPassword);
      await page.click('button:has-text("Sign in")');
      await page.waitForURL(`${origin}/admin`);
      expect(await page.locator('h1').first().textContent()).toContain('Dashboard');
      await expect
        .poll(() =>
          page.evaluate(() => Array.from(document.scripts).some((script) => script.src.endsWith('/admin/admin.js'))),
        )
        .toBe(true);
    });
    expect(failed).toEqual([]);
  });
});

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startBrowserSite, step, type BrowserSite } from '#test/support/browser.ts';
import { testPassword } from '#test/support/admin.ts';
import { activitySample } from '#test/support/activity-sample.ts';
import * as cast from '#test/fixtures/cast.ts';
import { createArticle } from '#test/fixtures/factories.ts';
import { articlePath } from '#app/helpers/permalinks.ts';
import { recordSample } from '#app/monitor/activity/record.ts';

// FOLIO_UPDATE_SCREENSHOTS=1 writes the README's picture of the page; otherwise it goes with the other test results.
const screenshot = process.env.FOLIO_UPDATE_SCREENSHOTS
  ? path.resolve(import.meta.dirname, 'screenshots/activity.png')
  : path.resolve(import.meta.dirname, '../../test-results/activity.png');
const megabyte = 1024 * 1024;

describe('Admin → Activity in a real browser', () => {
  let site: BrowserSite;
  let paths: string[];
  beforeAll(async () => {
    site = await startBrowserSite({ env: { FOLIO_ACTIVITY_SAMPLE_SECONDS: '1' } });
    await cast.ada();
    const titles = ['Moving to PostgreSQL', 'A year of Folio', 'Caching pages with Apache', 'Why EJS', 'On feeds'];
    paths = [];
    for (const title of titles) paths.push(articlePath(await createArticle({ title })));
    await seedLastHour(paths);
  });
  afterAll(() => site.close());

  it('draws the last hour, and the charts move while samples arrive, with no script refused', async () => {
    const page = await site.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await step(page, 'activity-page', async () => {
      await signIn(page);
      await page.goto('/admin/activity');
      await page.locator('svg[data-chart="chart-requests"]').waitFor();
      expect(await page.locator('.activity-chart').count()).toBe(6);
      expect(await page.locator('.activity-live tbody tr').first().textContent()).toContain('Moving to PostgreSQL');
      mkdirSync(path.dirname(screenshot), { recursive: true });
      await page.screenshot({ path: screenshot, fullPage: true });
    });
    await step(page, 'live-refresh', async () => {
      const line = page.locator('svg[data-chart="chart-requests"] path[data-series="all"]');
      const before = await line.getAttribute('d');
      const feeding = feed(paths);
      try {
        await expect.poll(() => line.getAttribute('d'), { timeout: 20_000 }).not.toBe(before);
      } finally {
        await feeding.stop();
      }
    });
    expect(problems).toEqual([]);
  });

  it('fits a phone: the charts scale with their viewBox', async () => {
    const page = await site.browser.newPage({ baseURL: site.url, viewport: { width: 390, height: 844 } });
    await step(page, 'activity-phone', async () => {
      await signIn(page);
      await page.goto('/admin/activity?period=day');
      const box = await page.locator('svg[data-chart="chart-latency"]').boundingBox();
      expect(box!.width).toBeGreaterThan(250);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    });
    await page.close();
  });
});

async function signIn(page: Page) {
  await page.goto('/admin/sign-in');
  await page.fill('#login', 'ada');
  await page.fill('#password', testPassword);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL('**/admin');
}

/** An hour of two hosts' samples, every 10 seconds: a daily-looking swell of traffic, a slow leak, one restart. */
async function seedLastHour(paths: readonly string[]) {
  const now = Date.now();
  for (let i = 360; i >= 1; i -= 1) {
    const wave = 1 + 0.6 * Math.sin(i / 40) + 0.2 * Math.sin(i / 7);
    for (const [host, share] of [
      ['web-1', 0.6],
      ['web-2', 0.4],
    ] as const) {
      const requests = Math.round(120 * wave * share);
      await recordSample(
        activitySample(host, new Date(now - i * 10_000), {
          requests,
          serverErrors: i % 97 === 0 ? 3 : 0,
          clientErrors: Math.round(requests * 0.02),
          latency: [0.2, 0.45, 0.25, 0.08, 0.02].map((share) => Math.round(requests * share)),
          cacheHits: Math.round(requests * 1.5),
          cacheMisses: Math.round(requests * 0.5),
          restarts: host === 'web-2' && i === 200 ? 1 : 0,
          rssBytes: (220 + (360 - i) * 0.1 + (host === 'web-1' ? 40 : 0)) * megabyte,
          workers: 4,
          reads: Object.fromEntries(paths.map((p, rank) => [p, Math.max(1, Math.round(((5 - rank) * requests) / 40))])),
          referrers: { 'news.ycombinator.com': 3, 'lobste.rs': 1, 'www.google.com': 2 },
        }),
      );
    }
  }
}

/** Samples at the wall clock's time, one after the other, until stopped: what a pool's monitor loop does every second. */
function feed(paths: readonly string[]): { stop(): Promise<void> } {
  let running = true;
  const done = (async () => {
    while (running) {
      await recordSample(
        activitySample('web-1', new Date(), { requests: 400, latency: [0, 400], reads: { [paths[0]!]: 10 } }),
      );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
    },
  };
}

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { PoolHarness, freePorts, steadyTraffic } from '#test/integration/pool/pool-harness.ts';
import { launchChromium, step } from '#test/support/browser.ts';

// The whole way, with nothing stood in: a pool of two HTTP workers under
// steady traffic, its supervisor's monitor loop sampling every second into
// the activity series, and Admin → Activity open in Chromium, whose charts
// move as the samples arrive.
describe('Admin → Activity on a pool under load', () => {
  let pool: PoolHarness;
  let port: number;
  let browser: Browser;
  let trafficDone = false;
  let traffic: ReturnType<typeof steadyTraffic> | undefined;

  beforeAll(async () => {
    pool = new PoolHarness();
    port = await freePorts(2);
    // The admin is opened at the pool's own address, so the blog lives there.
    Object.assign(pool.env, { BASE_URL: `http://127.0.0.1:${port}`, FOLIO_ACTIVITY_SAMPLE_SECONDS: '1' });
    const started = await pool.run(['start', '--daemon', '--http', '--count', '2', '--listen', `127.0.0.1:${port}`]);
    expect(started.code, started.stderr + pool.log()).toBe(0);
    browser = await launchChromium();
  });
  afterAll(async () => {
    trafficDone = true;
    await traffic;
    await browser?.close();
    await pool?.cleanup();
  });

  it('draws the traffic and moves the lines while it goes on', async () => {
    const page = await browser.newPage({ baseURL: `http://127.0.0.1:${port}`, viewport: { width: 1200, height: 900 } });
    page.setDefaultTimeout(30_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await step(page, 'pool-setup', async () => {
      await page.goto('/admin');
      await page.waitForURL('**/admin/setup');
      await page.fill('#login', 'ada');
      await page.fill('#displayName', 'Ada Lovelace');
      await page.fill('#email', 'ada@example.com');
      await page.fill('#password', 'a long and happy passphrase');
      await page.fill('#passwordConfirmation', 'a long and happy passphrase');
      await page.click('button:has-text("Create account")');
      await page.waitForURL('**/admin');
    });
    traffic = steadyTraffic([port, port + 1], () => trafficDone, 4);
    await traffic.answered(50);
    const line = page.locator('svg[data-chart="chart-requests"] path[data-series="all"]');
    const drawn = await step(page, 'pool-activity-drawn', async () => {
      await page.goto('/admin/activity');
      // The samples of the traffic so far come in with the page's live refreshes, not a reload.
      await expect.poll(() => line.getAttribute('d'), { timeout: 60_000 }).toMatch(/^M/);
      return (await line.getAttribute('d'))!;
    });
    await step(page, 'pool-activity-moves', async () => {
      await expect.poll(() => line.getAttribute('d'), { timeout: 60_000 }).not.toBe(drawn);
      const current = await page.locator('[data-measure="requests"] .current').textContent();
      expect(current).toMatch(/^[\d.,]+\/s$/);
      expect(current).not.toBe('0/s');
    });
    expect(problems).toEqual([]);
    expect(traffic.ok).toBeGreaterThan(50);
  });
});

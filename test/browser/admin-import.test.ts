/**
 * Tools → Import in Chromium: upload an export, read the dry-run report,
 * run it and watch the progress bar move as the job process reports, then
 * the final report and the imported article on the reader site. The export
 * is a full-content RSS feed of a few hundred posts, big enough that the
 * run takes several polls.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startBrowserSite, step, type BrowserSite } from '#test/support/browser.ts';
import { testPassword } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';

const posts = 300;

/** An RSS 2.0 feed with `count` full posts, newest first, as a blog engine would serve it. */
function feedOf(count: number): string {
  const paragraph = `<p>${'Words the old blog wrote, kept as they were. '.repeat(40)}</p>`;
  const items = Array.from({ length: count }, (_, index) => {
    const n = count - index;
    const date = new Date(Date.UTC(2010, 0, 1) + n * 86_400_000).toUTCString();
    return `<item><title>Old post ${n}</title><link>http://old.example.org/${n}</link><guid isPermaLink="false">old-${n}</guid><pubDate>${date}</pubDate><description><![CDATA[${paragraph}<p>Number ${n}.</p>]]></description></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>The old blog</title><link>http://old.example.org/</link><description>Moving house</description>\n${items.join('\n')}\n</channel></rss>\n`;
}

interface Polled {
  state: string;
  done: number;
  total: number;
}

describe('the admin import in a real browser', () => {
  let site: BrowserSite;
  let exportFile: string;
  beforeAll(async () => {
    site = await startBrowserSite();
    await cast.ada();
    exportFile = path.join(site.app.dir, 'old-blog.rss.xml');
    writeFileSync(exportFile, feedOf(posts));
  });
  afterAll(() => site.close());

  it('uploads, shows the dry run, runs with a moving progress bar, and the article is on the blog', async () => {
    const page = await site.newPage();
    const polled: Polled[] = [];
    page.on('response', (response) => {
      if (!/\/admin\/imports\/\d+\/progress$/.test(response.url())) return;
      response
        .json()
        .then((body: Polled) => polled.push(body))
        .catch(() => {}); // a page reloading away from its last poll
    });
    await signIn(page);

    await step(page, 'import-upload', async () => {
      await page.goto('/admin/imports');
      await page.setInputFiles('#import-export', exportFile);
      await page.selectOption('#import-format', 'detect');
      await page.click('.import-form button[type="submit"]');
      await page.waitForURL(/\/admin\/imports\/\d+$/);
    });

    await step(page, 'import-dry-run-report', async () => {
      // The page polls, then reloads into the report once the dry run has finished.
      const report = page.locator('[data-import-report="dry-run"]');
      await report.waitFor({ timeout: 180_000 });
      expect(await report.locator('h2').textContent()).toBe('Dry run: what the import would do');
      expect(await report.locator('tr[data-kind="Articles"] td').first().textContent()).toBe(String(posts));
      expect(polled.some((poll) => poll.state === 'checking')).toBe(true);
    });

    await step(page, 'import-run-progress', async () => {
      polled.length = 0;
      await page.click('button:has-text("Run the import")');
      await page.waitForURL(/\/admin\/imports\/\d+$/);
      // The bar moves while the state is still "running": it shows what the job process reported.
      await page.waitForFunction(
        () => {
          const bar = document.querySelector<HTMLProgressElement>('#import-progress-bar');
          const section = document.querySelector<HTMLElement>('[data-progress-url]');
          return bar !== null && section?.dataset.state === 'running' && bar.value > 0 && bar.value < bar.max;
        },
        undefined,
        { timeout: 180_000, polling: 'raf' },
      );
      const final = page.locator('[data-import-report="final"]');
      await final.waitFor({ timeout: 180_000 });
      expect(await final.locator('h2').textContent()).toBe('What the import did');
      expect(await final.locator('tr[data-kind="Articles"] td').first().textContent()).toBe(String(posts));
      const running = polled.filter((poll) => poll.state === 'running');
      expect(running.some((poll) => poll.done > 0 && poll.done < poll.total)).toBe(true);
      // Monotonic: the bar never goes back.
      const dones = running.map((poll) => poll.done);
      expect(dones).toEqual([...dones].sort((a, b) => a - b));
      expect(await page.locator('button:has-text("Run the import")').count()).toBe(0);
    });

    await step(page, 'import-reader-site', async () => {
      await page.goto('/');
      await page.locator(`a:has-text("Old post ${posts}")`).first().click();
      await expect.poll(() => page.locator('h1, h2').allTextContents()).toContain(`Old post ${posts}`);
      expect(await page.content()).toContain(`Number ${posts}.`);
    });
  }, 600_000);
});

async function signIn(page: Page): Promise<void> {
  await step(page, 'import-sign-in', async () => {
    await page.goto('/admin/sign-in');
    await page.fill('#login', 'ada');
    await page.fill('#password', testPassword);
    await page.click('button:has-text("Sign in")');
    await page.waitForURL('**/admin');
  });
}

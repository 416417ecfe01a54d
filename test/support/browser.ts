/**
 * Headless Chromium (Debian's, driven by playwright-core) against a real
 * Folio served over HTTP on a loopback port, with a screenshot saved under
 * test-results/ whenever a step fails.
 */
import http from 'node:http';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '#test/support/app.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const resultsDir = path.resolve(import.meta.dirname, '../../test-results');

export interface BrowserSite {
  url: string;
  app: TestApp;
  browser: Browser;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function startBrowserSite(options: Parameters<typeof startTestApp>[0] = {}): Promise<BrowserSite> {
  const app = await startTestApp(options);
  const server = http.createServer(app.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  const pages: Page[] = [];
  return {
    url,
    app,
    browser,
    async newPage() {
      const page = await browser.newPage({ baseURL: url, viewport: { width: 1200, height: 900 } });
      page.setDefaultTimeout(15_000);
      pages.push(page);
      return page;
    },
    async close() {
      await browser.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await app.close();
    },
  };
}

/** Headless Chromium, for a test that serves Folio some other way (a worker pool); `extraArgs` for Chromium's switches. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/** Runs a step; on failure saves a full-page screenshot named after it, then rethrows. */
export async function step<T>(page: Page, name: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    throw new Error(`${name} failed (screenshot: ${file}): ${(error as Error).message}`, { cause: error });
  }
}

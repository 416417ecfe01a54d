/**
 * Whether cached pages are served with the Webmention `Link` header. The app sends it with every themed page
 * while Setting.webmentions is on (app/themes/page.ts); a page served from the cache without the app gets it
 * from whoever serves the file: the fast path, or Apache and nginx, whose configs are generated once and so
 * cannot read the setting. Each host's page cache therefore keeps a marker file, present while the blog
 * accepts webmentions, that all of them can test without the database: written when the cache opens and on
 * every settings change (this host's or another's), before the pages expire, so a page rendered after the
 * change is never served with the old answer.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { currentSettings, forgetSettings } from '#app/models/settings.ts';

/**
 * The marker, relative to the cache root. A dotfile, so no web server or fast path serves it and a clear
 * leaves it; not in the index's directory, which the web server's user may not enter.
 */
export const webmentionMarkerName = '.webmentions-on';

export function webmentionMarkerFile(root: string): string {
  return path.join(root, webmentionMarkerName);
}

/** Only pages: feeds carry WebSub's `Link: rel="hub"` instead, and the sitemap nothing. */
export function advertisesWebmentions(file: string): boolean {
  return file.endsWith('.html');
}

/** Sets the marker from the settings as stored now (another process or host may just have changed them). */
export async function markWebmentions(root: string): Promise<void> {
  forgetSettings();
  const { webmentions } = await currentSettings();
  if (webmentions) await writeFile(webmentionMarkerFile(root), '');
  else await rm(webmentionMarkerFile(root), { force: true });
}

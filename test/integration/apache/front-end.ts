/**
 * What the front-end tests do through a real web server: sign in and post
 * comments with headers of the test's choosing (a client forging
 * X-Forwarded-*), reading every header line the server sent.
 */
import { existsSync } from 'node:fs';
import { waitFor } from '#test/support/wait-for.ts';
import { rawRequest, type RawResponse } from '#test/support/web-server.ts';
import { csrfFrom, testPassword } from '#test/support/admin.ts';
import { adminLogin, commentFormAction } from '#test/integration/apache/blog-fixture.ts';

/** Signs in as the blog's admin, sending `headers` with both requests; returns the sign-in's answer. */
export async function signIn(baseUrl: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const page = await rawRequest(`${baseUrl}/admin/sign-in`, { headers });
  const cookie = page
    .setCookies()
    .map((line) => line.split(';')[0])
    .join('; ');
  const body = new URLSearchParams({
    _csrf: csrfFrom(page.body),
    login: adminLogin,
    password: testPassword,
  }).toString();
  return rawRequest(`${baseUrl}/admin/sign-in`, {
    method: 'POST',
    body,
    headers: { ...headers, ...(cookie ? { cookie } : {}), 'content-type': 'application/x-www-form-urlencoded' },
  });
}

/**
 * Posts a comment on the article as a reader does (the page's form asks for a
 * preview, the preview's single-use token posts it), sending `headers` with
 * both steps; returns the final status.
 */
export async function postComment(
  baseUrl: string,
  articlePath: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<number> {
  const send = (action: string, fields: Record<string, string>) =>
    rawRequest(baseUrl + action, {
      method: 'POST',
      body: new URLSearchParams({ authorName: 'Reader', body, homepage: '', ...fields }).toString(),
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    });
  const preview = await send(commentFormAction((await rawRequest(baseUrl + articlePath)).body), {});
  const token = /name="token" value="([^"]+)"/.exec(preview.body)?.[1];
  if (preview.status !== 200 || !token) return preview.status;
  return (await send(commentFormAction(preview.body), { token })).status;
}

/** Each value of a header across every line of it (a header sent twice is a bug here). */
export function all(res: RawResponse, name: string): string[] {
  return res.headers.filter(([key]) => key === name).map(([, value]) => value);
}

/** Resolves once the page cache has written the file (the worker writes it after answering). */
export async function cachedFile(file: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(() => existsSync(file), { timeout: timeoutMs, message: `${file} to be cached` });
}

/**
 * PLACEHOLDER (helper "webmention-receive" builds it, keeping this
 * signature): a webmention (or, from XML-RPC, a pingback) arriving. Checks
 * synchronously only what needs no fetch (both URLs http(s), source is not
 * target, target is one of our visible articles, webmentions on), stores or
 * refreshes the Webmention row and queues its check (outbox channel
 * webmention-check). The check itself is app/webmention/verify.ts.
 */
export type WebmentionProtocol = 'webmention' | 'pingback';

export type ReceiveOutcome =
  | { readonly accepted: true; readonly id: number }
  /** status: 400 for a bad request (the spec's answer), 404 for no such target; message says why. */
  | { readonly accepted: false; readonly status: 400 | 404; readonly message: string };

export async function receiveWebmention(
  source: string,
  target: string,
  site: { readonly baseUrl: string },
  protocol: WebmentionProtocol = 'webmention',
): Promise<ReceiveOutcome> {
  await Promise.resolve(); // placeholder
  void source;
  void target;
  void site;
  void protocol;
  return { accepted: false, status: 400, message: 'Webmentions are not accepted yet.' };
}

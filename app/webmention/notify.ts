/**
 * One webmention: discover the target's endpoint, then POST source and
 * target to it, form-encoded (W3C Webmention 3.1.3). The outcome says
 * whether trying again later could help.
 */
import { fetchOutbound, OutboundRefused } from '#app/net/outbound.ts';
import type { OutboundConfig } from '#config/open-web.ts';
import { discoverEndpoint, TransientFailure } from '#app/webmention/discover.ts';

export interface Outcome {
  readonly status: 'sent' | 'no-endpoint' | 'failed';
  readonly endpoint?: string;
  /** Why it failed, for the admin; never a secret (URLs of public pages only). */
  readonly error?: string;
  /** A network failure, a timeout or a 5xx: worth another try. */
  readonly transient: boolean;
}

/** An endpoint answers with little; more is not read. */
const answerBytes = 64 * 1024;

/**
 * `fallbackEndpoint`: the endpoint known from before, used when the page
 * cannot be read now (a deleted article's last word to a page that moved on).
 */
export async function notifyTarget(
  source: string,
  target: string,
  outbound: OutboundConfig,
  fallbackEndpoint?: string,
): Promise<Outcome> {
  let endpoint: string | undefined;
  try {
    endpoint = (await discoverEndpoint(target, outbound)) ?? fallbackEndpoint;
  } catch (error) {
    if (!fallbackEndpoint) return failed(error, `could not read ${target}`);
    endpoint = fallbackEndpoint;
  }
  if (!endpoint) return { status: 'no-endpoint', endpoint: '', transient: false };
  try {
    const response = await fetchOutbound(endpoint, outbound, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      // The endpoint's own query string stays in its URL; source and target go in the body.
      body: new URLSearchParams({ source, target }).toString(),
      redirect: 'manual',
      maxBytes: answerBytes,
    });
    if (response.status >= 200 && response.status < 300) return { status: 'sent', endpoint, transient: false };
    const error = `the endpoint answered ${response.status}`;
    return { status: 'failed', endpoint, error, transient: response.status >= 500 || response.status === 429 };
  } catch (error) {
    return { ...failed(error, `could not reach the endpoint ${endpoint}`), endpoint };
  }
}

function failed(error: unknown, context: string): Outcome {
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'failed', error: `${context}: ${message}`.slice(0, 300), transient: isTransient(error) };
}

/** Refusals by rule (a private address, a scheme, a size) will not change; the network might. */
function isTransient(error: unknown): boolean {
  if (error instanceof TransientFailure) return true;
  if (error instanceof OutboundRefused) return ['timeout', 'network', 'dns'].includes(error.reason);
  return true;
}

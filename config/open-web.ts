/**
 * Requests Folio makes to other sites (webmention verification and
 * sending, WebSub pings, IndieAuth client information): how long they may
 * take, how much they may read, and whether private addresses are allowed.
 * The hub itself and the webmention switch are the admin's (Settings).
 */
import { integer, oneOf, type Env } from '#config/env-values.ts';
import { folioVersion } from '#app/version.ts';

export interface OutboundConfig {
  /**
   * FOLIO_OUTBOUND_ALLOW_PRIVATE=on lets outbound requests reach loopback,
   * private (RFC 1918, fc00::/7) and carrier-grade NAT addresses; link-local
   * (169.254/16 with cloud metadata, fe80::/10), unspecified, multicast and
   * reserved ones stay refused (app/net/address-policy.ts). For tests on one
   * machine only; never in production, where it lets anyone make the server
   * fetch its own network.
   */
  readonly allowPrivate: boolean;
  /** The whole request, redirects included, in ms (FOLIO_OUTBOUND_TIMEOUT_SECONDS, default 10). */
  readonly timeoutMs: number;
  /** Largest response body read, in bytes (FOLIO_OUTBOUND_MAX_KB, default 1024); the rest is refused. */
  readonly maxBytes: number;
  /** Redirects followed, each checked like the first address (FOLIO_OUTBOUND_MAX_REDIRECTS, default 5). */
  readonly maxRedirects: number;
  readonly userAgent: string;
}

export function outboundConfig(env: Env, baseUrl: string): OutboundConfig {
  return Object.freeze({
    allowPrivate: oneOf(env, 'FOLIO_OUTBOUND_ALLOW_PRIVATE', ['on', 'off'] as const, 'off') === 'on',
    timeoutMs: integer(env, 'FOLIO_OUTBOUND_TIMEOUT_SECONDS', 10, 1, 120) * 1000,
    maxBytes: integer(env, 'FOLIO_OUTBOUND_MAX_KB', 1024, 16, 65_536) * 1024,
    maxRedirects: integer(env, 'FOLIO_OUTBOUND_MAX_REDIRECTS', 5, 0, 20),
    userAgent: `Folio/${folioVersion()} (+${baseUrl})`,
  });
}

/** The variables environmentFor() hands a child process. */
export function outboundEnvironment(outbound: OutboundConfig): Record<string, string> {
  return {
    FOLIO_OUTBOUND_ALLOW_PRIVATE: outbound.allowPrivate ? 'on' : 'off',
    FOLIO_OUTBOUND_TIMEOUT_SECONDS: String(outbound.timeoutMs / 1000),
    FOLIO_OUTBOUND_MAX_KB: String(outbound.maxBytes / 1024),
    FOLIO_OUTBOUND_MAX_REDIRECTS: String(outbound.maxRedirects),
  };
}

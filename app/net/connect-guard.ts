/**
 * The checks made before and while connecting: the URL's scheme and form,
 * then the address itself. A name is resolved by our own `lookup`, handed to
 * node:http, so the addresses judged are the very ones the socket connects
 * to: there is no second resolution for a short-TTL DNS answer to change
 * (DNS rebinding). A literal IP in the URL never reaches a lookup, so it is
 * judged here first.
 */
import dns from 'node:dns';
import net from 'node:net';
import type { LookupFunction } from 'node:net';
import { describeRange, judgeAddress } from '#app/net/address-policy.ts';
import { OutboundRefused } from '#app/net/refusal.ts';

/** Parses and checks a URL before any connection: http(s), no user:password@, a literal IP judged. */
export function checkedUrl(url: string | URL, allowPrivate: boolean): URL {
  const parsed = parseUrl(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new OutboundRefused('scheme', `only http and https addresses are fetched, not ${parsed.protocol}`);
  // Credentials in a URL would travel in the clear to whoever it names, and
  // nothing Folio fetches needs them.
  if (parsed.username || parsed.password)
    throw new OutboundRefused('scheme', `${shown(parsed)} carries a user name or password, which Folio does not send`);
  const host = hostOf(parsed);
  if (net.isIP(host)) refuseUnless(host, allowPrivate, parsed, 'is');
  return parsed;
}

/** The host as node:http wants it: an IPv6 literal without its brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** The URL as messages show it: no query or fragment, which may carry tokens. */
export function shown(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * A `lookup` for node:http that resolves every address of the name and
 * refuses (with OutboundRefused, which the request's 'error' carries) unless
 * all of them pass: a name that answers with one public and one private
 * address is refused rather than left to the order of the answer.
 */
export function guardedLookup(url: URL, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { all: true, family: options.family ?? 0, hints: options.hints }, (error, addresses) => {
      if (error) return callback(dnsRefusal(error, hostname), '', 0);
      try {
        if (addresses.length === 0) throw new OutboundRefused('dns', `${hostname} has no address`);
        for (const { address } of addresses) refuseUnless(address, allowPrivate, url, 'resolves to');
      } catch (refusal) {
        return callback(refusal as OutboundRefused, '', 0);
      }
      // net asks for every address when it races IPv4 and IPv6 (autoSelectFamily), for one otherwise.
      if (options.all) return callback(null, addresses);
      const [first] = addresses as [dns.LookupAddress];
      return callback(null, first.address, first.family);
    });
  };
}

function refuseUnless(address: string, allowPrivate: boolean, url: URL, verb: 'is' | 'resolves to'): void {
  const verdict = judgeAddress(address, allowPrivate);
  if (!verdict.allowed)
    throw new OutboundRefused(
      'private-address',
      `${url.hostname} ${verb} ${describeRange(verdict.range)}, which Folio does not fetch from (${shown(url)})`,
    );
}

function dnsRefusal(error: NodeJS.ErrnoException, hostname: string): OutboundRefused {
  const why = error.code === 'ENOTFOUND' ? 'no such host' : (error.code ?? error.message);
  return new OutboundRefused('dns', `${hostname} could not be resolved (${why})`);
}

function parseUrl(url: string | URL): URL {
  try {
    return new URL(url);
  } catch {
    throw new OutboundRefused('scheme', 'not an absolute http or https URL');
  }
}

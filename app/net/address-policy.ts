/**
 * Which IP addresses an outbound request may connect to. A site that names
 * a URL (a webmention source, an IndieAuth client) must not be able to make
 * the server fetch its own network: loopback, private, link-local (cloud
 * metadata at 169.254.169.254), carrier-grade NAT, multicast and the
 * reserved blocks are refused. ipaddr.js names the range; only its
 * 'unicast' (public) passes.
 *
 * allowPrivate (FOLIO_OUTBOUND_ALLOW_PRIVATE, tests on one machine) lets
 * loopback, RFC 1918, unique-local and carrier-grade NAT through, but still
 * not link-local, unspecified, multicast or reserved: nothing a test needs
 * lives there, and link-local is where a cloud's metadata service answers,
 * so even a test setting that leaked into production keeps the worst door
 * shut (and tests can prove a redirect to it is refused).
 */
import ipaddr from 'ipaddr.js';

export interface AddressVerdict {
  readonly allowed: boolean;
  /** ipaddr.js's name for the range ('unicast', 'loopback', 'private', 'linkLocal', …), for messages. */
  readonly range: string;
}

const privateRanges: ReadonlySet<string> = new Set(['loopback', 'private', 'uniqueLocal', 'carrierGradeNat']);

// 2000::/3 is all the global unicast IPv6 has been allocated from. Outside it,
// ipaddr.js still calls some blocks 'unicast' that are nothing of the kind:
// ::/96 (the deprecated IPv4-compatible form, ::127.0.0.1) and 100::/8 and so on.
const globalUnicastV6 = ipaddr.IPv6.parseCIDR('2000::/3');
// NAT64's well-known prefix carries an IPv4 address in its last 32 bits; on
// an IPv6-only host behind DNS64 every IPv4 site resolves into it, so the
// embedded address is judged instead of the whole prefix being refused.
const nat64 = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

/** Judges one address (IPv4, IPv6, or IPv4-mapped IPv6); anything unparseable is refused. */
export function judgeAddress(address: string, allowPrivate: boolean): AddressVerdict {
  const range = rangeOf(address);
  return { allowed: range === 'unicast' || (allowPrivate && privateRanges.has(range)), range };
}

/** ipaddr.js's range name for the address, after unwrapping the IPv4 that mapped and NAT64 forms carry. */
export function rangeOf(address: string): string {
  if (!ipaddr.isValid(address)) return 'invalid';
  const parsed = unwrap(ipaddr.parse(address));
  const range = parsed.range();
  if (parsed.kind() === 'ipv6' && range === 'unicast' && !parsed.match(globalUnicastV6)) return 'reserved';
  return range;
}

function unwrap(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  if (!(address instanceof ipaddr.IPv6)) return address;
  if (address.isIPv4MappedAddress()) return address.toIPv4Address();
  if (address.match(nat64)) return ipaddr.fromByteArray(address.toByteArray().slice(12));
  return address;
}

/** What a refusal says about the address: its range, never more than the author already gave. */
export function describeRange(range: string): string {
  return rangeNames[range] ?? `a ${range} address`;
}

const rangeNames: Readonly<Record<string, string>> = {
  loopback: 'a loopback address',
  private: 'a private network address',
  uniqueLocal: 'a private network address',
  carrierGradeNat: 'a carrier-grade NAT address',
  linkLocal: 'a link-local address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
  invalid: 'an address that is not an IP address',
};

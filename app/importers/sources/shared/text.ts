/** Small text helpers the sources share: escaping HTML they build, slugs and paths of old addresses. */
import { normalizeAddress } from '#app/models/redirect/address.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A slug as old engines made them: lowercase ASCII words joined by hyphens (non-ASCII letters kept). */
export function slugOf(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/&[a-z0-9#]+;/gi, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** The path (and query) of an address on the old site, spelled as redirects match it; undefined when it is not one. */
export function oldAddressOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return normalizeAddress(url) ?? undefined;
}

/** Old addresses without duplicates or gaps. */
export function addresses(...urls: (string | undefined)[]): string[] {
  const seen = new Set<string>();
  for (const url of urls) {
    const address = oldAddressOf(url);
    if (address) seen.add(address);
  }
  return [...seen];
}

/** Text of an HTML fragment, for titles that arrive with markup or entities. */
export function textOfHtml(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1));
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return NAMED[entity.toLowerCase()] ?? whole;
  });
}

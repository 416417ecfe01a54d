import sanitizeHtml from 'sanitize-html';
import type { Attributes } from 'sanitize-html';

/**
 * Rewrites relative href and src values in item HTML to absolute URLs, since
 * a feed reader has no page to resolve them against. They resolve against
 * the item's own page, as a browser showing that page would: "/uploads/a.png"
 * lands on the site's origin, "#fn1" on the item. Nothing else changes.
 */
export function absolutizeUrls(html: string, pageUrl: string): string {
  if (!/\s(?:href|src)\s*=/i.test(html)) return html;
  return sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    transformTags: {
      '*': (tagName: string, attribs: Attributes) => ({ tagName, attribs: absoluteAttributes(attribs, pageUrl) }),
    },
  });
}

const URL_ATTRIBUTES = ['href', 'src'] as const;

function absoluteAttributes(attribs: Attributes, pageUrl: string): Attributes {
  const result = { ...attribs };
  for (const name of URL_ATTRIBUTES) {
    const value = result[name];
    if (value !== undefined) result[name] = absoluteUrl(value.trim(), pageUrl);
  }
  return result;
}

function absoluteUrl(value: string, pageUrl: string): string {
  if (value === '') return value;
  try {
    return new URL(value, pageUrl).href;
  } catch {
    return value;
  }
}

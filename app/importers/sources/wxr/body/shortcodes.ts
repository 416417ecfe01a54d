/**
 * WordPress shortcodes in post bodies. WordPress expands them when a post
 * is viewed, with whatever plugins were active; the export has only the
 * [codes]. The common ones become HTML here; any other is left as text and
 * reported, so nothing disappears without the author knowing.
 */
import type { BodyContext } from '#app/importers/sources/wxr/body/context.ts';

export interface Shortcode {
  name: string;
  attrs: Record<string, string>;
  /** Attributes without a name ([youtube https://...]). */
  positional: string[];
  /** Between [name] and [/name]; undefined when it did not enclose anything. */
  content?: string;
}

/** What a known shortcode becomes: HTML, and whether it stands as a block (a <p> around it is dropped). */
export interface Expansion {
  html: string;
  block: boolean;
}

/**
 * WordPress's own shortcode pattern (get_shortcode_regex) for any lowercase
 * name: [[name]] is an escaped literal, [name /] self-closes, [name]...[/name] encloses.
 */
const shortcodePattern =
  /\[(\[?)([a-z][a-z0-9_-]*)(?![\w-])([^\]/]*(?:\/(?!\])[^\]/]*)*?)(?:(\/)\]|\](?:([^[]*(?:\[(?!\/\2\])[^[]*)*)\[\/\2\])?)(\]?)/g;

const attrPattern =
  /([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)/g;

export function parseAttrs(text: string): Pick<Shortcode, 'attrs' | 'positional'> {
  const attrs: Record<string, string> = {};
  const positional: string[] = [];
  // The editor turned quotes into entities or curly quotes on some sites; WordPress reads them as quotes too.
  const normalized = text.replace(/&quot;|&#8221;|&#8243;|[“”″]/g, '"').replace(/&#8217;|&#8242;|[‘’′]/g, "'");
  for (const m of normalized.matchAll(attrPattern)) {
    if (m[1] !== undefined) attrs[m[1].toLowerCase()] = m[2] ?? '';
    else if (m[3] !== undefined) attrs[m[3].toLowerCase()] = m[4] ?? '';
    else if (m[5] !== undefined) attrs[m[5].toLowerCase()] = m[6] ?? '';
    else positional.push(m[7] ?? m[8] ?? m[9] ?? '');
  }
  return { attrs, positional };
}

/** Syntax highlighters' shortcodes ([code], [sourcecode], SyntaxHighlighter Evolved's per-language [php]...). */
const codeShortcodes = new Set(
  (
    'code sourcecode source as3 actionscript3 bash shell sh c cpp csharp css delphi pascal diff patch erlang go ' +
    'groovy java javafx javascript js jscript json objc perl pl php plain text powershell ps python py r ruby rails ' +
    'rb scala sql swift typescript ts vb vbnet xml xhtml xslt html yaml latex matlab'
  ).split(' '),
);

type Expander = (shortcode: Shortcode, context: BodyContext) => Expansion | undefined;

const expanders: Record<string, Expander> = {
  caption: expandCaption,
  wp_caption: expandCaption,
  gallery: (shortcode, context) => context.gallery(shortcode),
  embed: (shortcode) => linkTo(shortcode.content ?? shortcode.attrs.src),
  youtube: (shortcode) => linkTo(shortcode.attrs.url ?? shortcode.positional[0] ?? shortcode.content),
  vimeo: (shortcode) => linkTo(shortcode.attrs.url ?? shortcode.positional[0] ?? shortcode.content),
  video: (shortcode) => linkTo(mediaSource(shortcode, ['src', 'mp4', 'm4v', 'webm', 'ogv', 'wmv', 'flv'])),
  audio: (shortcode) => linkTo(mediaSource(shortcode, ['src', 'mp3', 'm4a', 'ogg', 'wav', 'wma'])),
};

/**
 * Replaces every known shortcode with `placeholder(expansion)` and reports
 * each unknown one (once per name) through `context.note`, leaving it as text.
 */
export function expandShortcodes(
  text: string,
  context: BodyContext,
  placeholder: (expansion: Expansion) => string,
): string {
  if (!text.includes('[')) return text;
  const reported = new Set<string>();
  return text.replace(
    shortcodePattern,
    (whole, open: string, name: string, rawAttrs: string, _self, content: string | undefined, close: string) => {
      if (open === '[' && close === ']') return whole.slice(1, -1); // [[gallery]] is WordPress's way to write "[gallery]"
      const shortcode: Shortcode = { name, ...parseAttrs(rawAttrs.replace(/^=/, '')), content };
      if (name in expanders || codeShortcodes.has(name)) {
        const expansion = codeShortcodes.has(name) ? expandCode(shortcode) : expanders[name]?.(shortcode, context);
        if (expansion) return open + placeholder(expansion) + close;
        context.note(`[${name}] could not be converted and was left out`);
        return open + close;
      }
      if (!reported.has(name)) {
        reported.add(name);
        context.note(`unknown shortcode [${name}] left as text (WordPress plugins expanded it; Folio cannot)`);
      }
      return whole;
    },
  );
}

function expandCaption(shortcode: Shortcode, context: BodyContext): Expansion | undefined {
  const inner = expandShortcodes(shortcode.content ?? '', context, (e) => e.html).trim();
  // WordPress 3.4+ keeps the caption after the image; older exports have it in caption="...".
  const image = /^((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/i.exec(inner);
  const media = image?.[1] ?? inner;
  const caption = (shortcode.attrs.caption ?? image?.[2] ?? '').trim();
  if (!media) return undefined;
  const align = /^align(left|right|center|none)$/.exec(shortcode.attrs.align ?? '')?.[0];
  const className = align ? `wp-caption ${align}` : 'wp-caption';
  const figcaption = caption ? `<figcaption>${caption}</figcaption>` : '';
  return { html: `<figure class="${className}">${media}${figcaption}</figure>`, block: true };
}

function expandCode(shortcode: Shortcode): Expansion {
  const language = codeShortcodes.has(shortcode.name) && !['code', 'sourcecode', 'source'].includes(shortcode.name);
  const lang = (language ? shortcode.name : (shortcode.attrs.language ?? shortcode.attrs.lang ?? '')).toLowerCase();
  const code = (shortcode.content ?? '').replace(/^\r?\n/, '').replace(/\s+$/, '');
  const className = /^[a-z0-9+#-]+$/.test(lang) ? ` class="language-${lang}"` : '';
  return { html: `<pre><code${className}>${escapeCode(code)}</code></pre>`, block: true };
}

/** Highlighters stored code raw ("<?php") or, in older versions, already escaped ("&lt;?php"): escape only the raw. */
function escapeCode(code: string): string {
  if (!/[<>]/.test(code) && /&(?:lt|gt|amp|quot|#\d+);/.test(code)) return code;
  return code.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function mediaSource(shortcode: Shortcode, attrs: string[]): string | undefined {
  for (const attr of attrs) if (shortcode.attrs[attr]) return shortcode.attrs[attr];
  return shortcode.content;
}

function linkTo(url: string | undefined): Expansion | undefined {
  const href = url?.trim().replace(/^=/, '');
  if (!href || !/^https?:\/\//i.test(href)) return undefined;
  const escaped = href
    .replace(/&(?!amp;)/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;');
  return { html: `<p><a href="${escaped}">${escaped}</a></p>`, block: true };
}

/**
 * A Jekyll or Hugo body made plain Markdown: the common Liquid tags and
 * Hugo shortcodes become what they rendered (code fences, images, links);
 * the rest are left as written and reported, never silently dropped.
 */
import type { MarkdownSite } from './site.ts';

export interface ConvertedBody {
  source: string;
  notes: string[];
}

export function convertBody(body: string, site: MarkdownSite): ConvertedBody {
  const notes: string[] = [];
  const unknown = new Map<string, number>();
  const raw: string[] = [];
  // {% raw %} protects its content from every conversion below.
  let source = body.replace(/\{%-?\s*raw\s*-?%\}([\s\S]*?)\{%-?\s*endraw\s*-?%\}/g, (_whole, inner: string) => {
    raw.push(inner);
    return `\uE000RAW${raw.length - 1}\uE000`;
  });
  source = source
    .replace(
      /\{%-?\s*highlight\s+([\w+#-]+)[^%]*%\}\n?([\s\S]*?)\n?\{%-?\s*endhighlight\s*-?%\}/g,
      (_w, language: string, code: string) => fence(language, code),
    )
    .replace(
      /\{\{[<%]\s*highlight\s+([\w+#-]+)[^>%]*[>%]\}\}\n?([\s\S]*?)\n?\{\{[<%]\s*\/highlight\s*[>%]\}\}/g,
      (_w, language: string, code: string) => fence(language, code),
    )
    .replace(/\{\{-?\s*(?:site\.baseurl|site\.url\s*\|?\s*(?:append:\s*site\.baseurl)?)\s*-?\}\}/g, site.basePath)
    .replace(/\{\{[<%]\s*figure\s+([^>%]*?)\s*\/?[>%]\}\}/g, (_w, args: string) => figure(shortcodeArgs(args)))
    .replace(
      /\{\{[<%]\s*youtube\s+(?:id=)?"?([\w-]+)"?\s*[>%]\}\}/g,
      (_w, id: string) => `<https://www.youtube.com/watch?v=${id}>`,
    )
    .replace(/\{\{[<%]\s*vimeo\s+(?:id=)?"?(\d+)"?\s*[>%]\}\}/g, (_w, id: string) => `<https://vimeo.com/${id}>`)
    .replace(
      /\{\{[<%]\s*gist\s+([\w-]+)\s+(\w+)[^>%]*[>%]\}\}/g,
      (_w, user: string, id: string) => `<https://gist.github.com/${user}/${id}>`,
    )
    .replace(
      /\{%-?\s*gist\s+([\w-]+)\/(\w+)[^%]*%\}/g,
      (_w, user: string, id: string) => `<https://gist.github.com/${user}/${id}>`,
    );
  const mark = (tag: string): void => void unknown.set(tag, (unknown.get(tag) ?? 0) + 1);
  for (const [, name] of source.matchAll(/(?<!\{)\{%-?\s*(\w+)/g)) mark(`{% ${name} %}`);
  for (const [, closing, name] of source.matchAll(/\{\{[<%]\s*(\/)?\s*([\w.-]+)/g))
    if (!closing) mark(`{{< ${name} >}}`);
  for (const [tag, count] of unknown)
    notes.push(
      `has ${count === 1 ? 'a' : count} ${tag} ${count === 1 ? 'tag' : 'tags'} Folio cannot run: left as written`,
    );
  source = source.replace(/\uE000RAW(\d+)\uE000/g, (_w, index: string) => raw[Number(index)] ?? '');
  return { source, notes };
}

function fence(language: string, code: string): string {
  return `\`\`\`${language}\n${code.replace(/\n$/, '')}\n\`\`\``;
}

/** `src="/a.jpg" title="T"` or positional `"/a.jpg"`. */
function shortcodeArgs(text: string): Record<string, string> {
  const args: Record<string, string> = {};
  for (const [, name, quoted, bare] of text.matchAll(/(?:(\w+)=)?(?:"([^"]*)"|(\S+))/g)) {
    args[name ?? 'src'] = quoted ?? bare ?? '';
  }
  return args;
}

function figure(args: Record<string, string>): string {
  const src = args.src ?? '';
  const alt = args.alt ?? args.title ?? args.caption ?? '';
  const image = `![${alt.replace(/[[\]]/g, '')}](${src}${args.title ? ` "${args.title.replace(/"/g, '')}"` : ''})`;
  const caption = args.caption ?? (args.alt ? args.title : undefined);
  const linked = args.link ? `[${image}](${args.link})` : image;
  return caption ? `${linked}\n*${caption}*` : linked;
}

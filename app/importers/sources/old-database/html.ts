/** HTML helpers the old-database importers share. */

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The code macros Typo (<typo:code>) and Mephisto (<macro:code>) put in bodies, and the names of the others found. */
export interface MacroResult {
  text: string;
  /** Macros Folio has no counterpart for ("typo:flickr"), left in the text and reported. */
  unknown: string[];
}

const codeMacro = /<(typo|macro):code\b([^>]*)>([\s\S]*?)<\/\1:code>/gi;
const anyMacro = /<(typo|macro):([a-z_]+)\b/gi;

/**
 * Code macros become code blocks: a fence in Markdown (Folio highlights it),
 * an escaped <pre><code> in HTML. Other macros are left as they were and
 * named, so the report can say which articles need a look.
 */
export function replaceCodeMacros(source: string, as: 'markdown' | 'html'): MacroResult {
  const text = source.replace(codeMacro, (_whole, _prefix: string, attributes: string, code: string) => {
    const lang = /\blang\s*=\s*["']?([\w+#-]+)/i.exec(attributes)?.[1]?.toLowerCase() ?? '';
    const body = code.replace(/^\r?\n/, '').replace(/\r?\n$/, '');
    if (as === 'markdown') {
      const fence = body.includes('```') ? '~~~~' : '```';
      return `\n\n${fence}${lang}\n${body}\n${fence}\n\n`;
    }
    const language = lang ? ` class="language-${escapeHtml(lang)}"` : '';
    return `<pre><code${language}>${escapeHtml(body)}</code></pre>`;
  });
  const unknown = new Set<string>();
  for (const match of text.matchAll(anyMacro)) unknown.add(`${match[1]!.toLowerCase()}:${match[2]!.toLowerCase()}`);
  return { text, unknown: [...unknown] };
}

/**
 * Renders a theme template inside the theme's layout. Templates are compiled
 * once per theme (EJS without `with`, about 3x faster) and see a fixed set of
 * names: this list is the theme API.
 */
import ejs from 'ejs';
import { readFileSync } from 'node:fs';
import { resolveTemplate, type ThemeRegistry } from '#app/themes/registry.ts';

/**
 * The names a template can use. Each page fills the ones it has; the rest
 * are undefined. `partial(name, data)` renders `partials/<name>.ejs` from the
 * active theme or default, with the page's names plus `data` (any other key
 * of `data` is still there as `locals.key`).
 */
export const templateLocals = [
  'site',
  'meta',
  'theme',
  'h',
  'partial',
  'content',
  'articles',
  'article',
  'comments',
  'commentForm',
  'neighbours',
  'pagination',
  'heading',
  'years',
  'tags',
  'staticPage',
  'search',
  'error',
  'notice',
  // Names for what a page hands a partial: partial('comment', { comment }).
  'item',
  'comment',
  'tag',
  'result',
] as const;
export type TemplateLocals = Partial<Record<(typeof templateLocals)[number], unknown>>;

export class TemplateMissing extends Error {}

export interface Renderer {
  /** The page's HTML: `templates/<name>.ejs` rendered, then wrapped in `layout.ejs`. */
  renderPage(themeName: string, name: string, locals: TemplateLocals): string;
}

type Compiled = (locals: TemplateLocals) => string;

export function createRenderer(themes: ThemeRegistry, options: { cache: boolean }): Renderer {
  const compiled = new Map<string, Compiled>();

  function compile(themeName: string, file: string): Compiled {
    const key = `${themeName}:${file}`;
    const cached = compiled.get(key);
    if (cached) return cached;
    const filename = resolveTemplate(themes, themeName, file);
    if (!filename) throw new TemplateMissing(`no theme provides ${file}`);
    const fn = ejs.compile(readFileSync(filename, 'utf8'), {
      filename,
      _with: false,
      strict: true,
      localsName: 'locals',
      destructuredLocals: [...templateLocals],
      includer: () => {
        throw new TemplateMissing(`${filename}: use partial(name, data) instead of include()`);
      },
    } as ejs.Options) as unknown as Compiled;
    if (options.cache) compiled.set(key, fn);
    return fn;
  }

  function render(themeName: string, file: string, locals: TemplateLocals): string {
    return renderOwn(themeName, file, { ...locals });
  }

  /** Renders with `scope`, a fresh object this call may add `partial` to (a listing renders ~30 partials: one copy each). */
  function renderOwn(themeName: string, file: string, scope: TemplateLocals): string {
    scope.partial = (name: string, data: TemplateLocals = {}) => {
      if (!/^[a-z0-9][a-z0-9/-]*$/.test(name) || name.includes('..'))
        throw new TemplateMissing(`bad partial name "${name}"`);
      return renderOwn(themeName, `partials/${name}.ejs`, { ...scope, ...data });
    };
    return compile(themeName, file)(scope);
  }

  return {
    renderPage(themeName, name, locals) {
      const content = render(themeName, `templates/${name}.ejs`, locals);
      return render(themeName, 'layout.ejs', { ...locals, content });
    },
  };
}

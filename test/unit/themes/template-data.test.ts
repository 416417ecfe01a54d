import { describe, it, expect } from 'vitest';
import { templateNames } from '#app/presenters/template-data.ts';
import { fallbackTheme, loadThemes } from '#app/themes/registry.ts';

describe('the typed theme API', () => {
  const themes = loadThemes();

  it('describes the data of every template a shipped theme provides', () => {
    for (const theme of themes.values()) {
      const templates = [...theme.files].filter((file) => file.startsWith('templates/'));
      for (const file of templates) expect(templateNames).toContain(file.slice('templates/'.length, -'.ejs'.length));
    }
  });

  it('has a default template for every template it describes', () => {
    const fallback = themes.get(fallbackTheme)!;
    for (const name of templateNames) expect(fallback.files.has(`templates/${name}.ejs`)).toBe(true);
  });
});

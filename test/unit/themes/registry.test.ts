import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { loadThemes, templateCandidates, resolveTemplate, themesDir } from '#app/themes/registry.ts';

describe('theme registry', () => {
  const themes = loadThemes();

  it('finds the two shipped themes with their manifests and previews', () => {
    expect([...themes.keys()].sort()).toEqual(['default', 'minimal']);
    expect(themes.get('minimal')!.manifest.title).toBe('Minimal');
    expect(themes.get('default')!.files.has('templates/article.ejs')).toBe(true);
  });

  it('looks in the active theme first, then default', () => {
    expect(templateCandidates('minimal', 'templates/index.ejs')).toEqual([
      'minimal/templates/index.ejs',
      'default/templates/index.ejs',
    ]);
    expect(templateCandidates('default', 'layout.ejs')).toEqual(['default/layout.ejs']);
  });

  it('resolves overrides and inherited templates', () => {
    expect(resolveTemplate(themes, 'minimal', 'templates/article.ejs')).toBe(
      path.join(themesDir, 'minimal/templates/article.ejs'),
    );
    expect(resolveTemplate(themes, 'minimal', 'templates/index.ejs')).toBe(
      path.join(themesDir, 'default/templates/index.ejs'),
    );
    expect(resolveTemplate(themes, 'minimal', 'templates/nope.ejs')).toBeNull();
  });

  it('never turns a theme name into a path', () => {
    expect(resolveTemplate(themes, '../../etc', 'layout.ejs')).toBe(path.join(themesDir, 'default/layout.ejs'));
  });
});

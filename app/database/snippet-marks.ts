/**
 * What the search index puts around a match in a snippet: control
 * characters that survive HTML escaping (models/article/search.ts turns them
 * into <mark>) and that indexed text never holds (search-text.ts strips every
 * control character), so only the index can mark a match.
 */
export const snippetMarks = { open: '\u0002', close: '\u0003' } as const;

/** Control characters other than tab and newlines: never in indexed text (see the PostgreSQL search migration). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

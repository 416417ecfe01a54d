/**
 * What the search index puts around a match in a snippet: control
 * characters that survive HTML escaping (models/article/search.ts turns them
 * into <mark>) and that indexed text never contains (search-text.ts strips
 * them), so only the index can mark a match.
 */
export const snippetMarks = { open: '\u0002', close: '\u0003' } as const;

/**
 * A revision compared with the current text, field by field, as escaped
 * HTML with <del> (only in the revision) and <ins> (only in the current
 * text). Word diffs read best; a huge or wildly different body falls back
 * to lines, then to "all removed, all added", so it never hangs a request.
 */
import type * as diffModule from 'diff';
import type { Change } from 'diff';
import type { RevisionText } from '#app/models/article/revisions.ts';
import { lazy } from '#app/lazy.ts';

const loadDiff = lazy<typeof diffModule>('diff');

export interface FieldDiff {
  field: keyof RevisionText;
  label: string;
  changed: boolean;
  /** Escaped text with <ins>/<del> marks: safe to output unescaped. */
  html: string;
}

const fields: { field: keyof RevisionText; label: string }[] = [
  { field: 'title', label: 'Title' },
  { field: 'excerpt', label: 'Excerpt' },
  { field: 'bodySource', label: 'Body' },
  { field: 'textFilter', label: 'Text filter' },
];

export function revisionDiff(revision: RevisionText, current: RevisionText): FieldDiff[] {
  return fields.map(({ field, label }) => ({
    field,
    label,
    changed: revision[field] !== current[field],
    html: diffHtml(revision[field], current[field]),
  }));
}

/** `before` → `after` as escaped HTML with <del>/<ins>. */
export function diffHtml(before: string, after: string): string {
  if (before === after) return escapeHtml(after);
  const { diffWordsWithSpace, diffLines } = loadDiff();
  const changes =
    diffWordsWithSpace(before, after, { timeout: 1000 }) ??
    diffLines(before, after, { timeout: 1000 }) ??
    wholesale(before, after);
  return changes.map(mark).join('');
}

function mark(change: Change): string {
  const text = escapeHtml(change.value);
  if (change.added) return `<ins>${text}</ins>`;
  if (change.removed) return `<del>${text}</del>`;
  return text;
}

function wholesale(before: string, after: string): Change[] {
  return [
    { value: before, added: false, removed: true, count: 1 },
    { value: after, added: true, removed: false, count: 1 },
  ];
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Helpers for admin views (the reader themes have theirs in helpers/index.ts). */
import { dateTime } from '#app/helpers/dates.ts';

export const adminHelpers = Object.freeze({
  dateTime: (date: Date | null | undefined) => (date ? dateTime(date, 'UTC') + ' UTC' : '—'),
  /** `value` for an <input type="datetime-local"> (UTC). */
  dateTimeInput: (date: Date | null | undefined) => (date ? date.toISOString().slice(0, 16) : ''),
  pluralize: (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`,
  bytes: (n: number) => (n < 1024 ? `${n} B` : n < 1_048_576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1_048_576).toFixed(1)} MB`),
});

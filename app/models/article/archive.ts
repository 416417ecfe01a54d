/**
 * Date archives. They key on `publishedOn` (the publication day fixed at
 * publish time), so an archive always agrees with the permalinks in it.
 */
import { db } from '#app/models/db.ts';
import { visibleWhere } from '#app/models/article/visibility.ts';

export interface DateRange {
  year: number;
  month?: number;
  day?: number;
}

/** Parses URL segments ("2006", "02", "28") into a real calendar date range, or null. */
export function parseDateRange(year: string, month?: string, day?: string): DateRange | null {
  if (
    !/^\d{4}$/.test(year) ||
    (month !== undefined && !/^\d{1,2}$/.test(month)) ||
    (day !== undefined && !/^\d{1,2}$/.test(day))
  )
    return null;
  const range: DateRange = { year: Number(year) };
  if (range.year < 1970) return null;
  if (month === undefined) return range;
  range.month = Number(month);
  if (range.month < 1 || range.month > 12) return null;
  if (day === undefined) return range;
  range.day = Number(day);
  const daysInMonth = new Date(Date.UTC(range.year, range.month, 0)).getUTCDate();
  return range.day >= 1 && range.day <= daysInMonth ? range : null;
}

/** "2006", "2006-02" or "2006-02-28". */
export function dayPrefix(range: DateRange): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return [String(range.year), range.month && pad(range.month), range.day && pad(range.day)].filter(Boolean).join('-');
}

export interface ArchiveYear {
  year: number;
  total: number;
  months: { month: number; count: number }[];
}

/** Every month with visible articles and its count, grouped by year, newest first. */
export async function archiveMonths(now = new Date()): Promise<ArchiveYear[]> {
  const days = await db.article.groupBy({ by: ['publishedOn'], where: visibleWhere(now), _count: { _all: true } });
  const months = new Map<string, number>();
  for (const day of days) {
    if (!day.publishedOn) continue;
    const key = day.publishedOn.slice(0, 7);
    months.set(key, (months.get(key) ?? 0) + day._count._all);
  }
  const years = new Map<number, ArchiveYear>();
  for (const [key, count] of [...months].sort(([a], [b]) => (a < b ? 1 : -1))) {
    const year = Number(key.slice(0, 4));
    const entry = years.get(year) ?? { year, total: 0, months: [] };
    entry.months.push({ month: Number(key.slice(5, 7)), count });
    entry.total += count;
    years.set(year, entry);
  }
  return [...years.values()];
}

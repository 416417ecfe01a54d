/**
 * WordPress keeps two clocks per post and comment: the blog's local time
 * (wp:post_date) and UTC (wp:post_date_gmt). The GMT one is the instant; the
 * local one is the day the permalink shows. Drafts (and some imported
 * posts) have a GMT date of 0000-00-00 00:00:00: then the blog's offset,
 * learned from the items that had both, turns local time into an instant.
 */

const mysqlDate = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;

/** "2009-05-17 14:30:00" read as UTC milliseconds, or undefined for WordPress's zero date and garbage. */
export function mysqlMillis(text: string): number | undefined {
  const match = mysqlDate.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year === 0 || month === 0 || day === 0) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** The YYYY-MM-DD of a local "2009-05-17 14:30:00", when it is a real date. */
export function localDay(text: string): string | undefined {
  return mysqlMillis(text) === undefined ? undefined : text.trim().slice(0, 10);
}

/** Remembers the blog's UTC offset from the pairs it has seen (the last one: offsets change with DST). */
export class BlogClock {
  private offsetMillis = 0;

  /** The instant of a local/GMT pair: GMT when it is real, else local minus the offset last seen. */
  instant(local: string, gmt: string): Date | undefined {
    const localMillis = mysqlMillis(local);
    const gmtMillis = mysqlMillis(gmt);
    if (gmtMillis !== undefined) {
      if (localMillis !== undefined) this.offsetMillis = localMillis - gmtMillis;
      return new Date(gmtMillis);
    }
    return localMillis === undefined ? undefined : new Date(localMillis - this.offsetMillis);
  }
}

/**
 * Dates as old engines wrote them: ISO 8601 / RFC 3339 (Ghost, Atom, front
 * matter), RFC 822 in its real-world variants (RSS), and wall times without
 * a zone (front matter), which mean the site's own time zone. A parsed date
 * keeps the offset it was written with, so the publication day is the day
 * the old blog showed.
 */
export interface ParsedDate {
  instant: Date;
  /** Minutes east of UTC the date was written in; undefined when it carried no zone. */
  offsetMinutes?: number;
}

/** YYYY-MM-DD of an instant in a time zone (an IANA name, "UTC" when unknown or invalid). */
export function dayInZone(instant: Date, zone: string | undefined): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: validZone(zone) ?? 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** The day as the date was written: in its own offset, else in the zone given. */
export function publicationDay(date: ParsedDate, zone?: string): string {
  if (date.offsetMinutes === undefined) return dayInZone(date.instant, zone);
  return new Date(date.instant.getTime() + date.offsetMinutes * 60_000).toISOString().slice(0, 10);
}

export function validZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * "2009-05-17", "2009-05-17 10:00", "2009-05-17T10:00:00.000Z",
 * "2009-05-17 10:00:00 +0200" (Jekyll), "2009-05-17T10:00:00-07:00".
 * Without a zone the wall time is read in `zone` (UTC when none).
 */
export function parseIsoDate(text: string, zone?: string): ParsedDate | undefined {
  const match = ISO.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '0', offset] = match;
  const wall = [
    Number(y),
    Number(mo),
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(`0.${fraction}`) * 1000,
  ] as const;
  if (!validWall(wall)) return undefined;
  if (offset === undefined) return { instant: wallTimeInZone(wall, zone) };
  const offsetMinutes = parseOffset(offset);
  const utc = Date.UTC(wall[0], wall[1] - 1, wall[2], wall[3], wall[4], wall[5], wall[6]);
  return { instant: new Date(utc - offsetMinutes * 60_000), offsetMinutes };
}

type Wall = readonly [number, number, number, number, number, number, number];

function validWall([, month, day, hour, minute, second]: Wall): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 24 && minute <= 59 && second <= 60;
}

function parseOffset(text: string): number {
  if (/^(Z|UTC|GMT)$/i.test(text)) return 0;
  const digits = text.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0'));
}

/** The instant a wall time names in an IANA zone (the earlier one in a DST overlap). */
export function wallTimeInZone(wall: Wall, zone: string | undefined): Date {
  const guess = Date.UTC(wall[0], wall[1] - 1, wall[2], wall[3], wall[4], wall[5], wall[6]);
  const name = validZone(zone);
  if (!name || name === 'UTC') return new Date(guess);
  // Two passes: the offset at the guess, then at the corrected instant (DST edges).
  let instant = guess - zoneOffsetMinutes(new Date(guess), name) * 60_000;
  instant = guess - zoneOffsetMinutes(new Date(instant), name) * 60_000;
  return new Date(instant);
}

function zoneOffsetMinutes(instant: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const get = (type: string): number => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// North American and military zone names RSS feeds still carry (RFC 822 §5.1).
const ZONES: Record<string, number> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  BST: 60,
  CET: 60,
  CEST: 120,
  A: -60,
  M: -720,
  N: 60,
  Y: 720,
};

const RFC822 =
  /^(?:[a-z]+,?\s*)?(\d{1,2})[\s-]+([a-z]+)\.?[\s-]+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([+-]\d{2}:?\d{2}|[a-z]{1,5})?/i;

/**
 * RFC 822 as feeds write it: "Sun, 17 May 2009 10:00:00 +0000", with or
 * without the weekday or seconds, two-digit years, full month names,
 * "17-May-2009", zone names (GMT, EST, PDT) or none (read as UTC).
 */
export function parseRfc822Date(text: string): ParsedDate | undefined {
  const match = RFC822.exec(text.trim().replace(/\s+/g, ' '));
  if (!match) return undefined;
  const [, d, monthName, y, h, mi, s = '0', zone] = match;
  const month = MONTHS.indexOf(monthName!.slice(0, 3).toLowerCase());
  if (month < 0) return undefined;
  let year = Number(y);
  if (y!.length === 2) year += year < 50 ? 2000 : 1900;
  const offsetMinutes = zone === undefined ? 0 : /^[+-]/.test(zone) ? parseOffset(zone) : ZONES[zone.toUpperCase()];
  if (offsetMinutes === undefined) return undefined;
  const utc = Date.UTC(year, month, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(utc)) return undefined;
  return { instant: new Date(utc - offsetMinutes * 60_000), offsetMinutes };
}

/** Any date a feed or export writes: RFC 3339 first, then RFC 822. */
export function parseAnyDate(text: string | undefined, zone?: string): ParsedDate | undefined {
  if (!text) return undefined;
  return parseIsoDate(text, zone) ?? parseRfc822Date(text);
}

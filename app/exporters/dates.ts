/** Instants as an export's readers expect them: wall time in the blog's zone, with or without its offset. */
import { wallFields as wall } from '#app/helpers/time-zone.ts';

/** "2024-03-07 14:05:09": MySQL's DATETIME, as WordPress stores post_date (local) and post_date_gmt (zone "UTC"). */
export function sqlDateTime(date: Date, timeZone: string): string {
  const w = wall(date, timeZone);
  return `${w.year}-${w.month}-${w.day} ${w.hour}:${w.minute}:${w.second}`;
}

/** "2024-03-07T14:05:09+01:00": the wall time in the zone with its offset, so the instant and the day both survive. */
export function isoWithOffset(date: Date, timeZone: string): string {
  const w = wall(date, timeZone);
  const asUtc = Date.UTC(+w.year, +w.month - 1, +w.day, +w.hour, +w.minute, +w.second);
  const offsetMinutes = Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${w.year}-${w.month}-${w.day}T${w.hour}:${w.minute}:${w.second}${offset}`;
}

/** "Thu, 07 Mar 2024 13:05:09 +0000": RFC 822 in UTC, as RSS (and WordPress's export) writes pubDate. */
export function rfc822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

import { describe, it, expect } from 'vitest';
import { instantsAt, wallTime, zonedDateTime } from '#app/helpers/time-zone.ts';

const iso = (dates: Date[] | null) => dates?.map((d) => d.toISOString()) ?? null;

describe('the blog’s time zone', () => {
  it('shows a stored time in the zone, with the zone named', () => {
    const at = new Date('2026-07-10T12:34:56Z');
    expect(zonedDateTime(at, 'UTC')).toBe('10 July 2026 at 12:34 UTC');
    expect(zonedDateTime(at, 'Europe/Berlin')).toBe('10 July 2026 at 14:34 CEST');
    expect(zonedDateTime(new Date('2026-01-10T12:00Z'), 'Europe/Berlin')).toBe('10 January 2026 at 13:00 CET');
    expect(zonedDateTime(at, 'America/New_York')).toBe('10 July 2026 at 08:34 GMT-4');
    expect(zonedDateTime(at, 'Asia/Kolkata')).toBe('10 July 2026 at 18:04 GMT+5:30');
  });

  it('gives the wall time for a datetime-local field, and reads it back to the same minute', () => {
    const at = new Date('2026-07-10T12:34:00Z');
    for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
      expect(iso(instantsAt(wallTime(at, zone), zone)), zone).toEqual([at.toISOString()]);
    }
    expect(wallTime(at, 'America/New_York')).toBe('2026-07-10T08:34');
    expect(iso(instantsAt('2026-07-10T08:34:56', 'America/New_York'))).toEqual(['2026-07-10T12:34:56.000Z']);
  });

  it('finds no instant in a spring-forward gap and two in a fall-back hour (earliest first)', () => {
    expect(instantsAt('2026-03-29T02:30', 'Europe/Berlin')).toEqual([]);
    expect(iso(instantsAt('2026-10-25T02:30', 'Europe/Berlin'))).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:30:00.000Z',
    ]);
    expect(instantsAt('2026-03-08T02:30', 'America/New_York')).toEqual([]);
    expect(iso(instantsAt('2026-11-01T01:30', 'America/New_York'))).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T06:30:00.000Z',
    ]);
    // Lord Howe moves its clocks by half an hour.
    expect(instantsAt('2026-10-04T02:15', 'Australia/Lord_Howe')).toEqual([]);
    expect(iso(instantsAt('2026-04-05T01:45', 'Australia/Lord_Howe'))).toEqual([
      '2026-04-04T14:45:00.000Z',
      '2026-04-04T15:15:00.000Z',
    ]);
  });

  it('reads nothing from text that is not a wall time or names no real day', () => {
    for (const bad of [
      '',
      'tomorrow',
      '2026-02-30T10:00',
      '2026-02-28T24:00',
      '2026-02-28T10:60',
      '2026-02-28 10:00',
      '2026-02-28T10:00Z',
    ])
      expect(instantsAt(bad, 'UTC'), bad).toBeNull();
  });
});

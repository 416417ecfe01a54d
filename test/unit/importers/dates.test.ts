import { describe, expect, it } from 'vitest';
import { dayInZone, parseIsoDate, parseRfc822Date, publicationDay } from '#app/importers/sources/shared/dates.ts';

describe('RFC 822 dates as feeds write them', () => {
  it.each([
    ['Sun, 17 May 2009 10:00:00 +0000', '2009-05-17T10:00:00.000Z', 0],
    ['17 May 2009 10:00:00 GMT', '2009-05-17T10:00:00.000Z', 0],
    ['Sun, 17 May 2009 10:00:00 EST', '2009-05-17T15:00:00.000Z', -300],
    ['Sun, 17 May 09 10:00 PDT', '2009-05-17T17:00:00.000Z', -420],
    ['Sunday, 17-May-2009 10:00:00 +02:00', '2009-05-17T08:00:00.000Z', 120],
    ['Sun, 7 June 2009 10:00:00 +0530', '2009-06-07T04:30:00.000Z', 330],
    ['Sun, 17 May 2009 10:00:00', '2009-05-17T10:00:00.000Z', 0],
  ])('%s', (text, instant, offset) => {
    expect(parseRfc822Date(text)).toEqual({ instant: new Date(instant), offsetMinutes: offset });
  });

  it('refuses what is not a date', () => {
    expect(parseRfc822Date('yesterday')).toBeUndefined();
    expect(parseRfc822Date('Sun, 17 Foo 2009 10:00:00 +0000')).toBeUndefined();
  });
});

describe('ISO dates, with and without a zone', () => {
  it('keeps the written offset, and reads wall times in the zone given (DST included)', () => {
    expect(parseIsoDate('2009-05-17 10:00:00 +0200')).toEqual({
      instant: new Date('2009-05-17T08:00:00Z'),
      offsetMinutes: 120,
    });
    expect(parseIsoDate('2009-05-17T10:00:00.250Z')).toEqual({
      instant: new Date('2009-05-17T10:00:00.250Z'),
      offsetMinutes: 0,
    });
    expect(parseIsoDate('2009-07-01 12:00', 'America/New_York')).toEqual({ instant: new Date('2009-07-01T16:00:00Z') });
    expect(parseIsoDate('2009-01-01 12:00', 'America/New_York')).toEqual({ instant: new Date('2009-01-01T17:00:00Z') });
    expect(parseIsoDate('2009-01-01', 'Not/A_Zone')).toEqual({ instant: new Date('2009-01-01T00:00:00Z') });
    expect(parseIsoDate('2009-13-01')).toBeUndefined();
  });

  it('gives the day the old blog showed', () => {
    expect(publicationDay({ instant: new Date('2009-05-16T22:30:00Z'), offsetMinutes: 120 })).toBe('2009-05-17');
    expect(publicationDay({ instant: new Date('2009-05-16T22:30:00Z') }, 'Asia/Tokyo')).toBe('2009-05-17');
    expect(dayInZone(new Date('2009-05-17T02:00:00Z'), 'America/Los_Angeles')).toBe('2009-05-16');
  });
});

/**
 * The blog's time zone (Settings) in the back office: times are stored in
 * UTC, and shown, typed and read as wall-clock time in that zone. This is
 * the one home for the conversions; Intl does the zone arithmetic, so the
 * tz database is the runtime's own.
 */

/** A set of view helpers per time zone, built on first use and kept (a blog has one zone, tests a few). */
export function perTimeZone<T>(build: (timeZone: string) => T): (timeZone: string) => T {
  const built = new Map<string, T>();
  return (timeZone) => {
    let helpers = built.get(timeZone);
    if (!helpers) built.set(timeZone, (helpers = build(timeZone)));
    return helpers;
  };
}

/** "7 March 2024 at 14:05 CET": a stored time as the blog's zone shows it, with the zone named. */
export function zonedDateTime(date: Date, timeZone: string): string {
  const parts = formatter(timeZone, 'display').formatToParts(date);
  const zone = parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  return `${parts
    .filter((p) => p.type !== 'timeZoneName')
    .map((p) => p.value)
    .join('')
    .trim()} ${zone}`;
}

/** `YYYY-MM-DDTHH:mm`, the value of an `<input type="datetime-local">`: the wall time in the zone. */
export function wallTime(date: Date, timeZone: string): string {
  const { year, month, day, hour, minute } = wallFields(date, timeZone);
  return `${year}-${month}-${day}T${hour}:${minute}`;
}

/**
 * The instants a typed wall time (`YYYY-MM-DDTHH:mm[:ss[.sss]]`, fractions ignored) names in the zone,
 * earliest first: one as a rule, none when the clocks skip it (spring
 * forward), two when they show it twice (fall back). null when the text is
 * not such a time or names no real day ("2026-02-30").
 */
export function instantsAt(wall: string, timeZone: string): Date[] | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/.exec(wall);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((field = '0') => Number(field)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(asUtc);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return null;
  // The zone's offsets a day either side cover any transition near this time (they are months apart).
  const offsets = new Set([
    offsetAt(asUtc - 86_400_000, timeZone),
    offsetAt(asUtc, timeZone),
    offsetAt(asUtc + 86_400_000, timeZone),
  ]);
  const instants = [...offsets]
    .map((offset) => asUtc - offset)
    .filter((instant) => offsetAt(instant, timeZone) === asUtc - instant);
  return [...new Set(instants)].sort((a, b) => a - b).map((instant) => new Date(instant));
}

/** How far the zone's clocks are ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const f = wallFields(new Date(instant), timeZone);
  const seconds = Math.floor(instant / 1000) * 1000;
  return (
    Date.UTC(Number(f.year), Number(f.month) - 1, Number(f.day), Number(f.hour), Number(f.minute), Number(f.second)) -
    seconds
  );
}

/** The wall clock's fields of `date` in the zone, two digits each (four for the year), 24-hour. */
export function wallFields(
  date: Date,
  timeZone: string,
): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const fields = { year: '', month: '', day: '', hour: '', minute: '', second: '' };
  for (const part of formatter(timeZone, 'fields').formatToParts(date))
    if (part.type in fields) fields[part.type as keyof typeof fields] = part.value;
  return fields;
}

// Making a formatter costs far more than formatting, and admin lists format many dates.
const formatters = new Map<string, Intl.DateTimeFormat>();
const styles = {
  // en-GB names zones as readers expect ("CET", "BST", "UTC"), falling back to "GMT-5".
  display: {
    locale: 'en-GB',
    options: {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    },
  },
  fields: {
    locale: 'en-US',
    options: {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    },
  },
} satisfies Record<string, { locale: string; options: Intl.DateTimeFormatOptions }>;

function formatter(timeZone: string, style: keyof typeof styles): Intl.DateTimeFormat {
  const key = `${style} ${timeZone}`;
  let made = formatters.get(key);
  if (!made)
    formatters.set(key, (made = new Intl.DateTimeFormat(styles[style].locale, { timeZone, ...styles[style].options })));
  return made;
}

/** Dates as readers see them, in the blog's time zone. */
const styles = {
  long: { day: 'numeric', month: 'long', year: 'numeric' },
  dateTime: { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

// Making a formatter costs far more than formatting, and pages format many dates.
const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string, style: keyof typeof styles): Intl.DateTimeFormat {
  const key = `${style} ${timeZone}`;
  let formatter = formats.get(key);
  if (!formatter) formats.set(key, (formatter = new Intl.DateTimeFormat('en-GB', { timeZone, ...styles[style] })));
  return formatter;
}

/** "7 March 2024". */
export function longDate(date: Date, timeZone: string): string {
  return format(timeZone, 'long').format(date);
}

/** "7 March 2024, 14:05". */
export function dateTime(date: Date, timeZone: string): string {
  return format(timeZone, 'dateTime').format(date);
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function monthName(month: number): string {
  return monthNames[month - 1] ?? String(month);
}

/** Dates as readers see them, in the blog's time zone. */
const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = timeZone + JSON.stringify(options);
  let formatter = formats.get(key);
  if (!formatter) formats.set(key, (formatter = new Intl.DateTimeFormat('en-GB', { timeZone, ...options })));
  return formatter;
}

/** "7 March 2024". */
export function longDate(date: Date, timeZone: string): string {
  return format(timeZone, { day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}

/** "7 March 2024, 14:05". */
export function dateTime(date: Date, timeZone: string): string {
  return format(timeZone, { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(date);
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function monthName(month: number): string {
  return monthNames[month - 1] ?? String(month);
}

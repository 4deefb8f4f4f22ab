/** Relative times for posts ("5 min", "3 h", "2 Dec"), with the exact time for the title on hover. */
const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
];

/** "just now", "5 minutes ago", "3 hours ago", then the date ("2 Dec", with the year when it is not this one). */
export function relativeTime(iso: string, now: Date, locale = 'en'): string {
  const then = new Date(iso);
  let amount = Math.round((now.getTime() - then.getTime()) / 1000);
  if (amount < 10) return 'just now';
  for (const [unit, size] of UNITS) {
    if (amount < size) return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-amount, unit);
    amount = Math.floor(amount / size);
  }
  const sameYear = then.getFullYear() === now.getFullYear();
  return then.toLocaleDateString(locale, {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
}

export function exactTime(iso: string, locale = 'en'): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: 'long', timeStyle: 'short' });
}

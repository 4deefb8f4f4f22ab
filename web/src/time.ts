/** Relative times for posts ("5 min", "3 h", "2 Dec"), with the exact time for the title on hover. */
const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
];

/**
 * Intl formatters are costly to create (a page of posts would build dozens): one of each kind per locale and
 * options, kept for the page's life.
 */
const formatters = new Map<string, Intl.RelativeTimeFormat | Intl.DateTimeFormat>();

function cached<F extends Intl.RelativeTimeFormat | Intl.DateTimeFormat>(key: string, create: () => F): F {
  let formatter = formatters.get(key) as F | undefined;
  if (!formatter) {
    formatter = create();
    formatters.set(key, formatter);
  }
  return formatter;
}

/** "just now", "5 minutes ago", "3 hours ago", then the date ("2 Dec", with the year when it is not this one). */
export function relativeTime(iso: string, now: Date, locale = 'en'): string {
  const then = new Date(iso);
  let amount = Math.round((now.getTime() - then.getTime()) / 1000);
  if (amount < 10) return 'just now';
  for (const [unit, size] of UNITS) {
    if (amount < size) {
      const format = cached(
        `relative:${locale}`,
        () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
      );
      return (format as Intl.RelativeTimeFormat).format(-amount, unit);
    }
    amount = Math.floor(amount / size);
  }
  const sameYear = then.getFullYear() === now.getFullYear();
  const format = cached(
    `date:${locale}:${sameYear}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        day: 'numeric',
        month: 'short',
        ...(sameYear ? {} : { year: 'numeric' }),
      }),
  );
  return (format as Intl.DateTimeFormat).format(then);
}

export function exactTime(iso: string, locale = 'en'): string {
  const format = cached(
    `exact:${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }),
  );
  return (format as Intl.DateTimeFormat).format(new Date(iso));
}

/** How long to wait, as a 429's Retry-After says: "30 seconds", "5 minutes", "19 hours". */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `${Math.ceil(minutes / 60)} hours`;
}

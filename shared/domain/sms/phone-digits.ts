/**
 * What may be shown of a stored (E.164) number. Apart from ./phone-number.ts on purpose: these string helpers
 * are used by every SMS function, the parser (with libphonenumber's metadata, ~190 KB) only by AddPhone.
 */

/** The last digits of a number: all that the API shows and the logs ever contain. */
export function lastDigits(e164: string, count = 4): string {
  return e164.slice(-count);
}

/** A number for logs: country code kept, the rest masked except the last two digits. */
export function maskForLogs(e164: string): string {
  return `${e164.slice(0, 3)}…${e164.slice(-2)}`;
}

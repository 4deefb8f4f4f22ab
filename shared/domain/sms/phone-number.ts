/**
 * Phone numbers: parsed and normalised to E.164 with libphonenumber-js and its full metadata (the `max` build
 * knows, per country, which ranges are mobile), so a fixed-line, toll-free or premium-rate number is refused
 * before any SMS is paid for. Only AddPhone parses a typed number; what may be shown of a stored one is in
 * ./phone-digits.ts, which does not pull in the metadata.
 */
import type { CountryCode, NumberType } from 'libphonenumber-js/max';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Number types that can receive SMS. FIXED_LINE_OR_MOBILE is what NANP numbers (US, Canada) always are: their
 * ranges do not tell mobiles apart. VOIP numbers usually take SMS. Everything else (FIXED_LINE, TOLL_FREE,
 * PREMIUM_RATE, SHARED_COST, PAGER, UAN, VOICEMAIL, PERSONAL_NUMBER, unknown) is refused.
 */
const SMS_CAPABLE: ReadonlySet<NumberType> = new Set<NumberType>(['MOBILE', 'FIXED_LINE_OR_MOBILE', 'VOIP']);

export type PhoneNumberProblem =
  | 'invalid_phone_number'
  | 'phone_cannot_receive_sms'
  | 'phone_country_not_allowed';

export type ParsedPhoneNumber = { ok: true; e164: string } | { ok: false; problem: PhoneNumberProblem };

/**
 * Reads a phone number as people type it (spaces, dashes, dots, parentheses), in international form
 * (`+33 6 12 34 56 78`), or in the national form of `defaultCountry` when one is given. With
 * `allowedCountries` (ISO 3166 codes), numbers of any other country are refused: SMS pumping (toll fraud)
 * sends codes to expensive destinations the service never meant to serve.
 */
export function parseSmsNumber(
  input: string,
  defaultCountry?: string,
  allowedCountries?: readonly string[],
): ParsedPhoneNumber {
  const parsed = parsePhoneNumberFromString(input.trim(), {
    ...(defaultCountry ? { defaultCountry: defaultCountry as CountryCode } : {}),
    extract: false,
  });
  if (!parsed?.isValid()) return { ok: false, problem: 'invalid_phone_number' };
  const type = parsed.getType();
  if (!type || !SMS_CAPABLE.has(type)) return { ok: false, problem: 'phone_cannot_receive_sms' };
  if (allowedCountries && !(parsed.country && allowedCountries.includes(parsed.country))) {
    return { ok: false, problem: 'phone_country_not_allowed' };
  }
  return { ok: true, e164: parsed.number };
}

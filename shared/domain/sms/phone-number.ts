/**
 * Phone numbers: parsed and normalised to E.164 with libphonenumber-js and its `max` metadata (it knows, per
 * country, which ranges are mobile), so a fixed-line, toll-free or premium-rate number is refused before any
 * SMS is paid for. Only AddPhone parses a typed number; what may be shown of a stored one is in
 * ./phone-digits.ts, which does not pull in the metadata.
 *
 * A deployed bundle carries the metadata of its SMS countries' calling codes only, plus the world's calling
 * codes (infra/constructs/phone-metadata.ts); unbundled (the local stack, the tests) it is the whole `max`
 * metadata. The answers are the same with both, because a number outside the allowed countries' calling codes
 * is refused before the metadata is consulted.
 */
import {
  type CountryCode,
  type MetadataJson,
  type NumberType,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/core';
import bundledMetadata from 'libphonenumber-js/metadata.max.json';

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

/** The configured countries name one this build has no metadata for: the bundle and the settings disagree. */
export class PhoneMetadataMismatchError extends Error {
  override name = 'PhoneMetadataMismatchError';
  constructor(missing: readonly string[], carried: readonly string[]) {
    super(
      `SMS_ALLOWED_COUNTRIES / SMS_DEFAULT_COUNTRY name ${missing.join(', ')}, but this bundle carries phone ` +
        `metadata for ${[...carried].sort().join(', ')} only: deploy again with the smsAllowedCountries ` +
        'setting instead of editing the environment (docs/operations.md)',
    );
  }
}

/** libphonenumber's metadata; a bundle's subset adds the world's calling codes (the full one has them all). */
export type PhoneMetadata = MetadataJson & { world_calling_codes?: string[] };

/** `parseSmsNumber` over the given metadata (the bundled or full `max` metadata, or a subset in tests). */
export function smsNumberParser(given: PhoneMetadata) {
  const { world_calling_codes: worldCallingCodes, ...metadata } = given;
  const world: readonly string[] = worldCallingCodes ?? [
    ...Object.keys(metadata.country_calling_codes),
    ...Object.keys(metadata.nonGeographic ?? {}),
  ];

  /**
   * For digits of an international number: undefined when they start with a calling code of an allowed
   * country (the metadata decides the rest); otherwise the number is of another country, or of none at all.
   */
  const outsideCallingCodes = (digits: string, allowedCountries: readonly string[]) => {
    const allowedCodes = Object.entries(metadata.country_calling_codes)
      .filter(([, members]) => members.some((member) => allowedCountries.includes(member)))
      .map(([code]) => code);
    if (allowedCodes.some((code) => digits.startsWith(code))) return undefined;
    return world.some((code) => digits.startsWith(code))
      ? 'phone_country_not_allowed'
      : 'invalid_phone_number';
  };

  /**
   * Reads a phone number as people type it (spaces, dashes, dots, parentheses), in international form
   * (`+33 6 12 34 56 78`), or in the national form of `defaultCountry` when one is given. With
   * `allowedCountries` (ISO 3166 codes), numbers of any other country are refused: SMS pumping (toll fraud)
   * sends codes to expensive destinations the service never meant to serve.
   */
  return (
    input: string,
    defaultCountry?: string,
    allowedCountries?: readonly string[],
  ): ParsedPhoneNumber => {
    const missing = [...(allowedCountries ?? []), ...(defaultCountry ? [defaultCountry] : [])].filter(
      (country) => !(country in metadata.countries),
    );
    if (missing.length > 0) throw new PhoneMetadataMismatchError(missing, Object.keys(metadata.countries));
    const text = input.trim();
    if (allowedCountries && text.startsWith('+')) {
      const outside = outsideCallingCodes(text.replace(/\D/g, ''), allowedCountries);
      if (outside) return { ok: false, problem: outside };
    }
    const parsed = parsePhoneNumberFromString(
      text,
      { ...(defaultCountry ? { defaultCountry: defaultCountry as CountryCode } : {}), extract: false },
      metadata,
    );
    if (!parsed?.isValid()) return { ok: false, problem: 'invalid_phone_number' };
    const type = parsed.getType();
    if (!type || !SMS_CAPABLE.has(type)) return { ok: false, problem: 'phone_cannot_receive_sms' };
    if (allowedCountries && !(parsed.country && allowedCountries.includes(parsed.country))) {
      return { ok: false, problem: 'phone_country_not_allowed' };
    }
    return { ok: true, e164: parsed.number };
  };
}

export const parseSmsNumber = smsNumberParser(bundledMetadata as PhoneMetadata);

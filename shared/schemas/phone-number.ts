/**
 * The request schema that takes a phone number as typed (adding a phone): the only one that parses it with
 * libphonenumber's `max` metadata (157 KB; in a bundle, the SMS countries' cut of it: 16 KB for US). A
 * module-level zod schema is always kept by the bundler, with everything its checks reach, so it lives apart
 * from ./sms.ts and only AddPhone bundles the metadata; the other SMS functions handle numbers already in
 * E.164 (stored, or given by AWS).
 */
import { config } from '#shared/config';
import { parseSmsNumber } from '#shared/domain/sms/phone-number';
import { domainIssue } from './common';
import * as z from './zod';

const MESSAGES = {
  invalid_phone_number:
    'This is not a valid phone number: use the international form, like +33 6 12 34 56 78',
  phone_cannot_receive_sms: 'This number cannot receive SMS (a landline, toll-free or premium number?)',
  phone_country_not_allowed: 'SMS cannot be sent to this country',
} as const;

/** A number as typed; the result is E.164. */
export const PhoneNumber = z.pipe(
  z.string().check(z.maxLength(40)),
  z.transform((input: string, ctx) => {
    const { SMS_DEFAULT_COUNTRY, SMS_ALLOWED_COUNTRIES } = config();
    const parsed = parseSmsNumber(input, SMS_DEFAULT_COUNTRY, SMS_ALLOWED_COUNTRIES);
    if (parsed.ok) return parsed.e164;
    const message =
      parsed.problem === 'phone_country_not_allowed' && SMS_ALLOWED_COUNTRIES
        ? `${MESSAGES[parsed.problem]}: SMS go to ${SMS_ALLOWED_COUNTRIES.join(', ')} only`
        : MESSAGES[parsed.problem];
    ctx.issues.push(domainIssue(parsed.problem, message, '[redacted]'));
    return z.NEVER;
  }),
);

export const AddPhoneBody = z.strictObject({ phoneNumber: PhoneNumber });

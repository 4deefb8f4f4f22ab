/**
 * Schemas of the SMS routes and of the inbound SNS event. The inbound side is validated twice, like any edge:
 * the SNS envelope, then the JSON End User Messaging publishes in `Sns.Message`
 * (https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms-payload.html). The number a user types
 * (AddPhone) has its own module, ./phone-number.ts, so that only AddPhone bundles the phone metadata.
 */
import { isValidTimeZone, SMS_NOTIFICATION_RULES } from '#shared/domain/sms/settings';
import * as z from './zod';

export const VerifyPhoneBody = z.strictObject({
  code: z.string().check(z.trim(), z.regex(/^\d{6}$/, 'The code is the 6 digits we sent by SMS')),
});

const WallClock = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time as HH:MM, 00:00–23:59'));

export const SmsSettingsBody = z
  .strictObject({
    /** ON / OFF for everyone the caller follows (as the SMS commands). */
    notifications: z.optional(z.enum(['on', 'off'])),
    dailyCap: z.optional(
      z.number().check(z.int(), z.minimum(1), z.maximum(SMS_NOTIFICATION_RULES.maxDailyCap)),
    ),
    quietHours: z.optional(z.nullable(z.strictObject({ start: WallClock, end: WallClock }))),
    timeZone: z.optional(
      z.string().check(
        z.maxLength(64),
        z.refine(isValidTimeZone, {
          params: { code: 'invalid_time_zone' },
          message: 'Not an IANA time zone',
        }),
      ),
    ),
  })
  .check(z.refine((body) => Object.keys(body).length > 0, { message: 'Send at least one setting' }));
export type SmsSettingsInput = z.infer<typeof SmsSettingsBody>;

const E164 = z.string().check(z.regex(/^\+[1-9]\d{1,14}$/));

/** The message of a two-way SMS. Unknown fields are tolerated: AWS may add some. */
export const TwoWaySmsMessage = z.object({
  originationNumber: E164,
  destinationNumber: z.string().check(z.minLength(1), z.maxLength(32)),
  messageKeyword: z.optional(z.string().check(z.maxLength(64))),
  messageBody: z.string().check(z.maxLength(1_600)),
  inboundMessageId: z.string().check(z.minLength(1), z.maxLength(128)),
  previousPublishedMessageId: z.optional(z.string().check(z.maxLength(256))),
});
export type TwoWaySmsMessage = z.infer<typeof TwoWaySmsMessage>;

/** The SNS event Lambda receives: what the handler relies on, extra fields tolerated. */
export const SnsEvent = z.object({
  Records: z
    .array(
      z.object({
        EventSource: z.literal('aws:sns'),
        Sns: z.object({
          Type: z.literal('Notification'),
          MessageId: z.string().check(z.minLength(1)),
          TopicArn: z.string().check(z.minLength(1)),
          Message: z.string(),
          Timestamp: z.string(),
        }),
      }),
    )
    .check(z.minLength(1)),
});
export type SnsEvent = z.infer<typeof SnsEvent>;

/** `Sns.Message` as JSON, then as a two-way SMS. */
const TwoWaySmsJson = z.pipe(
  z.pipe(
    z.string(),
    z.transform((text: string, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.issues.push({ code: 'custom', message: 'Sns.Message is not JSON', input: '[redacted]' });
        return z.NEVER;
      }
    }),
  ),
  TwoWaySmsMessage,
);

export type UnwrappedSms =
  | { ok: true; sms: TwoWaySmsMessage }
  | { ok: false; reason: 'wrong_topic' | 'malformed_message'; fields?: string[] };

/**
 * The two-way SMS in one SNS record, if the record comes from the expected topic (when one is configured) and
 * its message is well formed. Problems name the failing fields, never their values.
 */
export function unwrapInboundSms(
  record: SnsEvent['Records'][number],
  expectedTopicArn?: string,
): UnwrappedSms {
  if (expectedTopicArn && record.Sns.TopicArn !== expectedTopicArn)
    return { ok: false, reason: 'wrong_topic' };
  const parsed = TwoWaySmsJson.safeParse(record.Sns.Message);
  if (!parsed.success) {
    return {
      ok: false,
      reason: 'malformed_message',
      fields: parsed.error.issues.map((issue) => issue.path.join('.') || '(message)'),
    };
  }
  return { ok: true, sms: parsed.data };
}

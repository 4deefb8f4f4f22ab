/**
 * Deployment settings, read from CDK context (`cdk.json` or `-c key=value`) and validated once with zod, so a
 * typo in a context value fails the synth with every problem listed instead of deploying something odd.
 * Values given with `-c` arrive as strings; values in cdk.json keep their JSON type. Both are accepted.
 * Every key is documented in docs/operations.md.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { z } from 'zod';
import { DEFAULT_RATE_LIMITS, type RateLimitName } from '#shared/domain/rate-limits';

/** The context keys the app reads; anything else in the context is CDK's own. */
export const CONTEXT_KEYS = [
  'stage',
  'deletionProtection',
  'publicUrl',
  'mailFrom',
  'sesIdentity',
  'alarmEmail',
  'logRetentionDays',
  'throttleRateLimit',
  'throttleBurstLimit',
  'corsAllowedOrigins',
  'maxBodyBytes',
  'smsSpendAlarmUsd',
  'smsOriginationNumber',
  'smsSenderId',
  'accessTokenKeyRotationDays',
  'reservedConcurrency',
  'rateLimits',
  'smsAllowedCountries',
  'smsHourlyAlarm',
  'webDomainName',
  'webCertificateArn',
] as const;

const booleanFromContext = z.union([
  z.boolean(),
  z.enum(['true', 'false']).transform((value) => value === 'true'),
]);

/** CloudWatch Logs accepts only these retention periods. */
const RETENTION_PERIODS = new Set<number>(
  Object.values(RetentionDays).filter((value): value is number => typeof value === 'number'),
);

const email = z.email();
const PLACEHOLDER_MAIL_DOMAIN = 'example.com';

/** A JSON value from context: `-c key='{"a":1}'` arrives as a string, cdk.json gives the object itself. */
function jsonFromContext<T extends z.ZodType>(schema: T) {
  return z.preprocess((value, ctx) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
      return z.NEVER;
    }
  }, schema);
}

const SettingsSchema = z
  .object({
    /** Part of every stack name; also STAGE in the functions. */
    stage: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,19}$/, 'lowercase letters, digits and hyphens, starting with a letter')
      .default('dev'),
    deletionProtection: booleanFromContext.default(true),
    publicUrl: z
      .url({ protocol: /^https?$/ })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
    mailFrom: email.default('no-reply@example.com'),
    /** A domain (example.org) or an address to create an SES identity for. */
    sesIdentity: z
      .union([email, z.string().regex(/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/i, 'a domain name')])
      .optional(),
    alarmEmail: email.optional(),
    logRetentionDays: z.coerce
      .number()
      .int()
      .refine((days) => RETENTION_PERIODS.has(days), {
        message: `one of ${[...RETENTION_PERIODS].join(', ')}`,
      })
      .default(30),
    throttleRateLimit: z.coerce.number().positive().default(100),
    throttleBurstLimit: z.coerce.number().int().positive().default(200),
    /** Comma-separated origins, or '*'; used by API Gateway's CORS and by the functions alike. */
    corsAllowedOrigins: z.string().min(1).default('*'),
    maxBodyBytes: z.coerce.number().int().min(1024).max(1_048_576).default(16_384),
    /**
     * The SMS spend alarm fires when the month's SMS spending (SNS SMSMonthToDateSpentUSD) passes this. The
     * default is 80% of the account's default USD 1 SMS spending limit: set it below your own limit.
     */
    smsSpendAlarmUsd: z.coerce.number().positive().default(0.8),
    /** The service's two-way number (E.164): origination identity of outbound SMS. */
    smsOriginationNumber: z
      .string()
      .regex(/^\+[1-9]\d{1,14}$/, 'an E.164 phone number, like +12065550100')
      .optional(),
    /** An alphanumeric sender id (1–11 characters), for countries that use them. */
    smsSenderId: z
      .string()
      .regex(/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/, '1–11 letters and digits, at least one letter')
      .optional(),
    /** ISO 3166 countries SMS may go to (SMS_ALLOWED_COUNTRIES): every other number is refused (SMS pumping). */
    smsAllowedCountries: z
      .string()
      .regex(/^[A-Z]{2}(,[A-Z]{2})*$/, 'comma-separated ISO 3166 country codes, like US,CA')
      .default('US'),
    /** The SmsSentPerHour alarm fires above this many SMS sent in an hour. */
    smsHourlyAlarm: z.coerce.number().int().positive().default(50),
    /** Days between scheduled rotations of the access-token keys (docs/operations.md). */
    accessTokenKeyRotationDays: z.coerce.number().int().min(1).max(365).default(30),
    /**
     * Reserved concurrency by function name, as JSON (`{"Login":20,"FanOut":10}`): caps what one function can
     * take from the account's pool, and guarantees it that much.
     */
    reservedConcurrency: jsonFromContext(
      z.record(z.string().regex(/^[A-Z][A-Za-z0-9]+$/), z.number().int().min(0).max(1000)),
    ).optional(),
    /**
     * Overrides of the application's rate limits and posting limits (RATE_LIMITS of every function), as JSON:
     * `{"post:daily":{"limit":500,"windowSeconds":86400}}`. Names and bounds as shared/config.ts checks them.
     */
    rateLimits: jsonFromContext(
      z.partialRecord(
        z.enum(Object.keys(DEFAULT_RATE_LIMITS) as [RateLimitName, ...RateLimitName[]]),
        z.strictObject({
          limit: z.number().int().min(1).max(1_000_000),
          windowSeconds: z.number().int().min(1).max(86_400),
        }),
      ),
    ).optional(),
  })
  .extend({
    /** The site's own domain (skylark.example.org) on the CloudFront distribution; needs webCertificateArn. */
    webDomainName: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/i, 'a domain name')
      .optional(),
    /** An ACM certificate in us-east-1 (CloudFront's region) covering webDomainName. */
    webCertificateArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[A-Za-z0-9-]+$/,
        'an ACM certificate ARN in us-east-1',
      )
      .optional(),
  })
  .superRefine((settings, ctx) => {
    // The default sender cannot send mail (nobody owns example.com): a real stage would fail at its first mail.
    if (
      settings.mailFrom.toLowerCase().endsWith(`@${PLACEHOLDER_MAIL_DOMAIN}`) &&
      !settings.stage.startsWith('dev')
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['mailFrom'],
        message:
          `${settings.mailFrom} is a placeholder and cannot send mail; set -c mailFrom=<an address you own> ` +
          '(only stages named dev* may keep it)',
      });
    }
    if (Boolean(settings.webDomainName) !== Boolean(settings.webCertificateArn)) {
      ctx.addIssue({
        code: 'custom',
        path: ['webCertificateArn'],
        message: 'webDomainName and webCertificateArn go together',
      });
    }
    const identity = settings.sesIdentity?.toLowerCase();
    if (!identity) return;
    const from = settings.mailFrom.toLowerCase();
    const matches = identity.includes('@') ? from === identity : from.endsWith(`@${identity}`);
    if (!matches) {
      ctx.addIssue({
        code: 'custom',
        path: ['mailFrom'],
        message: `must be ${identity.includes('@') ? identity : `an address at ${identity}`} (sesIdentity)`,
      });
    }
  });

export type DeploySettings = z.infer<typeof SettingsSchema>;

export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** Reads and validates the app's context keys from a construct node (the App's, in bin/app.ts). */
export function readSettings(node: Node): DeploySettings {
  const raw: Record<string, unknown> = {};
  for (const key of CONTEXT_KEYS) {
    const value: unknown = node.tryGetContext(key);
    // `-c key=` passes an empty string: treat it as unset so the default applies.
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const result = SettingsSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || 'context'}: ${issue.message}`,
    );
    throw new SettingsError(`Invalid CDK context: ${problems.join('; ')}`);
  }
  return result.data;
}

/** The CORS origins as a list ('*' stays a single wildcard entry). */
export function corsOrigins(settings: Pick<DeploySettings, 'corsAllowedOrigins'>): string[] {
  return settings.corsAllowedOrigins
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);
}

/** The identities SES authorises a send against: the From address and its domain. */
export function mailIdentities(settings: Pick<DeploySettings, 'mailFrom'>): string[] {
  const address = settings.mailFrom.toLowerCase();
  const domain = address.slice(address.lastIndexOf('@') + 1);
  return [address, domain];
}

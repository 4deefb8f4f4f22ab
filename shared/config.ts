/**
 * Runtime configuration, parsed from the environment once (at cold start) with zod. A missing or malformed
 * variable fails loudly with every problem listed, before any request is served.
 */
import { z } from 'zod';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './domain/rate-limits';

const optionalUrl = z.url({ protocol: /^https?$/ }).optional();

const ConfigSchema = z.object({
  /** 'local' for npm start and tests; the stage name in AWS. */
  STAGE: z.string().min(1).default('local'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  TABLE_NAME: z.string().min(3).max(255),
  /** Public base URL of the API, used in links sent by mail (no trailing slash). */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, '')),
  /** The From address of every mail. */
  MAIL_FROM: z.string().min(3),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** Local stack only: endpoints of DynamoDB Local, the SES and SNS captures. */
  DYNAMODB_ENDPOINT: optionalUrl,
  SES_ENDPOINT: optionalUrl,
  SNS_ENDPOINT: optionalUrl,
  /** In AWS: the Secrets Manager secret holding the JWT signing key. */
  SIGNING_KEY_SECRET_ARN: z.string().min(1).optional(),
  /** Locally: the JWT signing key itself, base64url, at least 32 bytes (generated into .skylark/). */
  SIGNING_KEY: z.string().min(43).optional(),
  /** Seconds a used refresh token stays usable (concurrent refreshes by one client); 0 = strict single use. */
  REFRESH_REUSE_LEEWAY_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
  /** Largest accepted request body; larger → 413. */
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(1_048_576).default(16_384),
  /**
   * SMS (docs/sms.md). The inbound two-way SMS topic: when set, SNS records from any other topic are rejected.
   * Set by the API stack; locally the value of local/inbound-sms.ts inboundSmsTopicArn().
   */
  SMS_INBOUND_TOPIC_ARN: z
    .string()
    .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/)
    .optional(),
  /** The service's own number (E.164), the origination identity of outbound SMS and what HELP tells people. */
  SMS_ORIGINATION_NUMBER: z
    .string()
    .regex(/^\+[1-9]\d{1,14}$/)
    .optional(),
  /** An alphanumeric sender id (1–11 characters) where the destination country supports one. */
  SMS_SENDER_ID: z
    .string()
    .regex(/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/)
    .optional(),
  /** ISO 3166 country used to read phone numbers typed without a leading '+' (e.g. 'FR'); unset: '+' required. */
  SMS_DEFAULT_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  /** Mastodon API: allow OAuth's password grant (off by default: apps should use the authorization code). */
  OAUTH_PASSWORD_GRANT: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /** Comma-separated origins allowed by CORS, or '*'. */
  CORS_ALLOWED_ORIGINS: z.string().min(1).default('*'),
  /** JSON overrides of rate-limit policies, e.g. {"login:account":{"limit":5,"windowSeconds":900}}. */
  RATE_LIMITS: z
    .string()
    .optional()
    .transform((json, ctx): RateLimits => {
      if (!json) return DEFAULT_RATE_LIMITS;
      try {
        return { ...DEFAULT_RATE_LIMITS, ...RateLimitOverrides.parse(JSON.parse(json)) };
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `not valid rate-limit JSON (${(error as Error).message})` });
        return z.NEVER;
      }
    }),
});

const RateLimitPolicySchema = z.strictObject({
  limit: z.number().int().min(1).max(1_000_000),
  windowSeconds: z.number().int().min(1).max(86_400),
});
const RateLimitOverrides = z.partialRecord(
  z.enum(Object.keys(DEFAULT_RATE_LIMITS) as [keyof RateLimits, ...(keyof RateLimits)[]]),
  RateLimitPolicySchema,
);

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses an environment; exported for tests. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  if (!result.data.SIGNING_KEY && !result.data.SIGNING_KEY_SECRET_ARN) {
    throw new ConfigError('Invalid configuration: set SIGNING_KEY_SECRET_ARN (AWS) or SIGNING_KEY (local)');
  }
  return result.data;
}

let cached: Config | undefined;

/** The configuration of this process, parsed on first use and then reused. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

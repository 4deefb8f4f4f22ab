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
  /**
   * In AWS: the SSM parameter holding the access-token key set (public keys and KMS key ids; written by the
   * scheduled rotation). Nothing secret: issuers sign through KMS.
   */
  ACCESS_TOKEN_KEYS_PARAMETER: z.string().min(1).optional(),
  /** Locally: the key set itself, private keys included (generated into .skylark/ by local/signing-key.ts). */
  ACCESS_TOKEN_KEYS: z.string().min(2).optional(),
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
  /**
   * In AWS behind CloudFront: the value CloudFront sends in x-origin-verify; requests without it are 403
   * (shared/http/edge.ts). Unset (the local stack, a stage without the distribution): nothing is checked.
   */
  ORIGIN_SECRET: z.string().min(32).optional(),
  /**
   * ISO 3166 countries SMS may be sent to, comma-separated (e.g. 'US,CA'); numbers elsewhere are a 400
   * phone_country_not_allowed. Unset: every country (the local stack). Set from context in AWS.
   */
  SMS_ALLOWED_COUNTRIES: z
    .string()
    .regex(/^[A-Z]{2}(,[A-Z]{2})*$/, 'comma-separated ISO 3166 country codes, like US,CA')
    .transform((list) => list.split(','))
    .optional(),
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
  if (!result.data.ACCESS_TOKEN_KEYS && !result.data.ACCESS_TOKEN_KEYS_PARAMETER) {
    throw new ConfigError(
      'Invalid configuration: set ACCESS_TOKEN_KEYS_PARAMETER (AWS) or ACCESS_TOKEN_KEYS (local)',
    );
  }
  return result.data;
}

let cached: Config | undefined;

/** The configuration of this process, parsed on first use and then reused. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

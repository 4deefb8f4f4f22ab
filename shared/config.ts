/**
 * Runtime configuration, parsed from the environment once (at cold start) with zod. A missing or malformed
 * variable fails loudly with every problem listed, before any request is served.
 */
import { DEFAULT_RATE_LIMITS, type RateLimits } from './domain/rate-limits';
import * as z from './schemas/zod';

const optionalUrl = z.optional(z.url({ protocol: /^https?$/ }));
const text = (min: number) => z.string().check(z.minLength(min));
const pattern = (regex: RegExp) => z.optional(z.string().check(z.regex(regex)));
const integer = (min: number, max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max)), fallback);

const ConfigSchema = z.object({
  /** 'local' for npm start and tests; the stage name in AWS. */
  STAGE: z._default(text(1), 'local'),
  AWS_REGION: z._default(text(1), 'us-east-1'),
  TABLE_NAME: z.string().check(z.minLength(3), z.maxLength(255)),
  /** Public base URL of the API, used in links sent by mail (no trailing slash). */
  PUBLIC_URL: z.pipe(
    z.url({ protocol: /^https?$/ }),
    z.transform((url: string) => url.replace(/\/+$/, '')),
  ),
  /** The From address of every mail. */
  MAIL_FROM: text(3),
  SES_CONFIGURATION_SET: z.optional(text(1)),
  /** Local stack only: endpoints of DynamoDB Local, the SES and SNS captures. */
  DYNAMODB_ENDPOINT: optionalUrl,
  SES_ENDPOINT: optionalUrl,
  SNS_ENDPOINT: optionalUrl,
  /**
   * Locally: the key set itself, private keys included (generated into .skylark/ by local/signing-key.ts).
   * Unset (AWS): the public key set is read from the table, where the scheduled rotation publishes it
   * (shared/adapters/signing-key.ts); issuers sign through KMS.
   */
  ACCESS_TOKEN_KEYS: z.optional(text(2)),
  /** Seconds a used refresh token stays usable (concurrent refreshes by one client); 0 = strict single use. */
  REFRESH_REUSE_LEEWAY_SECONDS: integer(0, 60, 10),
  /**
   * Seconds a followed celebrity's newest page is shared by all home-timeline readers of a warm container: the
   * staleness a follower may see of that celebrity's newest post (docs/timeline.md). 0 = no cache.
   */
  PULLED_PAGE_CACHE_SECONDS: integer(0, 60, 5),
  /** Largest accepted request body; larger → 413. */
  MAX_BODY_BYTES: integer(1024, 1_048_576, 16_384),
  /**
   * SMS (docs/sms.md). The inbound two-way SMS topic: when set, SNS records from any other topic are rejected.
   * Set by the API stack; locally the value of local/inbound-sms.ts inboundSmsTopicArn().
   */
  SMS_INBOUND_TOPIC_ARN: pattern(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/),
  /** The service's own number (E.164), the origination identity of outbound SMS and what HELP tells people. */
  SMS_ORIGINATION_NUMBER: pattern(/^\+[1-9]\d{1,14}$/),
  /** An alphanumeric sender id (1–11 characters) where the destination country supports one. */
  SMS_SENDER_ID: pattern(/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/),
  /** ISO 3166 country used to read phone numbers typed without a leading '+' (e.g. 'FR'); unset: '+' required. */
  SMS_DEFAULT_COUNTRY: pattern(/^[A-Z]{2}$/),
  /**
   * In AWS behind CloudFront: the value CloudFront sends in x-origin-verify; requests without it are 403
   * (shared/http/edge.ts). Unset (the local stack, a stage without the distribution): nothing is checked.
   */
  ORIGIN_SECRET: z.optional(text(32)),
  /**
   * ISO 3166 countries SMS may be sent to, comma-separated (e.g. 'US,CA'); numbers elsewhere are a 400
   * phone_country_not_allowed. Unset: every country (the local stack). Set from context in AWS.
   */
  SMS_ALLOWED_COUNTRIES: z.optional(
    z.pipe(
      z
        .string()
        .check(z.regex(/^[A-Z]{2}(,[A-Z]{2})*$/, 'comma-separated ISO 3166 country codes, like US,CA')),
      z.transform((list: string) => list.split(',')),
    ),
  ),
  /** Mastodon API: allow OAuth's password grant (off by default: apps should use the authorization code). */
  OAUTH_PASSWORD_GRANT: z.pipe(
    z._default(z.enum(['true', 'false']), 'false'),
    z.transform((value: 'true' | 'false') => value === 'true'),
  ),
  /** Account exports in AWS: the private export bucket (set by the API stack; docs/operations.md). */
  EXPORT_BUCKET: z.optional(text(3)),
  /** Account exports locally: the directory archives are written to and the key that signs their links. */
  EXPORT_DIR: z.optional(text(1)),
  EXPORT_LINK_SECRET: z.optional(text(32)),
  /**
   * Days between an account's deletion (deactivated at once) and its erasure; signing in with the password
   * in between can cancel it (POST /v1/auth/reactivate). 0 erases at the next run of the erasure job.
   */
  ACCOUNT_ERASURE_GRACE_DAYS: integer(0, 365, 30),
  /** Comma-separated origins allowed by CORS, or '*'. */
  CORS_ALLOWED_ORIGINS: z._default(text(1), '*'),
  /** JSON overrides of rate-limit policies, e.g. {"login:account":{"limit":5,"windowSeconds":900}}. */
  RATE_LIMITS: z.pipe(
    z.optional(z.string()),
    z.transform((json: string | undefined, ctx): RateLimits => {
      if (!json) return DEFAULT_RATE_LIMITS;
      try {
        return { ...DEFAULT_RATE_LIMITS, ...RateLimitOverrides.parse(JSON.parse(json)) };
      } catch (error) {
        ctx.issues.push({
          code: 'custom',
          message: `not valid rate-limit JSON (${(error as Error).message})`,
          input: json,
        });
        return z.NEVER;
      }
    }),
  ),
});

const RateLimitPolicySchema = z.strictObject({
  limit: z.number().check(z.int(), z.minimum(1), z.maximum(1_000_000)),
  windowSeconds: z.number().check(z.int(), z.minimum(1), z.maximum(86_400)),
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
  return result.data;
}

let cached: Config | undefined;

/** The configuration of this process, parsed on first use and then reused. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

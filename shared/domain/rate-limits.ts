/**
 * Rate-limit policies: at most `limit` attempts per fixed window of `windowSeconds`, per subject (an IP, an
 * account, an email address). Operators override any of them with the RATE_LIMITS environment variable
 * (docs/operations.md); the defaults below are what a small public instance wants.
 */
export interface RateLimitPolicy {
  limit: number;
  windowSeconds: number;
}

export const DEFAULT_RATE_LIMITS = {
  /** Login attempts naming one account (by the login as typed: email or username). */
  'login:account': { limit: 10, windowSeconds: 900 },
  'login:ip': { limit: 100, windowSeconds: 900 },
  'register:ip': { limit: 20, windowSeconds: 3600 },
  'register:email': { limit: 5, windowSeconds: 3600 },
  'resend:ip': { limit: 20, windowSeconds: 3600 },
  'resend:email': { limit: 3, windowSeconds: 3600 },
  'forgot:ip': { limit: 20, windowSeconds: 3600 },
  'forgot:email': { limit: 3, windowSeconds: 3600 },
  'reset:ip': { limit: 30, windowSeconds: 3600 },
  'refresh:ip': { limit: 300, windowSeconds: 900 },
  /** Phone verification codes sent for one account, and to one number (whoever asks). */
  'phone-code:user': { limit: 5, windowSeconds: 3600 },
  'phone-code:number': { limit: 3, windowSeconds: 3600 },
  /** Inbound SMS handled per number (beyond it, messages are dropped unanswered). */
  'sms-inbound:number': { limit: 60, windowSeconds: 3600 },
  /** Replies sent to one number. */
  'sms-reply:number': { limit: 30, windowSeconds: 3600 },
  /** The help reply to a number that belongs to no verified account: once a day. */
  'sms-help:number': { limit: 1, windowSeconds: 86_400 },
  /** Direct messages sent by one account (API and SMS together). */
  'message:user': { limit: 60, windowSeconds: 3600 },
  /** Likes and unlikes by one account (each toggle counts). */
  'like:user': { limit: 120, windowSeconds: 900 },
  /** Reposts and undone reposts by one account. */
  'repost:user': { limit: 60, windowSeconds: 900 },
  /**
   * Posting by one account, HTTP (the API, the Mastodon API) and SMS together; replies and direct messages
   * count, deleting refunds nothing. The burst is Mastodon's rule (300 in 3 hours), the day classic Twitter's.
   */
  'post:burst': { limit: 300, windowSeconds: 10_800 },
  'post:daily': { limit: 1000, windowSeconds: 86_400 },
  /** Reports filed by one account. */
  'report:user': { limit: 20, windowSeconds: 3600 },
} as const satisfies Record<string, RateLimitPolicy>;

export type RateLimitName = keyof typeof DEFAULT_RATE_LIMITS;

/** Counts one attempt of `subject` against a policy; throws RateLimitedError once its window is full. */
export type ConsumeRateLimit = (name: RateLimitName, subject: string) => Promise<void>;
export type RateLimits = Record<RateLimitName, RateLimitPolicy>;

/** The window an instant falls in, and the seconds until it ends. */
export function windowOf(policy: RateLimitPolicy, nowMs: number) {
  const nowSeconds = Math.floor(nowMs / 1000);
  const start = nowSeconds - (nowSeconds % policy.windowSeconds);
  return { start, end: start + policy.windowSeconds, secondsLeft: start + policy.windowSeconds - nowSeconds };
}

/**
 * Posting limits: every post, reply and direct message of an account counts against a burst window and a
 * day (fixed windows in UTC, see rate-limits.ts), whichever surface it came through. A deleted post keeps
 * its count: deleting and reposting must not reset the budget.
 */
import { RateLimitedError } from '#shared/errors';
import type { ConsumeRateLimit, RateLimitName, RateLimits } from './rate-limits';

export const POSTING_LIMIT_POLICIES = [
  'post:burst',
  'post:daily',
] as const satisfies readonly RateLimitName[];

/** Counts one post, reply or message by `authorId`; throws RateLimitedError (429, Retry-After) beyond a limit. */
export type CountPost = (authorId: string) => Promise<void>;

/**
 * A CountPost over the rate limiter: both windows are counted at once, one round trip instead of two on every
 * post. Every attempt counts in each window (a post refused by one window still counts in the other, as a
 * refused attempt counts in its own). When both refuse, the longer wait answers: retrying after the shorter
 * one would be refused again.
 */
export function postingCounter(rateLimit: ConsumeRateLimit): CountPost {
  return async (authorId) => {
    const outcomes = await Promise.allSettled(
      POSTING_LIMIT_POLICIES.map((policy) => rateLimit(policy, authorId)),
    );
    let refusal: { policy: RateLimitName; error: RateLimitedError } | undefined;
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') return;
      const error: unknown = outcome.reason;
      if (!(error instanceof RateLimitedError)) throw error;
      if (!refusal || error.retryAfterSeconds > refusal.error.retryAfterSeconds) {
        refusal = { policy: POSTING_LIMIT_POLICIES[index] ?? 'post:burst', error };
      }
    });
    if (!refusal) return;
    throw new RateLimitedError(
      refusal.error.retryAfterSeconds,
      refusal.policy === 'post:daily'
        ? 'You have reached the posting limit for today; try again later'
        : 'You are posting too fast; try again later',
    );
  };
}

/**
 * A direct message's count: the sender's message budget (`message:user`), then the posting limits, since a
 * message is posting too.
 */
export function messageCounter(rateLimit: ConsumeRateLimit): (senderId: string) => Promise<void> {
  const countPost = postingCounter(rateLimit);
  return async (senderId) => {
    await rateLimit('message:user', senderId);
    await countPost(senderId);
  };
}

/** The limits as GET /v1/config publishes them. */
export function postingLimitsOf(limits: RateLimits) {
  return { burst: limits['post:burst'], daily: limits['post:daily'] };
}

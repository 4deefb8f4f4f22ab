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

/** What a refusal by each posting window tells the author; other limits keep the limiter's own message. */
const REFUSAL_MESSAGES: Partial<Record<RateLimitName, string>> = {
  'post:burst': 'You are posting too fast; try again later',
  'post:daily': 'You have reached the posting limit for today; try again later',
};

/**
 * Counts one attempt against every policy at once: one round trip, not one per policy. Every attempt counts in
 * each window (one refused by a window still counts in the others, as a refused attempt counts in its own).
 * When several refuse, the longest wait answers: retrying after a shorter one would be refused again.
 */
function countAgainst(rateLimit: ConsumeRateLimit, policies: readonly RateLimitName[]) {
  return async (subject: string): Promise<void> => {
    const outcomes = await Promise.allSettled(policies.map((policy) => rateLimit(policy, subject)));
    let refusal: { policy: RateLimitName; error: RateLimitedError } | undefined;
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') return;
      const error: unknown = outcome.reason;
      if (!(error instanceof RateLimitedError)) throw error;
      const policy = policies[index];
      if (policy && (!refusal || error.retryAfterSeconds > refusal.error.retryAfterSeconds)) {
        refusal = { policy, error };
      }
    });
    if (!refusal) return;
    const message = REFUSAL_MESSAGES[refusal.policy];
    throw message ? new RateLimitedError(refusal.error.retryAfterSeconds, message) : refusal.error;
  };
}

/** A CountPost over the rate limiter: the burst window and the day, counted together. */
export function postingCounter(rateLimit: ConsumeRateLimit): CountPost {
  return countAgainst(rateLimit, POSTING_LIMIT_POLICIES);
}

/**
 * A direct message's count: the sender's message budget (`message:user`) and the posting limits, since a
 * message is posting too; all three counted together.
 */
export function messageCounter(rateLimit: ConsumeRateLimit): (senderId: string) => Promise<void> {
  return countAgainst(rateLimit, ['message:user', ...POSTING_LIMIT_POLICIES]);
}

/** The limits as GET /v1/config publishes them. */
export function postingLimitsOf(limits: RateLimits) {
  return { burst: limits['post:burst'], daily: limits['post:daily'] };
}

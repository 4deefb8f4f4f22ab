/**
 * Posting limits: every post, reply and direct message of an account counts against a burst window and a
 * day (fixed windows in UTC, see rate-limits.ts), whichever surface it came through. A deleted post keeps
 * its count: deleting and reposting must not reset the budget.
 *
 * A post counts when it is written: the stores add one to each window in the write's own transaction, each
 * guarded by the window still being under its limit (shared/db/rate-limiter.ts `windowCharges`). So a refused,
 * failed or replayed attempt counts nowhere, concurrent posts cannot slip past a limit, and counting costs no
 * round trip of its own.
 */
import { RateLimitedError } from '#shared/errors';
import type { RateLimitName, RateLimits } from './rate-limits';

/** The windows every post and reply counts in. */
export const POSTING_LIMIT_POLICIES = [
  'post:burst',
  'post:daily',
] as const satisfies readonly RateLimitName[];

/** A direct message's: the sender's message budget, and the posting limits, since a message is posting too. */
export const MESSAGE_LIMIT_POLICIES = [
  'message:user',
  ...POSTING_LIMIT_POLICIES,
] as const satisfies readonly RateLimitName[];

/** What a refusal by each posting window tells the author; other limits keep the limiter's own message. */
const REFUSAL_MESSAGES: Partial<Record<RateLimitName, string>> = {
  'post:burst': 'You are posting too fast; try again later',
  'post:daily': 'You have reached the posting limit for today; try again later',
};

export interface WindowRefusal {
  policy: RateLimitName;
  /** Seconds until that window ends. */
  retryAfterSeconds: number;
}

/**
 * The 429 for an attempt that full windows refused. When several refuse, the longest wait answers: retrying
 * after a shorter one would be refused again.
 */
export function postingRefusal(refusals: readonly WindowRefusal[]): RateLimitedError {
  const longest = refusals.reduce<WindowRefusal | undefined>(
    (found, refusal) => (!found || refusal.retryAfterSeconds > found.retryAfterSeconds ? refusal : found),
    undefined,
  );
  if (!longest) throw new Error('postingRefusal needs at least one refusal');
  const retryAfter = Math.max(1, longest.retryAfterSeconds);
  const message = REFUSAL_MESSAGES[longest.policy];
  return message ? new RateLimitedError(retryAfter, message) : new RateLimitedError(retryAfter);
}

/** The limits as GET /v1/config publishes them. */
export function postingLimitsOf(limits: RateLimits) {
  return { burst: limits['post:burst'], daily: limits['post:daily'] };
}

/**
 * A fixed-window rate limiter on the table: one counter item per policy, subject and window, expired by TTL.
 * - `consumeRateLimit` counts an attempt by itself: one atomic UpdateItem that counts every attempt (not only
 *   failures), so concurrent requests cannot slip past a check-then-increment gap.
 * - `windowCharges` counts a write in its own transaction instead (posts and direct messages): each window is
 *   an Update guarded by being under its limit, so the write and its count succeed or fail together.
 */
import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { postingRefusal } from '#shared/domain/posting-limits';
import { type ConsumeRateLimit, type RateLimitName, windowOf } from '#shared/domain/rate-limits';
import { RateLimitedError } from '#shared/errors';
import { MetricUnit, metrics } from '#shared/observability';
import { db, tableName } from './client';
import { ItemType, keys } from './keys';
import type { TransactItem, TransactionGuardsFailed } from './transactions';

export type { ConsumeRateLimit };

/** One policy's window at `nowMs` for `subject`: its counter's key and when it ends. */
function counterOf(name: RateLimitName, subject: string, nowMs: number) {
  const policy = config().RATE_LIMITS[name];
  const window = windowOf(policy, nowMs);
  // Subjects are IPs and email addresses: store only a digest.
  const digest = createHash('sha256').update(subject).digest('base64url').slice(0, 22);
  return { policy, window, key: keys.rateWindow(name, digest, window.start) };
}

const COUNT_ONE = 'ADD hits :one SET #type = :type, expiresAt = if_not_exists(expiresAt, :expiresAt)';

function countOneValues(windowEnd: number) {
  return { ':one': 1, ':type': ItemType.RateWindow, ':expiresAt': windowEnd + 60 };
}

function noteRefusal(): void {
  metrics.addMetric('RateLimited', MetricUnit.Count, 1);
}

/** Counts one attempt; throws RateLimitedError (429 with Retry-After) once the window's limit is passed. */
export const consumeRateLimit: ConsumeRateLimit = async (name, subject) => {
  const { policy, window, key } = counterOf(name, subject, Date.now());
  const { Attributes } = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key,
      UpdateExpression: COUNT_ONE,
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: countOneValues(window.end),
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const hits = Number(Attributes?.hits ?? 0);
  if (hits > policy.limit) {
    noteRefusal();
    throw new RateLimitedError(Math.max(1, window.secondsLeft));
  }
};

/**
 * One write's count in each of `policies` for `subject`, in the windows of now (not of the write's own time: an
 * SMS handled late is dated when it arrived, and its window may have ended and expired): named transaction items
 * (`window:<policy>`) to add to the write's transaction, and `refusal`, which turns the transaction's failed
 * guards into the 429 to answer (undefined when no window refused).
 */
export function windowCharges(policies: readonly RateLimitName[], subject: string) {
  const nowMs = Date.now();
  const counters = policies.map((name) => ({ name, ...counterOf(name, subject, nowMs) }));
  const guard = (name: RateLimitName) => `window:${name}`;
  const items: Record<string, TransactItem> = Object.fromEntries(
    counters.map(({ name, policy, window, key }) => [
      guard(name),
      {
        Update: {
          TableName: tableName(),
          Key: key,
          UpdateExpression: COUNT_ONE,
          // Older counters may hold more than the limit (attempts were counted, refused ones too).
          ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ...countOneValues(window.end), ':limit': policy.limit },
        },
      },
    ]),
  );
  const refusal = (failed: TransactionGuardsFailed): RateLimitedError | undefined => {
    const refused = counters.filter(({ name }) => failed.has(guard(name)));
    if (refused.length === 0) return undefined;
    noteRefusal();
    return postingRefusal(
      refused.map(({ name, window }) => ({ policy: name, retryAfterSeconds: window.secondsLeft })),
    );
  };
  return { items, refusal };
}

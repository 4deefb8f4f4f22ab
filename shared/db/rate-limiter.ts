/**
 * A fixed-window rate limiter on the table: one counter item per policy, subject and window, incremented by a
 * single atomic UpdateItem and expired by TTL. Counting every attempt (not only failures) keeps it race-free:
 * concurrent requests cannot slip past a check-then-increment gap.
 */
import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { type CountPost, postingCounter } from '#shared/domain/posting-limits';
import { type ConsumeRateLimit, windowOf } from '#shared/domain/rate-limits';
import { RateLimitedError } from '#shared/errors';
import { MetricUnit, metrics } from '#shared/observability';
import { db, tableName } from './client';
import { ItemType, keys } from './keys';

export type { ConsumeRateLimit };

/** Counts one attempt; throws RateLimitedError (429 with Retry-After) once the window's limit is passed. */
export const consumeRateLimit: ConsumeRateLimit = async (name, subject) => {
  const policy = config().RATE_LIMITS[name];
  const window = windowOf(policy, Date.now());
  // Subjects are IPs and email addresses: store only a digest.
  const digest = createHash('sha256').update(subject).digest('base64url').slice(0, 22);
  const { Attributes } = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.rateWindow(name, digest, window.start),
      UpdateExpression: 'ADD hits :one SET #type = :type, expiresAt = if_not_exists(expiresAt, :expiresAt)',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':type': ItemType.RateWindow, ':expiresAt': window.end + 60 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const hits = Number(Attributes?.hits ?? 0);
  if (hits > policy.limit) {
    metrics.addMetric('RateLimited', MetricUnit.Count, 1);
    throw new RateLimitedError(Math.max(1, window.secondsLeft));
  }
};

/** The posting limits (burst and day) of one account, over this limiter: every surface that posts uses it. */
export const countPost: CountPost = postingCounter(consumeRateLimit);

/**
 * The refusal a full posting window answers with (shared/domain/posting-limits.ts), and the limits GET /v1/config
 * publishes. Counting itself happens in the stores' transactions: test/integration/posting-limits.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { postingRefusal } from '#shared/domain/posting-limits';
import { publicConfig } from '#shared/domain/public-config';
import { DEFAULT_RATE_LIMITS } from '#shared/domain/rate-limits';
import { RateLimitedError } from '#shared/errors';

describe('postingRefusal', () => {
  it('tells a burst refusal to slow down, with the seconds left', () => {
    const error = postingRefusal([{ policy: 'post:burst', retryAfterSeconds: 40 }]);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfterSeconds).toBe(40);
    expect(error.message).toMatch(/too fast/);
  });

  it('answers with the longer wait when several windows refuse, whatever their order', () => {
    const refusals = [
      { policy: 'post:burst', retryAfterSeconds: 3600 },
      { policy: 'post:daily', retryAfterSeconds: 50_000 },
    ] as const;
    for (const order of [refusals, [...refusals].reverse()]) {
      const error = postingRefusal(order);
      expect(error.retryAfterSeconds).toBe(50_000);
      expect(error.message).toMatch(/posting limit for today/);
    }
  });

  it('keeps the limiter’s own message for the message budget, and never asks to wait 0 seconds', () => {
    const error = postingRefusal([{ policy: 'message:user', retryAfterSeconds: 0 }]);
    expect(error.message).toBe('Too many requests; try again later');
    expect(error.retryAfterSeconds).toBe(1);
  });

  it('has nothing to answer without a refusal', () => {
    expect(() => postingRefusal([])).toThrow(/at least one/);
  });
});

describe('GET /v1/config', () => {
  it('publishes the posting limits in force, the operator overrides included', () => {
    const limits = { ...DEFAULT_RATE_LIMITS, 'post:daily': { limit: 50, windowSeconds: 86_400 } };
    expect(publicConfig({ maxBodyBytes: 16_384, rateLimits: limits }).posts.limits).toMatchObject({
      burst: { limit: 300, windowSeconds: 10_800 },
      daily: { limit: 50, windowSeconds: 86_400 },
    });
  });
});

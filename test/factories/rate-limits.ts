/** An in-memory fixed-window limiter with the semantics of shared/db/rate-limiter.ts, for domain unit tests. */
import {
  type ConsumeRateLimit,
  DEFAULT_RATE_LIMITS,
  type RateLimits,
  windowOf,
} from '#shared/domain/rate-limits';
import { RateLimitedError } from '#shared/errors';

export function memoryRateLimiter(
  options: { limits?: Partial<RateLimits>; nowMs?: () => number } = {},
): ConsumeRateLimit & { hits: Map<string, number> } {
  const limits: RateLimits = { ...DEFAULT_RATE_LIMITS, ...options.limits };
  const nowMs = options.nowMs ?? Date.now;
  const hits = new Map<string, number>();
  const consume: ConsumeRateLimit = async (name, subject) => {
    const window = windowOf(limits[name], nowMs());
    const key = `${name}|${subject}|${window.start}`;
    const count = (hits.get(key) ?? 0) + 1;
    hits.set(key, count);
    if (count > limits[name].limit) throw new RateLimitedError(Math.max(1, window.secondsLeft));
  };
  return Object.assign(consume, { hits });
}

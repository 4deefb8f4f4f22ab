/** Time and id sources, injected into domain functions so tests can pin them. */
import { createHash } from 'node:crypto';
import { monotonicFactory, ulid } from 'ulid';

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new ULID: time-sortable, so sort keys built from it order by creation time. */
  next(now: Date): string;
}

export const systemClock: Clock = { now: () => new Date() };

const monotonic = monotonicFactory();
export const ulidIds: IdGenerator = { next: (now) => monotonic(now.getTime()) };

/** A clock stopped at one instant. */
export const fixedClock = (instant: Date): Clock => ({ now: () => instant });

/**
 * ULIDs that depend only on the time and a seed: the same message handled twice gets the same post id, so a
 * retry after a crash finds the post already there instead of posting it again.
 */
export function seededIds(seed: string): IdGenerator {
  const bytes = createHash('sha256').update(seed).digest();
  return {
    next: (now) => {
      let index = 0;
      return ulid(now.getTime(), () => (bytes[index++ % bytes.length] ?? 0) / 256);
    },
  };
}

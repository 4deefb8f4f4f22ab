/** Time and id sources, injected into domain functions so tests can pin them. */
import { monotonicFactory } from 'ulid';

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

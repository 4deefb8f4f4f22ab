/**
 * `transact()`: the one way a repository writes several items atomically. Items are named, so a failed
 * guard (ConditionalCheckFailed) is reported by name instead of by position, and a cancellation caused only by
 * another transaction touching the same item (TransactionConflict, which the SDK does not retry) is retried
 * with jittered exponential backoff, a bounded number of times.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailableError } from '#shared/errors';
import { db } from './client';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Items by name, in write order; an undefined entry is left out (an optional item such as a reply's parent). */
export type NamedTransactItems = Readonly<Record<string, TransactItem | undefined>>;

export interface TransactOptions {
  /** Attempts in all, the first included (conflicts only). */
  maxAttempts?: number;
  /** Backoff before attempt n+1 is uniform in [0, baseDelayMs * 2^n), capped at maxDelayMs (full jitter). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export const TRANSACT_DEFAULTS = { maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 400 } as const;

/** Conflicts with other transactions outlasted the last attempt: a 503 the client may retry. */
export class TransactionBusyError extends ServiceUnavailableError {
  constructor() {
    super('busy', 'Too many concurrent changes; try again');
  }
}

/** The transaction was cancelled because these named guards failed; the caller maps them to domain errors. */
export class TransactionGuardsFailed extends Error {
  override readonly name = 'TransactionGuardsFailed';
  readonly guards: ReadonlySet<string>;
  constructor(guards: readonly string[]) {
    super(`Transaction guards failed: ${guards.join(', ')}`);
    this.guards = new Set(guards);
  }
  has(guard: string): boolean {
    return this.guards.has(guard);
  }
}

/**
 * Writes the named items in one TransactWriteItems.
 * @throws TransactionGuardsFailed when a condition failed (names in `guards`); TransactionBusyError (a 503 `busy`)
 * when conflicts persist after the last attempt; any other error as is
 */
export async function transact(items: NamedTransactItems, options: TransactOptions = {}): Promise<void> {
  const maxAttempts = options.maxAttempts ?? TRANSACT_DEFAULTS.maxAttempts;
  const baseDelayMs = options.baseDelayMs ?? TRANSACT_DEFAULTS.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? TRANSACT_DEFAULTS.maxDelayMs;
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const named = Object.entries(items).flatMap(([name, item]) => (item ? [{ name, item }] : []));
  for (let attempt = 1; ; attempt++) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: named.map(({ item }) => item) }));
      return;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      const failed = named.filter((_, index) => reasons[index] === 'ConditionalCheckFailed');
      if (failed.length > 0) throw new TransactionGuardsFailed(failed.map(({ name }) => name));
      if (!reasons.includes('TransactionConflict')) throw error;
      if (attempt >= maxAttempts) {
        throw new TransactionBusyError();
      }
      await sleep(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt));
    }
  }
}

/** The failed guards of a cancelled `transact()`, or undefined for any other error. */
export function failedGuards(error: unknown): TransactionGuardsFailed | undefined {
  return error instanceof TransactionGuardsFailed ? error : undefined;
}

function cancellationReasons(error: unknown): (string | undefined)[] | undefined {
  if (
    !(error instanceof TransactionCanceledException) &&
    (error as Error)?.name !== 'TransactionCanceledException'
  ) {
    return undefined;
  }
  return ((error as TransactionCanceledException).CancellationReasons ?? []).map((reason) => reason.Code);
}

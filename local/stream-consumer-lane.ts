/**
 * Delivery of stream records to one consumer, as Lambda's event source mapping does it: records in order, one
 * batch at a time (never mixing shards), gathered for up to the batching window; a batch item failure response
 * retries from the first failed record; an error bisects the batch when the consumer asks for it, otherwise
 * retries it whole; records past their retries or their maximum age go to the on-failure destination.
 *
 * Local interpretation (AWS does not spell this out): retries are counted per batch, and the halves of a
 * bisected batch start with fresh counts, so a poison record costs its neighbours at most a few extra
 * invocations and only the record itself ends up at the destination.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DynamoDBRecord } from 'aws-lambda';
import type { StreamConsumer } from '#shared/catalog';
import { LOCAL_ACCOUNT_ID } from './aws-clients';
import type { FailureCondition, FailureDestination } from './failure-destination';
import { timeoutMillis } from './lambda-context';
import type { Invoke } from './lambda-invoker';
import type { LocalLogger } from './log';
import { Signal } from './signal';

export interface QueuedRecord {
  shardId: string;
  sequenceNumber: string;
  record: DynamoDBRecord;
  /** When the poller read it (epoch ms). A record's age counts from here: DynamoDB Local truncates
   * ApproximateCreationDateTime to the minute. */
  readAt: number;
}

export interface LaneOptions {
  consumer: StreamConsumer;
  invoke: Invoke;
  destination: FailureDestination;
  streamArn: string;
  region: string;
  logger: LocalLogger;
  /** Pause before the first retry; doubles per retry, capped at 5 s. */
  retryDelayMs: number;
}

export type BatchOutcome =
  | { kind: 'success' }
  | { kind: 'partial'; failedFrom: number }
  | { kind: 'error'; reason: string; error?: unknown };

const MAX_RETRY_DELAY_MS = 5_000;

interface LastError {
  message: string;
  /** The function threw or answered nonsense (AWS: functionError), rather than reporting failed items. */
  functionError: boolean;
}

/**
 * What a lane is doing about its backlog, for a drain that gives up: whether it waits on an invocation (and
 * for how long, against the function's timeout) or between retries, and what failed last.
 */
export interface LaneStatus {
  name: string;
  pending: number;
  /** How long ago the oldest pending record was read. */
  oldestPendingAgeMs: number | undefined;
  invocation: { records: number; runningForMs: number; timeoutMs: number } | undefined;
  /** The pause before the next retry of the batch, while it lasts. */
  retryInMs: number | undefined;
  lastFailure: { message: string; agoMs: number } | undefined;
  /** Records settled (processed or given up on) since the lane started: tells a slow lane from a stuck one. */
  settled: number;
}

export class ConsumerLane {
  private readonly queue: QueuedRecord[] = [];
  private readonly changed = new Signal();
  private readonly idle = new Signal();
  private readonly stopping = new AbortController();
  private flushing = false;
  private readonly running: Promise<void>;
  private inFlight: { records: number; startedAt: number } | undefined;
  private lastFailure: { message: string; at: number } | undefined;
  private retryAt: number | undefined;
  private settledCount = 0;

  constructor(private readonly options: LaneOptions) {
    this.running = this.run();
  }

  get name(): string {
    return this.options.consumer.name;
  }

  push(records: readonly QueuedRecord[]): void {
    if (records.length === 0) return;
    this.queue.push(...records);
    this.changed.notify();
  }

  /** Records read but not settled yet (queued or being delivered), oldest first. */
  pending(): readonly QueuedRecord[] {
    return this.queue;
  }

  status(now = Date.now()): LaneStatus {
    const oldest = this.queue[0];
    const { inFlight, lastFailure } = this;
    return {
      name: this.name,
      pending: this.queue.length,
      oldestPendingAgeMs: oldest ? now - oldest.readAt : undefined,
      invocation: inFlight && {
        records: inFlight.records,
        runningForMs: now - inFlight.startedAt,
        timeoutMs: timeoutMillis(this.options.consumer),
      },
      retryInMs: this.retryAt === undefined ? undefined : Math.max(0, this.retryAt - now),
      lastFailure: lastFailure && { message: lastFailure.message, agoMs: now - lastFailure.at },
      settled: this.settledCount,
    };
  }

  isIdle(): boolean {
    return this.queue.length === 0;
  }

  whenIdle(): Promise<void> {
    return this.isIdle() || this.stopped ? Promise.resolve() : this.idle.wait();
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  /** Deliver what is queued now without waiting out the batching window (used by drain). */
  flush(): void {
    this.flushing = true;
    this.changed.notify();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.changed.notify();
    await this.running;
    this.idle.notify();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (this.queue.length === 0) {
        this.flushing = false;
        this.idle.notify();
        await this.changed.wait();
        continue;
      }
      await this.batchingWindow();
      if (this.stopped) break;
      try {
        await this.settle(this.nextBatch());
      } catch (error) {
        // Only the destination can fail here (a full disk, say): keep the records and try again shortly.
        this.options.logger.error(`Delivering to ${this.name} failed; retrying`, { error });
        await this.pause(MAX_RETRY_DELAY_MS);
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return sleep(ms, undefined, { signal: this.stopping.signal }).catch(() => {});
  }

  private async batchingWindow(): Promise<void> {
    const windowMs = this.options.consumer.maxBatchingWindowSeconds * 1000;
    const first = this.queue[0];
    if (windowMs <= 0 || !first) return;
    const deadline = first.readAt + windowMs;
    while (!this.stopped && !this.flushing && this.nextBatch().length < this.options.consumer.batchSize) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      await this.changed.wait(left);
    }
  }

  /** The oldest records, up to the batch size, all from the first record's shard. */
  private nextBatch(): QueuedRecord[] {
    const shardId = this.queue[0]?.shardId;
    const batch: QueuedRecord[] = [];
    for (const queued of this.queue) {
      if (queued.shardId !== shardId || batch.length >= this.options.consumer.batchSize) break;
      batch.push(queued);
    }
    return batch;
  }

  /** Delivers the batch until every record in it is either processed or discarded (or the lane stops). */
  private async settle(batch: QueuedRecord[]): Promise<void> {
    const { consumer } = this.options;
    let pending = batch;
    let retries = 0;
    let invocations = 0;
    let lastError: LastError | undefined;
    while (pending.length > 0 && !this.stopped) {
      const expired = pending.filter((queued) => this.isTooOld(queued));
      if (expired.length > 0) {
        // Records are queued in read order, so the expired ones are always at the front.
        await this.discard(expired, 'RecordAgeExceeded', invocations, lastError);
        pending = pending.slice(expired.length);
        continue;
      }

      invocations++;
      const outcome = await this.deliver(pending);
      if (outcome.kind === 'success') {
        this.settled(pending.length);
        return;
      }
      if (outcome.kind === 'partial') {
        this.settled(outcome.failedFrom);
        pending = pending.slice(outcome.failedFrom);
        lastError = { message: `reported ${pending[0]?.sequenceNumber} as failed`, functionError: false };
      } else {
        lastError = { message: outcome.reason, functionError: true };
        if (consumer.bisectOnError && pending.length > 1) {
          const middle = Math.ceil(pending.length / 2);
          this.options.logger.warn(`${consumer.name} failed; bisecting the batch`, {
            records: pending.length,
            halves: [middle, pending.length - middle],
          });
          await this.settle(pending.slice(0, middle));
          await this.settle(pending.slice(middle));
          return;
        }
      }

      if (consumer.retryAttempts >= 0 && retries >= consumer.retryAttempts) {
        await this.discard(pending, 'RetryAttemptsExhausted', invocations, lastError);
        return;
      }
      retries++;
      const delay = Math.min(this.options.retryDelayMs * 2 ** (retries - 1), MAX_RETRY_DELAY_MS);
      this.options.logger.warn(`${consumer.name} will retry ${pending.length} record(s)`, {
        retry: `${retries} of ${consumer.retryAttempts < 0 ? 'unlimited' : consumer.retryAttempts}`,
        fromSequenceNumber: pending[0]?.sequenceNumber,
        inMs: delay,
      });
      this.retryAt = Date.now() + delay;
      await this.pause(delay);
      this.retryAt = undefined;
    }
  }

  private async deliver(batch: readonly QueuedRecord[]): Promise<BatchOutcome> {
    const { consumer, invoke, logger } = this.options;
    let result: unknown;
    this.inFlight = { records: batch.length, startedAt: Date.now() };
    try {
      result = await invoke(consumer, { Records: batch.map((queued) => queued.record) });
    } catch (error) {
      logger.error(`${consumer.name} threw on a batch of ${batch.length} record(s)`, { error });
      const reason = error instanceof Error ? error.message : String(error);
      this.failed(reason);
      return { kind: 'error', reason, error };
    } finally {
      this.inFlight = undefined;
    }
    const outcome = interpretBatchResponse(
      result,
      batch.map((queued) => queued.sequenceNumber),
    );
    if (outcome.kind === 'error') {
      logger.error(`${consumer.name}: ${outcome.reason}; the whole batch failed`);
      this.failed(outcome.reason);
    }
    if (outcome.kind === 'partial') {
      this.failed(`reported ${batch[outcome.failedFrom]?.sequenceNumber} as failed`);
    }
    return outcome;
  }

  private failed(message: string): void {
    this.lastFailure = { message, at: Date.now() };
  }

  private isTooOld(queued: QueuedRecord): boolean {
    const maxAge = this.options.consumer.maxRecordAgeSeconds;
    return maxAge >= 0 && Date.now() - queued.readAt > maxAge * 1000;
  }

  private settled(count: number): void {
    this.settledCount += this.queue.splice(0, count).length;
  }

  private async discard(
    records: readonly QueuedRecord[],
    condition: FailureCondition,
    invocations: number,
    lastError: LastError | undefined,
  ): Promise<void> {
    const { consumer, destination, streamArn, region, logger } = this.options;
    const first = records[0];
    const last = records.at(-1);
    if (!first || !last) return;
    const failure = {
      requestContext: {
        requestId: randomUUID(),
        functionArn: `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${consumer.name}`,
        condition,
        approximateInvokeCount: invocations,
      },
      responseContext: {
        statusCode: 200,
        executedVersion: '$LATEST',
        ...(lastError?.functionError ? { functionError: 'Unhandled' } : {}),
      },
      version: '1.0' as const,
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId: first.shardId,
        startSequenceNumber: first.sequenceNumber,
        endSequenceNumber: last.sequenceNumber,
        approximateArrivalOfFirstRecord: new Date(first.readAt).toISOString(),
        approximateArrivalOfLastRecord: new Date(last.readAt).toISOString(),
        batchSize: records.length,
        streamArn,
      },
      // As Lambda writes it to an S3 on-failure destination: the whole event, so it can be replayed.
      payload: JSON.stringify({ Records: records.map((queued) => queued.record) }),
      local: {
        functionName: consumer.name,
        ...(lastError ? { lastError: lastError.message } : {}),
        records: records.map((queued) => queued.record),
      },
    };
    try {
      await destination.send(failure);
    } finally {
      this.settled(records.length);
    }
    logger.error(
      `✖ ${consumer.name} gave up on ${records.length} record(s) (${condition} after ${invocations} invocation(s)); ` +
        `sent to the on-failure destination: ${destination.description}`,
      { sequenceNumbers: `${first.sequenceNumber}..${last.sequenceNumber}`, lastError: lastError?.message },
    );
  }
}

/**
 * A lane's backlog in a few words, for the drain's error, e.g. `TableReactions: 108 (oldest read 61.2 s ago;
 * 0 settled meanwhile; an invocation of 100 record(s) in flight for 60.1 s …)`. `settledBefore` is the lane's
 * settled count when the wait began.
 */
export function describeBacklog(status: LaneStatus, settledBefore: number): string {
  if (status.pending === 0) return `${status.name}: 0`;
  const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;
  const facts: string[] = [];
  if (status.oldestPendingAgeMs !== undefined)
    facts.push(`oldest read ${seconds(status.oldestPendingAgeMs)} ago`);
  facts.push(`${status.settled - settledBefore} settled meanwhile`);
  const { invocation, retryInMs, lastFailure } = status;
  if (invocation) {
    facts.push(
      `an invocation of ${invocation.records} record(s) in flight for ${seconds(invocation.runningForMs)} ` +
        `(the function times out after ${seconds(invocation.timeoutMs)})`,
    );
  } else if (retryInMs !== undefined) facts.push(`retrying in ${seconds(retryInMs)}`);
  else facts.push('no invocation in flight');
  if (lastFailure) facts.push(`last failure ${seconds(lastFailure.agoMs)} ago: ${lastFailure.message}`);
  return `${status.name}: ${status.pending} (${facts.join('; ')})`;
}

/**
 * Reads a consumer's answer like Lambda does with ReportBatchItemFailures: nothing, an empty or null list is a
 * full success; the lowest reported sequence number is where the retry starts; an identifier that is empty or
 * not in the batch makes the whole batch a failure.
 */
export function interpretBatchResponse(result: unknown, sequenceNumbers: readonly string[]): BatchOutcome {
  if (typeof result !== 'object' || result === null) return { kind: 'success' };
  const failures = (result as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) return { kind: 'error', reason: 'batchItemFailures is not a list' };
  if (failures.length === 0) return { kind: 'success' };
  let failedFrom = Number.POSITIVE_INFINITY;
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const index = typeof id === 'string' && id !== '' ? sequenceNumbers.indexOf(id) : -1;
    if (index === -1) {
      return {
        kind: 'error',
        reason: `batchItemFailures names ${JSON.stringify(id)}, which is not in the batch`,
      };
    }
    failedFrom = Math.min(failedFrom, index);
  }
  return { kind: 'partial', failedFrom };
}

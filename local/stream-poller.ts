/**
 * The local event source mapping for DynamoDB Streams: reads every shard of the table's stream (one
 * GetRecords per shard about every 250 ms, children after their parents, new shards picked up as they
 * appear), applies each consumer's filters, and hands the records to that consumer's lane
 * (stream-consumer-lane.ts), which batches, invokes and retries.
 *
 * Where reading starts: with a checkpoint from an earlier run (persisted data), where that run left off, so
 * records that were still queued or failing when the stack stopped are delivered now; otherwise at
 * `startingPosition` (the stack uses TRIM_HORIZON for a table it just created and LATEST for an existing table
 * without checkpoints, so old history is not replayed).
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { StreamConsumer } from '#shared/catalog';
import { type FilterPattern, matchesAnyFilter, validateFilterPattern } from '#shared/stream/filter-pattern';
import { localDynamoDbClient, localStreamsClient } from './aws-clients';
import type { FailureDestination, StreamFailure } from './failure-destination';
import type { Invoke } from './lambda-invoker';
import type { LocalLogger } from './log';
import { Signal } from './signal';
import type { ShardPosition, StreamCheckpoints } from './stream-checkpoints';
import { ConsumerLane, describeBacklog, type QueuedRecord } from './stream-consumer-lane';
import { toLambdaRecord } from './stream-records';

export interface StreamPollerOptions {
  dynamodbEndpoint: string;
  region: string;
  tableName: string;
  consumers: readonly StreamConsumer[];
  invoke: Invoke;
  destination: FailureDestination;
  checkpoints: StreamCheckpoints;
  /** For shards without a checkpoint. */
  startingPosition: 'LATEST' | 'TRIM_HORIZON';
  logger: LocalLogger;
  pollIntervalMs?: number;
  retryDelayMs?: number;
}

export interface StreamPoller {
  readonly streamArn: string | undefined;
  /**
   * Resolves once every record written so far has been delivered (or given up on) by every consumer,
   * including records written by the consumers themselves. Batching windows are cut short.
   */
  drain(options?: { timeoutMs?: number }): Promise<void>;
  /** What went to the on-failure destination during this run. */
  failures(): readonly StreamFailure[];
  stop(): Promise<void>;
}

interface ShardState {
  shardId: string;
  parentShardId: string | undefined;
  /** Where reading begins when there is no iterator and nothing was read yet. */
  start: ShardPosition;
  iterator: string | undefined;
  lastRead: string | undefined;
  finished: boolean;
}

const SHARD_REFRESH_MS = 5_000;
const CHECKPOINT_EVERY_MS = 1_000;
const MAX_ERROR_BACKOFF_MS = 5_000;

export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  for (const consumer of options.consumers) {
    consumer.filters.forEach((pattern, index) => {
      validateFilterPattern(pattern, `${consumer.name}.filters[${index}]`);
    });
  }
  if (options.consumers.length === 0) {
    options.logger.info('No stream consumers are declared; the stream is not polled');
    return { streamArn: undefined, drain: async () => {}, failures: () => [], stop: async () => {} };
  }
  const poller = new Poller(options, await latestStreamArn(options));
  await poller.start();
  return poller;
}

async function latestStreamArn(options: StreamPollerOptions): Promise<string> {
  const client = localDynamoDbClient(options.dynamodbEndpoint, options.region);
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: options.tableName }));
    if (!Table?.LatestStreamArn) throw new Error(`Table ${options.tableName} has no stream`);
    return Table.LatestStreamArn;
  } finally {
    client.destroy();
  }
}

class Poller implements StreamPoller {
  private readonly streams: DynamoDBStreamsClient;
  private readonly lanes: ConsumerLane[];
  private readonly filters: (readonly FilterPattern[])[];
  private readonly shards = new Map<string, ShardState>();
  private readonly wake = new Signal();
  private readonly pollIntervalMs: number;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private exclusive: Promise<unknown> = Promise.resolve();
  private lastShardRefresh = 0;
  private lastCheckpoint = 0;
  /** What was saved last (serialised), to skip saving when nothing moved. */
  private savedPositions: string | undefined;
  private saving: Promise<void> = Promise.resolve();
  private failuresInRow = 0;

  constructor(
    private readonly options: StreamPollerOptions,
    readonly streamArn: string,
  ) {
    this.streams = localStreamsClient(options.dynamodbEndpoint, options.region);
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.lanes = options.consumers.map(
      (consumer) =>
        new ConsumerLane({
          consumer,
          invoke: options.invoke,
          destination: options.destination,
          streamArn,
          region: options.region,
          logger: options.logger,
          retryDelayMs: options.retryDelayMs ?? 200,
        }),
    );
    this.filters = options.consumers.map((consumer) => consumer.filters);
  }

  /** Positions every shard before returning, so anything written afterwards is seen. */
  async start(): Promise<void> {
    const saved = await this.options.checkpoints.load(this.streamArn);
    await this.refreshShards({ initial: true, saved });
    for (const shard of this.shards.values()) await this.ensureIterator(shard);
    const resumed = saved ? 'from the last checkpoint' : `at ${this.options.startingPosition}`;
    this.options.logger.info(`Polling the table stream ${resumed}`, {
      shards: this.shards.size,
      consumers: this.lanes.map((lane) => lane.name),
    });
    this.loop = this.run();
  }

  async drain({ timeoutMs = 20_000 }: { timeoutMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const settledBefore = this.lanes.map((lane) => lane.status().settled);
    for (;;) {
      for (const lane of this.lanes) lane.flush();
      const idle = Promise.all(this.lanes.map((lane) => lane.whenIdle()));
      const left = deadline - Date.now();
      await Promise.race([idle, new Promise((resolve) => setTimeout(resolve, Math.max(0, left)).unref())]);
      const readStarted = Date.now();
      const read = await this.serially(() => this.pollCycle());
      if (read === 0 && this.lanes.every((lane) => lane.isIdle())) return;
      if (Date.now() > deadline) {
        const now = Date.now();
        const pending = this.lanes
          .map((lane, index) => describeBacklog(lane.status(now), settledBefore[index] ?? 0))
          .join(', ');
        // How fast DynamoDB Local answers right now: a stuck handler and a stalled emulator look alike otherwise.
        throw new Error(
          `The stream poller did not catch up within ${timeoutMs} ms (records pending: ${pending}; ` +
            `reading the stream just took ${now - readStarted} ms)`,
        );
      }
    }
  }

  failures(): readonly StreamFailure[] {
    return this.options.destination.sent();
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.wake.notify();
    await this.loop;
    // One last read, so the checkpoint covers everything written so far: what is read now but not delivered
    // is saved as unsettled and delivered on the next start.
    await this.serially(() => this.pollCycle()).catch(() => {});
    await Promise.all(this.lanes.map((lane) => lane.stop()));
    await this.saveCheckpoint();
    this.streams.destroy();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let read = 0;
      try {
        read = await this.serially(() => this.pollCycle());
        this.failuresInRow = 0;
      } catch (error) {
        if (this.stopping) break;
        this.reportPollError(error);
      }
      if (Date.now() - this.lastCheckpoint >= CHECKPOINT_EVERY_MS) await this.saveCheckpoint();
      // More may be waiting right behind a full read; otherwise rest until the next poll.
      if (read === 0) await this.wake.wait(this.backoffMs());
    }
  }

  /** Polls are never concurrent: a shard iterator may be used once. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.exclusive.then(work);
    this.exclusive = result.catch(() => {});
    return result;
  }

  private async pollCycle(): Promise<number> {
    if (Date.now() - this.lastShardRefresh >= SHARD_REFRESH_MS) await this.refreshShards({ initial: false });
    let read = 0;
    for (const shard of this.readableShards()) read += await this.readShard(shard);
    return read;
  }

  /** Open shards, and closed ones not fully read; a child waits until its parent is done. */
  private readableShards(): ShardState[] {
    return [...this.shards.values()].filter((shard) => {
      if (shard.finished) return false;
      const parent = shard.parentShardId ? this.shards.get(shard.parentShardId) : undefined;
      return !parent || parent.finished;
    });
  }

  private async readShard(shard: ShardState): Promise<number> {
    const iterator = await this.ensureIterator(shard);
    if (!iterator) return 0;
    let response: GetRecordsCommandOutput;
    try {
      response = await this.getRecords(iterator);
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'ExpiredIteratorException') {
        shard.iterator = undefined;
        return 0;
      }
      if (name === 'TrimmedDataAccessException') {
        this.options.logger.warn('Stream records were trimmed before they were read', {
          shard: shard.shardId,
        });
        Object.assign(shard, { iterator: undefined, lastRead: undefined, start: { type: 'TRIM_HORIZON' } });
        return 0;
      }
      throw error;
    }
    const records = response.Records ?? [];
    if (records.length > 0) {
      const readAt = Date.now();
      const queued: QueuedRecord[] = records.map((record) => ({
        shardId: shard.shardId,
        sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
        record: toLambdaRecord(record, { streamArn: this.streamArn, region: this.options.region }),
        readAt,
      }));
      this.lanes.forEach((lane, index) => {
        const filters = this.filters[index] ?? [];
        lane.push(queued.filter((each) => matchesAnyFilter(filters, each.record)));
      });
      shard.lastRead = queued.at(-1)?.sequenceNumber;
    }
    shard.iterator = response.NextShardIterator;
    if (!shard.iterator) {
      shard.finished = true;
      // Its children can be read now; find them without waiting for the next refresh.
      this.lastShardRefresh = 0;
    }
    return records.length;
  }

  private getRecords(iterator: string): Promise<GetRecordsCommandOutput> {
    return this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
  }

  private async ensureIterator(shard: ShardState): Promise<string | undefined> {
    if (shard.iterator || shard.finished) return shard.iterator;
    const position: ShardPosition = shard.lastRead
      ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: shard.lastRead }
      : shard.start;
    if (position.type === 'SHARD_END') {
      shard.finished = true;
      return undefined;
    }
    const { ShardIterator } = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.streamArn,
        ShardId: shard.shardId,
        ShardIteratorType: position.type,
        ...('sequenceNumber' in position ? { SequenceNumber: position.sequenceNumber } : {}),
      }),
    );
    shard.iterator = ShardIterator;
    return shard.iterator;
  }

  /**
   * Learns about shards. At start, `saved` holds the checkpoint of the previous run; shards it does not know
   * appeared since, so they are read from their beginning, as are shards that appear while running.
   */
  private async refreshShards({ initial, saved }: { initial: boolean; saved?: Map<string, ShardPosition> }) {
    this.lastShardRefresh = Date.now();
    for (const shard of await this.describeShards()) {
      if (!shard.ShardId || this.shards.has(shard.ShardId)) continue;
      const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
      let start: ShardPosition = { type: 'TRIM_HORIZON' };
      if (saved?.has(shard.ShardId)) start = saved.get(shard.ShardId) ?? start;
      else if (initial && !saved && this.options.startingPosition === 'LATEST') {
        start = closed ? { type: 'SHARD_END' } : { type: 'LATEST' };
      }
      this.shards.set(shard.ShardId, {
        shardId: shard.ShardId,
        parentShardId: shard.ParentShardId,
        start,
        iterator: undefined,
        lastRead: undefined,
        finished: start.type === 'SHARD_END',
      });
    }
  }

  private async describeShards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await this.streams.send(
        new DescribeStreamCommand({
          StreamArn: this.streamArn,
          ExclusiveStartShardId: exclusiveStartShardId,
        }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    return shards;
  }

  /** Per shard: the oldest record some consumer has not settled, else just past the last one read. */
  private positions(): Map<string, ShardPosition> {
    const unsettled = new Map<string, string>();
    for (const lane of this.lanes) {
      for (const queued of lane.pending()) {
        const oldest = unsettled.get(queued.shardId);
        if (oldest === undefined || BigInt(queued.sequenceNumber) < BigInt(oldest)) {
          unsettled.set(queued.shardId, queued.sequenceNumber);
        }
      }
    }
    const positions = new Map<string, ShardPosition>();
    for (const shard of this.shards.values()) {
      const oldest = unsettled.get(shard.shardId);
      if (oldest) positions.set(shard.shardId, { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: oldest });
      else if (shard.lastRead)
        positions.set(shard.shardId, { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: shard.lastRead });
      else if (shard.finished) positions.set(shard.shardId, { type: 'SHARD_END' });
      else positions.set(shard.shardId, shard.start);
    }
    return positions;
  }

  /** Saves are queued, never concurrent, and each saves the positions as they are when it runs. */
  private saveCheckpoint(): Promise<void> {
    this.lastCheckpoint = Date.now();
    this.saving = this.saving.then(async () => {
      const positions = this.positions();
      const serialised = JSON.stringify([...positions]);
      if (serialised === this.savedPositions) return;
      try {
        await this.options.checkpoints.save(this.streamArn, positions);
        this.savedPositions = serialised;
      } catch (error) {
        this.options.logger.error('Saving the stream checkpoint failed', { error });
      }
    });
    return this.saving;
  }

  private reportPollError(error: unknown): void {
    this.failuresInRow++;
    // The first failure in a row, then every 20th: DynamoDB Local being down should not flood the terminal.
    if (this.failuresInRow === 1 || this.failuresInRow % 20 === 0) {
      this.options.logger.error('Polling the table stream failed', {
        error,
        failuresInRow: this.failuresInRow,
      });
    }
  }

  private backoffMs(): number {
    if (this.failuresInRow === 0) return this.pollIntervalMs;
    return Math.min(this.pollIntervalMs * 2 ** this.failuresInRow, MAX_ERROR_BACKOFF_MS);
  }
}

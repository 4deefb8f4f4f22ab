/**
 * The local stream poller against DynamoDB Local's real stream: items written to a table reach a consumer
 * module (test/fixtures/local-recording-consumer.ts) as the records Lambda would deliver, filtered, batched,
 * retried and finally given up on like an event source mapping does.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { localDynamoDbClient } from '#local/aws-clients';
import {
  type FailureDestination,
  fileFailureDestination,
  memoryFailureDestination,
} from '#local/failure-destination';
import { createHandlerLoader } from '#local/handler-loader';
import { createInvoker } from '#local/lambda-invoker';
import { fileCheckpoints, memoryCheckpoints, type StreamCheckpoints } from '#local/stream-checkpoints';
import { type StreamPoller, startStreamPoller } from '#local/stream-poller';
import type { StreamConsumer } from '#shared/catalog';
import { deliveredIds, invocations, resetInvocations } from '#test/fixtures/local-recording-consumer';
import { recordingLogger } from '#test/support/recording-logger';
import { createTestTable, type TestTable, uniqueTableName } from '#test/support/test-table';

const REGION = 'us-east-1';
const documents = DynamoDBDocumentClient.from(
  localDynamoDbClient(process.env.DYNAMODB_ENDPOINT ?? '', REGION),
);
const invoke = createInvoker(createHandlerLoader(), REGION);
const running: StreamPoller[] = [];
let scratch: string[] = [];

function consumer(overrides: Partial<StreamConsumer> = {}): StreamConsumer {
  return {
    name: 'Recorder',
    entry: 'test/fixtures/local-recording-consumer.ts',
    uses: [],
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    retryAttempts: 2,
    maxRecordAgeSeconds: -1,
    bisectOnError: false,
    filters: [{ eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['POST'] } } } }],
    ...overrides,
  };
}

async function newTable(): Promise<TestTable> {
  return createTestTable({ tableName: uniqueTableName('poller') });
}

async function startPoller(
  table: TestTable,
  consumers: StreamConsumer[],
  options: {
    destination?: FailureDestination;
    checkpoints?: StreamCheckpoints;
    startingPosition?: 'LATEST';
  } = {},
) {
  const logger = recordingLogger();
  const destination = options.destination ?? memoryFailureDestination();
  const poller = await startStreamPoller({
    dynamodbEndpoint: table.endpoint,
    region: REGION,
    tableName: table.tableName,
    consumers,
    invoke,
    destination,
    checkpoints: options.checkpoints ?? memoryCheckpoints(),
    startingPosition: options.startingPosition ?? 'TRIM_HORIZON',
    logger,
    pollIntervalMs: 50,
    retryDelayMs: 20,
  });
  running.push(poller);
  return { poller, destination, logger };
}

function put(table: TestTable, id: string, attributes: Record<string, string> = {}) {
  return documents.send(
    new PutCommand({ TableName: table.tableName, Item: { PK: 'TEST', SK: id, type: 'POST', ...attributes } }),
  );
}

async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'skylark-poller-'));
  scratch.push(directory);
  return directory;
}

beforeEach(() => resetInvocations());

afterEach(async () => {
  await Promise.all(running.splice(0).map((poller) => poller.stop()));
});

afterAll(async () => {
  await Promise.all(scratch.map((directory) => rm(directory, { recursive: true, force: true })));
  scratch = [];
});

describe('the local stream poller', () => {
  it('delivers a written item to the consumer as the record Lambda would deliver', async () => {
    const table = await newTable();
    const { poller } = await startPoller(table, [consumer()]);
    await put(table, 'post-1', { text: 'hello' });
    await poller.drain();

    expect(invocations).toHaveLength(1);
    const [record] = invocations[0]?.records ?? [];
    expect(record).toMatchObject({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      eventSourceARN: table.streamArn,
      awsRegion: REGION,
      dynamodb: {
        Keys: { PK: { S: 'TEST' }, SK: { S: 'post-1' } },
        NewImage: { text: { S: 'hello' }, type: { S: 'POST' } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(record?.dynamodb?.ApproximateCreationDateTime).toEqual(expect.any(Number));
    expect(record?.dynamodb?.SequenceNumber).toMatch(/^\d+$/);
    expect(invocations[0]?.functionName).toBe('Recorder');
  });

  it('drops records that match none of the consumer filters', async () => {
    const table = await newTable();
    const { poller } = await startPoller(table, [consumer()]);
    await put(table, 'user-1', { type: 'USER' });
    await put(table, 'post-1');
    await documents.send(
      new PutCommand({ TableName: table.tableName, Item: { PK: 'TEST', SK: 'post-1', type: 'POST' } }),
    );
    await poller.drain();

    // The USER insert and the POST modify are filtered out; only the POST insert arrives.
    expect(deliveredIds()).toEqual([['post-1']]);
  });

  it('delivers records in order, in batches of at most batchSize from one poll', async () => {
    const table = await newTable();
    for (const id of ['a', 'b', 'c', 'd', 'e']) await put(table, id);
    const { poller } = await startPoller(table, [consumer({ batchSize: 2 })]);
    await poller.drain();

    expect(deliveredIds()).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('redelivers from the first failed record after a batchItemFailures answer', async () => {
    const table = await newTable();
    await put(table, 'a');
    await put(table, 'b', { behaviour: 'fail-once' });
    await put(table, 'c');
    const { poller } = await startPoller(table, [consumer()]);
    await poller.drain();

    expect(deliveredIds()).toEqual([
      ['a', 'b', 'c'],
      ['b', 'c'],
    ]);
    expect(invocations.at(-1)?.succeeded).toBe(true);
    expect(poller.failures()).toEqual([]);
  });

  it('sends an always-failing record to the failure destination after its retries, and logs it', async () => {
    const table = await newTable();
    const path = join(await temporaryDirectory(), 'stream-failures.jsonl');
    const { poller, logger } = await startPoller(table, [consumer({ retryAttempts: 2 })], {
      destination: fileFailureDestination(path),
    });
    await put(table, 'poison', { behaviour: 'always-fail' });
    await poller.drain();

    expect(deliveredIds()).toEqual([['poison'], ['poison'], ['poison']]);
    const [failure] = poller.failures();
    expect(failure).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
      responseContext: { functionError: 'Unhandled' },
      DDBStreamBatchInfo: { batchSize: 1, streamArn: table.streamArn },
      local: { functionName: 'Recorder', lastError: 'cannot process poison' },
    });
    expect(failure?.local.records[0]?.dynamodb?.Keys?.SK).toEqual({ S: 'poison' });
    const written = (await readFile(path, 'utf8')).trim().split('\n');
    expect(written.map((line) => JSON.parse(line))).toEqual([failure]);
    expect(
      logger.lines.some((line) => line.level === 'error' && line.message.includes('gave up on 1 record')),
    ).toBe(true);
  });

  it('bisects a failing batch so that only the poison record is given up on', async () => {
    const table = await newTable();
    await put(table, 'a');
    await put(table, 'poison', { behaviour: 'always-fail' });
    await put(table, 'c');
    const { poller } = await startPoller(table, [consumer({ bisectOnError: true, retryAttempts: 1 })]);
    await poller.drain();

    expect(deliveredIds()).toEqual([
      ['a', 'poison', 'c'],
      ['a', 'poison'],
      ['a'],
      ['poison'],
      ['poison'],
      ['c'],
    ]);
    expect(poller.failures().map((failure) => failure.DDBStreamBatchInfo.batchSize)).toEqual([1]);
    expect(poller.failures()[0]?.local.records[0]?.dynamodb?.Keys?.SK).toEqual({ S: 'poison' });
  });

  it('names a hung invocation when a drain gives up, and retries the batch once the function times out', async () => {
    const table = await newTable();
    const { poller } = await startPoller(table, [consumer({ timeoutSeconds: 1 })]);
    await put(table, 'stuck', { behaviour: 'hang-once' });
    await vi.waitFor(() => expect(invocations).toHaveLength(1), { timeout: 10_000, interval: 20 });

    await expect(poller.drain({ timeoutMs: 100 })).rejects.toThrow(
      /records pending: Recorder: 1 \(oldest read [\d.]+ s ago; 0 settled meanwhile; an invocation of 1 record\(s\) in flight for [\d.]+ s \(the function times out after 1 s\)\); reading the stream just took \d+ ms\)$/,
    );
    // As Lambda does, the timed-out invocation fails and the same batch is delivered again.
    await poller.drain();
    expect(deliveredIds()).toEqual([['stuck'], ['stuck']]);
    expect(invocations.at(-1)?.succeeded).toBe(true);
    expect(poller.failures()).toEqual([]);
  });

  it('gives up on records older than maxRecordAgeSeconds', async () => {
    const table = await newTable();
    const { poller } = await startPoller(table, [consumer({ retryAttempts: -1, maxRecordAgeSeconds: 1 })]);
    await put(table, 'stale', { behaviour: 'always-fail' });
    await poller.drain();

    expect(poller.failures()).toHaveLength(1);
    expect(poller.failures()[0]?.requestContext.condition).toBe('RecordAgeExceeded');
    expect(invocations.length).toBeGreaterThan(1);
  });

  it('waits up to the batching window to fill a batch', async () => {
    const table = await newTable();
    await startPoller(table, [consumer({ batchSize: 2, maxBatchingWindowSeconds: 2 })]);
    await put(table, 'first');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(invocations).toHaveLength(0);
    await put(table, 'second');

    await vi.waitFor(() => expect(deliveredIds()).toEqual([['first', 'second']]), { timeout: 2_000 });
  });

  it('feeds every consumer independently, each through its own filters', async () => {
    const table = await newTable();
    const users = consumer({
      name: 'Users',
      filters: [{ dynamodb: { NewImage: { type: { S: ['USER'] } } } }],
    });
    const { poller } = await startPoller(table, [consumer(), users]);
    await put(table, 'post-1');
    await put(table, 'user-1', { type: 'USER' });
    await poller.drain();

    expect(deliveredIds('Recorder')).toEqual([['post-1']]);
    expect(deliveredIds('Users')).toEqual([['user-1']]);
  });

  it('resumes after a restart from the checkpoint, so nothing written meanwhile is lost', async () => {
    const table = await newTable();
    const checkpoints = fileCheckpoints(join(await temporaryDirectory(), 'stream-checkpoints.json'));
    const first = await startPoller(table, [consumer()], { checkpoints, startingPosition: 'LATEST' });
    await put(table, 'before-stop');
    await first.poller.drain();
    await first.poller.stop();

    await put(table, 'while-stopped');
    const second = await startPoller(table, [consumer()], { checkpoints, startingPosition: 'LATEST' });
    await second.poller.drain();

    expect(deliveredIds()).toEqual([['before-stop'], ['while-stopped']]);
  });

  it('starts at the end of the stream without a checkpoint when asked for LATEST', async () => {
    const table = await newTable();
    await put(table, 'history');
    const { poller } = await startPoller(table, [consumer()], { startingPosition: 'LATEST' });
    await put(table, 'new');
    await poller.drain();

    expect(deliveredIds()).toEqual([['new']]);
  });
});

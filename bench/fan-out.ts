/**
 * Fan-out of one post to N followers through the real consumer handler, against DynamoDB Local: requests
 * issued, write units (by item size), wall time and the Node process's CPU time (process.cpuUsage: marshalling,
 * the SDK, our code; DynamoDB Local runs in its own JVM). Then DynamoDB Local's own floor in the same run: the
 * same N+1 entries, marshalled beforehand, written by bare BatchWriteItem calls of the low-level client at the
 * best of several concurrencies (no application code). Up to 1,000 followers, also one PutItem at a time.
 */
import { BatchWriteItemCommand, type WriteRequest as LowLevelWriteRequest } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { postDeps } from '#functions/posts/deps';
import { handler } from '#functions/reactions/table-reader';
import { batchWrite } from '#shared/db/batch-write';
import { db, dynamoClient, tableName } from '#shared/db/client';
import { followerIdPages } from '#shared/db/follow-repository';
import { ItemType, keys } from '#shared/db/keys';
import { postItem, timelineEntryItem } from '#shared/db/post-item';
import { createPost } from '#shared/domain/post';
import { makeLambdaContext } from '#test/factories/api-gateway-event';
import { insertVerifiedUser } from '#test/factories/users';
import { countRequests, round, toImage, writeResult } from './support';

/** `BENCH_FAN_OUT_SIZES=10000` runs only those sizes (e.g. for a CPU profile: NODE_OPTIONS=--cpu-prof). */
const SIZES = process.env.BENCH_FAN_OUT_SIZES
  ? process.env.BENCH_FAN_OUT_SIZES.split(',').map(Number)
  : [1, 25, 26, 1_000, 10_000];
const PUT_ITEM_BASELINE_UP_TO = 1_000;
const FLOOR_CONCURRENCIES = [1, 4, 8, 16, 32];
/** Rounds of one measured fan-out and one floor trial per concurrency, after a warm-up fan-out. */
const ROUNDS = 3;
const TEXT =
  'Benchmarking the fan-out: a post of about a hundred characters, with a #hashtag and a link https://ex.am/ple';

async function withFollowers(count: number) {
  const author = (await insertVerifiedUser()).user;
  const followers = Array.from({ length: count }, () => ulid());
  await batchWrite(
    db(),
    tableName(),
    followers.map((followerId) => ({
      PutRequest: {
        Item: {
          ...keys.follow(followerId, author.id),
          ...keys.followerOf(author.id, followerId),
          type: ItemType.Follow,
          followerId,
          followeeId: author.id,
          createdAt: new Date().toISOString(),
        },
      },
    })),
  );
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.user(author.id),
      UpdateExpression: 'SET followerCount = :n',
      ExpressionAttributeValues: { ':n': count },
    }),
  );
  return { author, followers };
}

/** One post fanned out through the real stream handler: its requests, wall time and Node CPU. */
async function fanOutOnce(authorId: string) {
  const post = await createPost(postDeps, { authorId, text: TEXT });
  const event: DynamoDBStreamEvent = {
    Records: [
      {
        eventID: '1',
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        dynamodb: {
          NewImage: toImage({ ...postItem(post) }),
          SequenceNumber: '1',
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      },
    ],
  };
  const counter = countRequests();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const response = await handler(event, makeLambdaContext());
  const wallMs = round(performance.now() - started);
  const cpu = process.cpuUsage(cpuBefore);
  counter.stop();
  if (response.batchItemFailures.length > 0) throw new Error('the fan-out failed');
  return { post, counts: counter.counts, wallMs, cpuMs: round((cpu.user + cpu.system) / 1000) };
}

async function main() {
  const rows = [];
  for (const n of SIZES) {
    const { author, followers } = await withFollowers(n);
    const owners = [author.id, ...followers];
    // The first fan-out warms the handler and the engine (JIT on both sides; it is reported as `firstWallMs`).
    // Then rounds alternate one fan-out with one floor trial per concurrency, so both see the same engine
    // state and load; each figure is its median over the rounds.
    const first = await fanOutOnce(author.id);
    const trials: Awaited<ReturnType<typeof fanOutOnce>>[] = [];
    const floorTrials: FloorTrial[] = [];
    for (let pass = 0; pass < ROUNDS; pass++) {
      trials.push(await fanOutOnce(author.id));
      for (const concurrency of FLOOR_CONCURRENCIES) {
        // Each trial writes new items (entries of a fresh post id), as the fan-out did: overwriting the
        // entries just written would be a different, cheaper operation for the engine.
        const fresh = { ...first.post, id: ulid() };
        floorTrials.push(
          await floorTrial(
            owners.map((ownerId) => timelineEntryItem(ownerId, fresh)),
            concurrency,
          ),
        );
      }
    }
    const fanOut = medianBy(trials, (trial) => trial.wallMs);
    const { post, counts, wallMs: fanOutMs, cpuMs } = fanOut;
    const floor = engineFloor(floorTrials);

    // The follower reads the fan-out also has to make (the same paged Query), alone: engine work the write
    // floor leaves out.
    const readsStarted = performance.now();
    let followersRead = 0;
    for await (const page of followerIdPages(author.id)) followersRead += page.length;
    if (followersRead !== n) throw new Error(`read ${followersRead} followers, expected ${n}`);
    const followerReadMs = round(performance.now() - readsStarted);

    const baseline = countRequests();
    const baselineStarted = performance.now();
    if (n <= PUT_ITEM_BASELINE_UP_TO) {
      for (const ownerId of owners) {
        await db().send(new PutCommand({ TableName: tableName(), Item: timelineEntryItem(ownerId, post) }));
      }
    }
    const baselineMs = performance.now() - baselineStarted;
    baseline.stop();

    const batchWrites = counts.byCommand.BatchWrite ?? 0;
    rows.push({
      followers: n,
      entries: n + 1,
      fanOut: {
        requests: counts.total,
        byCommand: counts.byCommand,
        batchWrites,
        expectedBatchWrites: Math.ceil((n + 1) / 25),
        writeUnits: counts.writeUnits,
        wallMs: fanOutMs,
        cpuMs,
        firstWallMs: first.wallMs,
        trialWallMs: trials.map((trial) => trial.wallMs),
      },
      floor,
      floorRatio: round(fanOutMs / floor.bestMs, 2),
      followerReadMs,
      floorWithReadsRatio: round(fanOutMs / (floor.bestMs + followerReadMs), 2),
      ...(n <= PUT_ITEM_BASELINE_UP_TO
        ? {
            putItemEach: {
              requests: baseline.counts.total,
              writeUnits: baseline.counts.writeUnits,
              wallMs: round(baselineMs),
            },
            requestRatio: round(baseline.counts.total / counts.total, 1),
            timeRatio: round(baselineMs / fanOutMs, 1),
          }
        : {}),
      entryBytes: JSON.stringify(timelineEntryItem(author.id, post)).length,
    });
    console.log(
      `fan-out N=${n}: ${counts.total} requests in ${fanOutMs} ms (CPU ${cpuMs} ms; first ${first.wallMs} ms); floor ${floor.bestMs} ms at ${floor.bestConcurrency} in flight`,
    );
  }
  await writeResult('fan-out', { rows });
}

interface FloorTrial {
  concurrency: number;
  batchWrites: number;
  wallMs: number;
  cpuMs: number;
}

/**
 * One trial of DynamoDB Local's own floor: `items` (none of them in the table yet) marshalled up front, then
 * written by bare BatchWriteItem calls of 25 through the low-level client with `concurrency` in flight.
 */
async function floorTrial(
  items: readonly Record<string, unknown>[],
  concurrency: number,
): Promise<FloorTrial> {
  const batches: LowLevelWriteRequest[][] = [];
  for (let start = 0; start < items.length; start += 25) {
    batches.push(items.slice(start, start + 25).map((item) => ({ PutRequest: { Item: marshall(item) } })));
  }
  const queue = [...batches];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const worker = async () => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) {
      let pending: LowLevelWriteRequest[] = batch;
      while (pending.length > 0) {
        const output = await dynamoClient().send(
          new BatchWriteItemCommand({ RequestItems: { [tableName()]: pending } }),
        );
        pending = output.UnprocessedItems?.[tableName()] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
  const wallMs = round(performance.now() - started);
  const cpu = process.cpuUsage(cpuBefore);
  return { concurrency, batchWrites: batches.length, wallMs, cpuMs: round((cpu.user + cpu.system) / 1000) };
}

/**
 * The floor: per concurrency, the median trial; the best of those. Its CPU is the SDK's own Node CPU for the
 * same requests (signing, serializing, HTTP, parsing): the fan-out's CPU cannot go below it while it sends
 * through the SDK.
 */
function engineFloor(trials: readonly FloorTrial[]) {
  const byConcurrency: Record<string, number> = {};
  const cpuByConcurrency: Record<string, number> = {};
  for (const concurrency of FLOOR_CONCURRENCIES) {
    const median = medianBy(
      trials.filter((trial) => trial.concurrency === concurrency),
      (trial) => trial.wallMs,
    );
    byConcurrency[concurrency] = median.wallMs;
    cpuByConcurrency[concurrency] = median.cpuMs;
  }
  const [bestConcurrency, bestMs] = Object.entries(byConcurrency).sort((a, b) => a[1] - b[1])[0] ?? ['1', 0];
  return {
    batchWrites: trials[0]?.batchWrites ?? 0,
    rounds: ROUNDS,
    byConcurrency,
    cpuByConcurrency,
    bestConcurrency: Number(bestConcurrency),
    bestMs,
    bestCpuMs: cpuByConcurrency[bestConcurrency] ?? 0,
  };
}

/** The middle element by `value` (the upper middle of an even count). */
function medianBy<T>(items: readonly T[], value: (item: T) => number): T {
  const sorted = [...items].sort((a, b) => value(a) - value(b));
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (middle === undefined) throw new Error('no trials to take a median of');
  return middle;
}

await main();

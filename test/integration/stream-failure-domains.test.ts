/**
 * The table stream's two readers are two failure domains: an SMS send that hangs (the carrier does not answer)
 * holds back only the outside-world reader, never a follower's timeline entry. Real DynamoDB Local, real stream
 * records, the local poller running the catalog's readers through the real handler modules; SNS is an HTTP
 * server that holds every Publish open until the test lets it fail.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { streamConsumers } from '#functions/catalog';
import { outsideWorldReactions, tableReactions } from '#functions/reactions/reactions';
import { memoryFailureDestination } from '#local/failure-destination';
import { createHandlerLoader } from '#local/handler-loader';
import { createInvoker } from '#local/lambda-invoker';
import { memoryCheckpoints } from '#local/stream-checkpoints';
import { type StreamPoller, startStreamPoller } from '#local/stream-poller';
import type { StreamConsumer } from '#shared/catalog';
import { db, tableName } from '#shared/db/client';
import { followStore } from '#shared/db/follow-repository';
import { keys } from '#shared/db/keys';
import { postStore } from '#shared/db/post-repository';
import { relationshipReads } from '#shared/db/relationship-repository';
import { smsPreferenceStore } from '#shared/db/sms-repository';
import { userDirectory } from '#shared/db/user-directory';
import { systemClock, ulidIds } from '#shared/domain/clock';
import { createPost } from '#shared/domain/post';
import { readerFilters } from '#shared/stream/reaction';
import { linkVerifiedPhone } from '#test/factories/sms-phones';
import { insertVerifiedUser } from '#test/factories/users';
import { recordingLogger } from '#test/support/recording-logger';
import { createTestTable, type TestTable } from '#test/support/test-table';

const REGION = process.env.AWS_REGION ?? 'us-east-1';
const postDeps = {
  posts: postStore,
  users: userDirectory,
  relationships: relationshipReads,
  clock: systemClock,
  ids: ulidIds,
};

/** An SNS endpoint that answers nothing until released, then fails every Publish with a 500. */
function hangingSns() {
  const held: ServerResponse[] = [];
  let publishes = 0;
  let released = false;
  const fail = (response: ServerResponse) =>
    response.writeHead(500, { 'content-type': 'text/xml' }).end('<x/>');
  const server = createServer((request, response) => {
    request.resume();
    publishes++;
    if (released) fail(response);
    else held.push(response);
  });
  return {
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    publishes: () => publishes,
    pending: () => held.length,
    release() {
      released = true;
      for (const response of held.splice(0)) fail(response);
    },
    reset() {
      released = false;
      publishes = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const sns = hangingSns();
let table: TestTable;
let poller: StreamPoller | undefined;

beforeAll(async () => {
  // Before any handler reads its configuration (once, at cold start).
  process.env.SNS_ENDPOINT = await sns.listen();
  table = await createTestTable();
});

afterEach(async () => {
  sns.release();
  await poller?.stop();
  poller = undefined;
  sns.reset();
});

afterAll(() => sns.close());

async function startReaders(consumers: readonly StreamConsumer[]) {
  poller = await startStreamPoller({
    dynamodbEndpoint: table.endpoint,
    region: REGION,
    tableName: table.tableName,
    consumers,
    invoke: createInvoker(createHandlerLoader(), REGION),
    destination: memoryFailureDestination(),
    checkpoints: memoryCheckpoints(),
    // Only what the test writes from here on.
    startingPosition: 'LATEST',
    logger: recordingLogger(),
    pollIntervalMs: 50,
    retryDelayMs: 20,
  });
}

/** An author with a follower who gets the author's posts by SMS. */
async function authorWithSmsFollower() {
  const author = (await insertVerifiedUser()).user;
  const follower = (await insertVerifiedUser()).user;
  await linkVerifiedPhone(follower.id);
  await followStore.follow({
    followerId: follower.id,
    followeeId: author.id,
    createdAt: new Date().toISOString(),
  });
  await smsPreferenceStore.setPreference(follower.id, { authorId: author.id, enabled: true, source: 'user' });
  return { author, follower };
}

async function inTimeline(ownerId: string, postId: string): Promise<boolean> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.timelineEntry(ownerId, postId),
      ConsistentRead: true,
    }),
  );
  return Item !== undefined;
}

describe('the table stream readers', () => {
  it("deliver a follower's timeline entries while the SMS of the same posts hangs", async () => {
    const { author, follower } = await authorWithSmsFollower();
    await startReaders(streamConsumers);

    const first = await createPost(postDeps, { authorId: author.id, text: 'first news' });
    const second = await createPost(postDeps, { authorId: author.id, text: 'second news' });

    await vi.waitFor(async () => expect(await inTimeline(follower.id, second.id)).toBe(true), {
      timeout: 15_000,
      interval: 50,
    });
    expect(await inTimeline(follower.id, first.id)).toBe(true);
    // The SMS of the first post was sent and is still unanswered: the timeline did not wait for it.
    expect(sns.publishes()).toBeGreaterThan(0);
    expect(sns.pending()).toBeGreaterThan(0);
  });

  it('(the reason they are apart) one reader running both lists holds the timeline back behind the hanging SMS', async () => {
    const { author, follower } = await authorWithSmsFollower();
    const [shape] = streamConsumers;
    if (!shape) throw new Error('the catalog declares no stream reader');
    await startReaders([
      {
        ...shape,
        name: 'SingleReader',
        entry: 'test/fixtures/single-stream-reader.ts',
        filters: readerFilters([...tableReactions, ...outsideWorldReactions]),
      },
    ]);

    const first = await createPost(postDeps, { authorId: author.id, text: 'first news' });
    const second = await createPost(postDeps, { authorId: author.id, text: 'second news' });

    // The first post is fanned out, then its SMS hangs: the second post waits behind it in the shard.
    await vi.waitFor(() => expect(sns.pending()).toBeGreaterThan(0), { timeout: 15_000, interval: 50 });
    expect(await inTimeline(follower.id, first.id)).toBe(true);
    expect(await inTimeline(follower.id, second.id)).toBe(false);

    sns.release();
    await vi.waitFor(async () => expect(await inTimeline(follower.id, second.id)).toBe(true), {
      timeout: 15_000,
      interval: 50,
    });
  });
});

import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '#functions/reactions/table-reader';
import { authorPage } from '#shared/db/author-page';
import { db, dynamoClient, tableName } from '#shared/db/client';
import { engagementStore } from '#shared/db/engagement-repository';
import { followStore } from '#shared/db/follow-repository';
import { keys } from '#shared/db/keys';
import { readPageDigests } from '#shared/db/page-digest-repository';
import { postStore } from '#shared/db/post-repository';
import { relationshipReads } from '#shared/db/relationship-repository';
import { mentionReader, timelineReader } from '#shared/db/timeline-repository';
import { userDirectory } from '#shared/db/user-directory';
import { systemClock, ulidIds } from '#shared/domain/clock';
import { disengage, engage } from '#shared/domain/engagement/engagement';
import { followUser, unfollowUser } from '#shared/domain/follow';
import { createPost, deletePost, type Post } from '#shared/domain/post';
import { pulledAuthorPages } from '#shared/domain/pulled-page-cache';
import {
  listMentions,
  PULLED_AUTHORS_IN_FLIGHT,
  readTimeline,
  TIMELINE_RULES,
  type TimelineReader,
} from '#shared/domain/timeline';
import { makeLambdaContext } from '#test/factories/api-gateway-event';
import { insertVerifiedUser, promoteToCelebrity } from '#test/factories/users';
import { recordSentCommands } from '#test/support/sent-commands';
import { createTestTable } from '#test/support/test-table';
import { streamReader } from './timeline-harness';

let newRecords: () => Promise<DynamoDBRecord[]>;
const postDeps = {
  posts: postStore,
  users: userDirectory,
  relationships: relationshipReads,
  clock: systemClock,
  ids: ulidIds,
};
const followDeps = { follows: followStore, users: userDirectory, clock: systemClock };
const engagementDeps = {
  engagements: engagementStore,
  posts: postStore,
  rateLimit: async () => {},
  canSee: async () => true,
  clock: systemClock,
  ids: ulidIds,
};

beforeAll(async () => {
  newRecords = streamReader((await createTestTable()).streamArn);
});

/** Delivers records like Lambda: a failed record and everything after it in the batch is delivered again. */
async function deliver(records: DynamoDBRecord[], maxAttempts = 20): Promise<void> {
  let pending = records;
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > maxAttempts) throw new Error(`records still failing after ${maxAttempts} deliveries`);
    const event: DynamoDBStreamEvent = { Records: pending };
    let failedIds: string[];
    try {
      const response = await handler(event, makeLambdaContext());
      failedIds = response.batchItemFailures.map((failure) => failure.itemIdentifier);
    } catch {
      failedIds = pending.map((record) => record.dynamodb?.SequenceNumber ?? '');
    }
    const first = pending.findIndex((record) => failedIds.includes(record.dynamodb?.SequenceNumber ?? ''));
    pending = first === -1 ? [] : pending.slice(first);
  }
}

async function catchUp() {
  await deliver(await newRecords());
}

async function storedIds(partition: { PK: string }): Promise<string[]> {
  const ids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const output = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        ExpressionAttributeValues: { ':pk': partition.PK, ':p': 'POST#' },
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    for (const item of output.Items ?? []) ids.push(String(item.postId));
    startKey = output.LastEvaluatedKey;
  } while (startKey);
  return ids.sort();
}

/** The production reader of pulled pages with its cache off, so each read shows what is stored now. */
function digestReader(): TimelineReader {
  return {
    ...timelineReader,
    pulledAuthorPages: pulledAuthorPages((id, page) => authorPage(id, page), {
      clock: systemClock,
      ttlMs: 0,
      maxAuthors: TIMELINE_RULES.pulledPageCacheAuthors,
      window: TIMELINE_RULES.pulledPageWindow,
      inFlight: PULLED_AUTHORS_IN_FLIGHT,
      readDigests: readPageDigests,
    }),
  };
}

async function timelineOf(userId: string): Promise<string[]> {
  const page = await readTimeline(
    { timeline: timelineReader, clock: systemClock },
    { ownerId: userId, limit: 100 },
  );
  return page.items.map((post) => post.id);
}

describe('the timeline fan-out consumer', () => {
  it('fans a post out to followers, removes it on delete, backfills on follow and cleans up on unfollow', async () => {
    const ann = (await insertVerifiedUser()).user;
    const bob = (await insertVerifiedUser()).user;
    const cat = (await insertVerifiedUser()).user;
    const early = await createPost(postDeps, { authorId: bob.id, text: 'before anyone followed' });
    await followUser(followDeps, { followerId: ann.id, username: bob.username });
    await catchUp();
    expect(await timelineOf(ann.id)).toEqual([early.id]);

    const post = await createPost(postDeps, { authorId: bob.id, text: `hi @${cat.username}` });
    const own = await createPost(postDeps, { authorId: ann.id, text: 'my own' });
    await catchUp();
    expect(await timelineOf(ann.id)).toEqual([own.id, post.id, early.id]);
    expect(await timelineOf(bob.id)).toEqual([post.id, early.id]);
    const mentions = await listMentions({ mentions: mentionReader }, { userId: cat.id, limit: 10 });
    expect(mentions.items.map((item) => item.id)).toEqual([post.id]);

    await deletePost(postDeps, { callerId: bob.id, postId: post.id });
    await catchUp();
    expect(await timelineOf(ann.id)).toEqual([own.id, early.id]);
    expect(await storedIds(keys.mentionsPartition(cat.id))).toEqual([]);

    await unfollowUser(followDeps, { followerId: ann.id, username: bob.username });
    await catchUp();
    expect(await timelineOf(ann.id)).toEqual([own.id]);
  });

  it('merges a followed celebrity at read time instead of fanning out', async () => {
    const fan = (await insertVerifiedUser()).user;
    const star = (await insertVerifiedUser()).user;
    await promoteToCelebrity(star.id);
    await followUser(followDeps, { followerId: fan.id, username: star.username });
    const mine = await createPost(postDeps, { authorId: fan.id, text: 'mine' });
    const starPost = await createPost(postDeps, { authorId: star.id, text: 'famous' });
    await catchUp();
    expect(await storedIds(keys.timelinePartition(fan.id))).toEqual([mine.id]);
    expect(await timelineOf(fan.id)).toEqual([starPost.id, mine.id]);
    // The star reposts someone the fan does not follow: not fanned out, pulled at read time, marked.
    const other = (await insertVerifiedUser()).user;
    const othersPost = await createPost(postDeps, { authorId: other.id, text: 'boosted' });
    await engage(engagementDeps, { kind: 'repost', userId: star.id, postId: othersPost.id });
    await catchUp();
    expect(await storedIds(keys.timelinePartition(fan.id))).toEqual([mine.id]);
    const page = await readTimeline(
      { timeline: timelineReader, clock: systemClock },
      { ownerId: fan.id, limit: 100 },
    );
    expect(page.items.map((post) => post.id)).toEqual([othersPost.id, starPost.id, mine.id]);
    expect(page.items[0]).toMatchObject({ author: { id: other.id }, repostedBy: { id: star.id } });
    await unfollowUser(followDeps, { followerId: fan.id, username: star.username });
    await catchUp();
    expect(await timelineOf(fan.id)).toEqual([mine.id]);
  });

  it("keeps a promoted celebrity's page digest through the stream, and home pages read it, not the page", async () => {
    const fan = (await insertVerifiedUser()).user;
    const star = (await insertVerifiedUser()).user;
    const other = (await insertVerifiedUser()).user;
    await followUser(followDeps, { followerId: fan.id, username: star.username });
    await catchUp();
    // Past the threshold (the other followers are not needed): the next post promotes the star.
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.user(star.id),
        UpdateExpression: 'SET followerCount = :count',
        ExpressionAttributeValues: { ':count': TIMELINE_RULES.celebrityFollowerThreshold + 1 },
      }),
    );
    const promoting = await createPost(postDeps, { authorId: star.id, text: 'now famous' });
    await catchUp();
    const digestOf = async () => (await readPageDigests([star.id])).get(star.id);
    expect((await digestOf())?.posts.map((entry) => entry.position)).toEqual([promoting.id]);
    expect((await digestOf())?.exhausted).toBe(true);

    const mine = await createPost(postDeps, { authorId: fan.id, text: 'mine' });
    const next = await createPost(postDeps, { authorId: star.id, text: 'again' });
    const othersPost = await createPost(postDeps, { authorId: other.id, text: 'boosted' });
    await engage(engagementDeps, { kind: 'repost', userId: star.id, postId: othersPost.id });
    const records = await newRecords();
    await deliver(records);
    const digest = await digestOf();
    expect(digest?.posts.map((entry) => entry.post.id)).toEqual([othersPost.id, next.id, promoting.id]);
    expect(digest?.posts[0]?.post).toMatchObject({ repostedBy: { id: star.id }, author: { id: other.id } });

    // A home page with the star followed: the digest in one BatchGetItem, no Query of the star's page.
    const sent = recordSentCommands();
    const page = await readTimeline(
      { timeline: digestReader(), clock: systemClock },
      { ownerId: fan.id, limit: 20 },
    );
    sent.stop();
    expect(page.items.map((post) => post.id)).toEqual([othersPost.id, next.id, mine.id, promoting.id]);
    expect(sent.commands.filter((command) => command.input.IndexName === 'GSI3')).toEqual([]);
    expect(sent.commands.map((command) => command.constructor.name).sort()).toEqual([
      'BatchGetCommand',
      'QueryCommand',
    ]);

    // Replayed records change nothing: the same digest, not written again.
    const version = async () =>
      (await db().send(new GetCommand({ TableName: tableName(), Key: keys.pageDigest(star.id) }))).Item
        ?.version;
    const before = await version();
    await deliver(records);
    expect(await version()).toBe(before);

    await deletePost(postDeps, { callerId: star.id, postId: next.id });
    await disengage(engagementDeps, { kind: 'repost', userId: star.id, postId: othersPost.id });
    await catchUp();
    expect((await digestOf())?.posts.map((entry) => entry.position)).toEqual([promoting.id]);
    const after = await readTimeline(
      { timeline: digestReader(), clock: systemClock },
      { ownerId: fan.id, limit: 20 },
    );
    expect(after.items.map((post) => post.id)).toEqual([mine.id, promoting.id]);
  });

  it('survives chaos: batches twice, duplicated and shuffled records, failing writes, unprocessed items', {
    timeout: 90_000,
  }, async () => {
    const random = seededRandom(42);
    const authors = await Promise.all(Array.from({ length: 4 }, () => insertVerifiedUser()));
    const readers = await Promise.all(Array.from({ length: 40 }, () => insertVerifiedUser()));
    const everyone = [...authors, ...readers].map((entry) => entry.user);
    const edges = new Set<string>();
    for (const reader of readers) {
      for (const author of authors) {
        if (random() < 0.6) {
          await followUser(followDeps, { followerId: reader.user.id, username: author.user.username });
          edges.add(`${reader.user.id}>${author.user.id}`);
        }
      }
    }
    const posts = new Map<string, Post>();
    for (let index = 0; index < 30; index++) {
      const author = authors[index % authors.length]?.user ?? everyone[0];
      const mentioned = readers[Math.floor(random() * readers.length)]?.user;
      if (!author || !mentioned) continue;
      const post = await createPost(postDeps, {
        authorId: author.id,
        text: `post ${index} @${mentioned.username}`,
      });
      posts.set(post.id, post);
    }
    for (const post of [...posts.values()].filter(() => random() < 0.2)) {
      await deletePost(postDeps, { callerId: post.author.id, postId: post.id });
      posts.delete(post.id);
    }
    for (const reader of readers.slice(0, 10)) {
      const author = authors[0]?.user;
      if (!author || !edges.has(`${reader.user.id}>${author.id}`)) continue;
      await unfollowUser(followDeps, { followerId: reader.user.id, username: author.username });
      edges.delete(`${reader.user.id}>${author.id}`);
    }

    const records = await newRecords();
    const deliveries = [...records, ...records.filter(() => random() < 0.25)].sort(() => random() - 0.5);
    const injected = injectWriteFailures(random);
    try {
      for (let start = 0; start < deliveries.length; start += 10) {
        const batch = deliveries.slice(start, start + 10);
        await deliver(batch);
        await deliver(batch);
      }
    } finally {
      injected.restore();
    }
    expect(injected.stats.failed).toBeGreaterThan(0);
    expect(injected.stats.unprocessed).toBeGreaterThan(0);
    expect(injected.stats.lowLevelCalls).toBeGreaterThan(0);

    for (const user of everyone) {
      const followees = new Set(
        [...edges].filter((edge) => edge.startsWith(`${user.id}>`)).map((edge) => edge.split('>')[1]),
      );
      const expectedTimeline = [...posts.values()]
        .filter((post) => post.author.id === user.id || followees.has(post.author.id))
        .map((post) => post.id)
        .sort();
      const expectedMentions = [...posts.values()]
        .filter((post) => post.entities.mentions.some((mention) => mention.userId === user.id))
        .map((post) => post.id)
        .sort();
      expect(await storedIds(keys.timelinePartition(user.id)), `timeline of ${user.username}`).toEqual(
        expectedTimeline,
      );
      expect(await storedIds(keys.mentionsPartition(user.id)), `mentions of ${user.username}`).toEqual(
        expectedMentions,
      );
    }
  });
});

function seededRandom(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/**
 * Wraps the process's DynamoDB clients: about 1 % of BatchWriteItem calls fail once (a thrown error), and about
 * a fifth of them leave some of their items unprocessed (not written, handed back in UnprocessedItems). Both
 * kinds are hit: the document client's BatchWriteCommand (the post index) and the low-level
 * BatchWriteItemCommand the fan-outs send with pre-marshalled entries. Everything else goes to DynamoDB Local
 * unchanged.
 */
function injectWriteFailures(random: () => number) {
  const stats = { calls: 0, failed: 0, unprocessed: 0, lowLevelCalls: 0 };
  type Send = (command: unknown) => Promise<unknown>;
  const chaos =
    (original: Send, rebuild: (command: unknown, requests: unknown[]) => unknown) =>
    async (command: unknown): Promise<unknown> => {
      const requests = batchWriteRequests(command);
      if (!requests) return original(command);
      stats.calls++;
      if (command instanceof BatchWriteItemCommand) stats.lowLevelCalls++;
      if (random() < 0.01 || (stats.failed === 0 && stats.calls === 5)) {
        stats.failed++;
        throw Object.assign(new Error('Injected failure'), { name: 'InternalServerError' });
      }
      if (requests.length < 2 || random() > 0.2) return original(command);
      const keep = requests.filter((_, index) => index % 2 === 0);
      const dropped = requests.filter((_, index) => index % 2 === 1);
      stats.unprocessed += dropped.length;
      const output = (await original(rebuild(command, keep))) as {
        UnprocessedItems?: Record<string, unknown[]>;
      };
      const already = output.UnprocessedItems?.[tableName()] ?? [];
      return { ...output, UnprocessedItems: { [tableName()]: [...already, ...dropped] } };
    };
  const documentClient = db();
  const lowLevelClient = dynamoClient();
  const originalDocument = documentClient.send.bind(documentClient) as Send;
  const originalLowLevel = lowLevelClient.send.bind(lowLevelClient) as Send;
  documentClient.send = chaos(
    originalDocument,
    (command, keep) =>
      new BatchWriteCommand({
        ...(command as BatchWriteCommand).input,
        RequestItems: { [tableName()]: keep as never },
      }),
  ) as typeof documentClient.send;
  lowLevelClient.send = chaos(
    originalLowLevel,
    (command, keep) =>
      new BatchWriteItemCommand({
        ...(command as BatchWriteItemCommand).input,
        RequestItems: { [tableName()]: keep as never },
      }),
  ) as typeof lowLevelClient.send;
  const restore = () => {
    documentClient.send = originalDocument as typeof documentClient.send;
    lowLevelClient.send = originalLowLevel as typeof lowLevelClient.send;
  };
  return { stats, restore };
}

/** The write requests of a batch write of either client, or undefined for any other command. */
function batchWriteRequests(command: unknown): unknown[] | undefined {
  if (command instanceof BatchWriteCommand || command instanceof BatchWriteItemCommand) {
    return command.input.RequestItems?.[tableName()] ?? [];
  }
  return undefined;
}

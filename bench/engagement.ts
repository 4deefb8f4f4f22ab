/**
 * Engagement costs through the real code, against DynamoDB Local, counted (not timed): requests and units by item
 * size (support.ts).
 * 1. A home page of 20 with the reader's viewer state: the page's own Query, then the hydrate stage's two batched
 *    reads — the reader's edges over the page's id range (one Query) and the posts' current counts (one
 *    BatchGetItem) — each counted on its own, and the whole page through readTimeline.
 * 2. The fan-out of one repost to 1,000 followers through the table-only reader (the repost's INSERT record).
 * 3. The notification a like causes (the like's INSERT record through the same reader): the first like of a
 *    post, and a second like grouped into the same notification.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { postDeps } from '#functions/posts/deps';
import { handler } from '#functions/reactions/table-reader';
import { batchWrite } from '#shared/db/batch-write';
import { db, tableName } from '#shared/db/client';
import { engagementItem, engagementStore } from '#shared/db/engagement-repository';
import { ItemType, keys } from '#shared/db/keys';
import { postHydration } from '#shared/db/post-hydration';
import { timelineEntryItem } from '#shared/db/post-item';
import { getPostsByRefs } from '#shared/db/post-lookup';
import { applyWrites, timelineReader } from '#shared/db/timeline-repository';
import { systemClock } from '#shared/domain/clock';
import type { Engagement } from '#shared/domain/engagement/ports';
import { viewerStates } from '#shared/domain/engagement/viewer-state';
import type { TimelineWrite } from '#shared/domain/fan-out';
import { createPost, type Post } from '#shared/domain/post';
import { readTimeline } from '#shared/domain/timeline';
import { makeLambdaContext } from '#test/factories/api-gateway-event';
import { insertVerifiedUser } from '#test/factories/users';
import { countRequests, itemSize, toImage, writeResult } from './support';

const TEXT =
  'A typical post of about a hundred characters: some words, a mention of nobody, and a #tag. Fine.';
const REPOST_FOLLOWERS = 1_000;

async function counted<T>(work: () => Promise<T>) {
  const counter = countRequests();
  try {
    const result = await work();
    return { result, counts: counter.counts };
  } finally {
    counter.stop();
  }
}

const row = (name: string, counts: { total: number; byCommand: object; readUnits: number }) => ({
  case: name,
  requests: counts.total,
  byCommand: counts.byCommand,
  readUnits: counts.readUnits,
});

function engagement(kind: Engagement['kind'], userId: string, post: Post): Engagement {
  return {
    kind,
    id: ulid(),
    userId,
    postId: post.id,
    postAuthorId: post.author.id,
    createdAt: new Date().toISOString(),
  };
}

async function homePageWithViewerState() {
  const reader = (await insertVerifiedUser()).user;
  const authors = await Promise.all(Array.from({ length: 10 }, () => insertVerifiedUser()));
  const posts: Post[] = [];
  for (let index = 0; index < 40; index++) {
    const author = authors[index % authors.length]?.user;
    if (author) posts.push(await createPost(postDeps, { authorId: author.id, text: `${TEXT} ${index}` }));
  }
  await applyWrites(posts.map((post): TimelineWrite => ({ op: 'put_entry', ownerId: reader.id, post })));
  // The reader liked a third of what they read and reposted a few, on this page and the next.
  for (const [index, post] of posts.entries()) {
    if (index % 3 === 0) await engagementStore.add(engagement('like', reader.id, post));
    if (index % 8 === 0) await engagementStore.add(engagement('repost', reader.id, post));
  }
  const timeline = { timeline: timelineReader, clock: systemClock };
  const skeleton = await counted(() => readTimeline(timeline, { ownerId: reader.id, limit: 20 }));
  const ids = skeleton.result.items.map((post) => post.id);
  const viewer = await counted(() => viewerStates(postHydration.engagedBetween, reader.id, ids));
  const refs = skeleton.result.items.map((post) => ({ authorId: post.author.id, postId: post.id }));
  const current = await counted(() => getPostsByRefs(refs));
  const whole = await counted(() =>
    readTimeline({ ...timeline, hydration: postHydration }, { ownerId: reader.id, limit: 20 }),
  );
  const liked = [...viewer.result.values()].filter((state) => state.liked).length;
  console.log(
    `home page of ${whole.result.items.length}: ${whole.counts.total} requests, ${whole.counts.readUnits} RCU (viewer ${viewer.counts.readUnits}, counts ${current.counts.readUnits})`,
  );
  return {
    items: whole.result.items.length,
    likedOnPage: liked,
    entryBytes: itemSize(timelineEntryItem(reader.id, posts[0] as Post)),
    edgeBytes: itemSize(engagementItem(engagement('like', reader.id, posts[0] as Post))),
    rows: [
      row('page Query only (no hydration)', skeleton.counts),
      row('viewer state: the reader’s edges over the page’s id range (one Query)', viewer.counts),
      row('current counts of the 20 posts (one BatchGetItem)', current.counts),
      row('whole page: readTimeline with hydration', whole.counts),
    ],
  };
}

function streamEvent(item: Record<string, unknown>): DynamoDBStreamEvent {
  return {
    Records: [
      {
        eventID: '1',
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        dynamodb: { NewImage: toImage(item), SequenceNumber: '1', StreamViewType: 'NEW_AND_OLD_IMAGES' },
      },
    ],
  };
}

async function react(item: Record<string, unknown>) {
  const { result, counts } = await counted(() => handler(streamEvent(item), makeLambdaContext()));
  if (result.batchItemFailures.length > 0) throw new Error('the reaction failed');
  return counts;
}

async function repostFanOut() {
  const author = (await insertVerifiedUser()).user;
  const reposter = (await insertVerifiedUser()).user;
  const followers = Array.from({ length: REPOST_FOLLOWERS }, () => ulid());
  await batchWrite(
    db(),
    tableName(),
    followers.map((followerId) => ({
      PutRequest: {
        Item: {
          ...keys.follow(followerId, reposter.id),
          ...keys.followerOf(reposter.id, followerId),
          type: ItemType.Follow,
          followerId,
          followeeId: reposter.id,
          createdAt: new Date().toISOString(),
        },
      },
    })),
  );
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.user(reposter.id),
      UpdateExpression: 'SET followerCount = :n',
      ExpressionAttributeValues: { ':n': REPOST_FOLLOWERS },
    }),
  );
  const post = await createPost(postDeps, { authorId: author.id, text: TEXT });
  const repost = engagement('repost', reposter.id, post);
  await engagementStore.add(repost);
  const counts = await react(engagementItem(repost));
  console.log(`repost fan-out to ${REPOST_FOLLOWERS}: ${counts.total} requests, ${counts.writeUnits} WCU`);
  return {
    followers: REPOST_FOLLOWERS,
    entries: REPOST_FOLLOWERS + 1,
    requests: counts.total,
    byCommand: counts.byCommand,
    writeUnits: counts.writeUnits,
    readUnits: counts.readUnits,
  };
}

async function notificationItemBytes(recipientId: string): Promise<number> {
  const { Items } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.notificationsPartition(recipientId).PK },
      ConsistentRead: true,
    }),
  );
  return Math.max(0, ...(Items ?? []).map((item) => itemSize(item)));
}

async function notificationPerLike() {
  const author = (await insertVerifiedUser()).user;
  const post = await createPost(postDeps, { authorId: author.id, text: TEXT });
  const rows = [];
  for (const label of ['first like of a post (new notification)', 'second like (grouped into it)']) {
    const liker = (await insertVerifiedUser()).user;
    const like = engagement('like', liker.id, post);
    await engagementStore.add(like);
    const counts = await react(engagementItem(like));
    const bytes = await notificationItemBytes(author.id);
    // An UpdateItem is billed on the larger of the item before and after: ⌈size / 1 KB⌉ WCU.
    const writeUnits = Math.max(1, Math.ceil(bytes / 1024)) * (counts.byCommand.Update ?? 0);
    rows.push({
      case: label,
      requests: counts.total,
      byCommand: counts.byCommand,
      notificationBytes: bytes,
      writeUnits,
      readUnits: counts.readUnits,
    });
  }
  console.log(
    `notification per like: ${rows.map((r) => `${r.requests} requests, ${r.writeUnits} WCU`).join('; ')}`,
  );
  return rows;
}

async function main() {
  const homePage = await homePageWithViewerState();
  const repost = await repostFanOut();
  const notifications = await notificationPerLike();
  await writeResult('engagement', { homePage, repost, notifications });
}

await main();

/**
 * Timeline and mention entries, pull-source markers, and the store the fan-out consumer writes through.
 * - timeline entry `TIMELINE#<owner>` / `POST#<ulid>`: the post's timeline copy (shared/db/post-item.ts);
 * - pull marker `TIMELINE#<owner>` / `PULL#<celebrity>`: sorts after every entry, so the first newest-first
 *   Query of a timeline returns the markers and the newest entries together;
 * - mention entry `MENTIONS#<user>` / `POST#<ulid>`: the post's mention copy (shared/db/post-item.ts).
 * Keys are deterministic, so every fan-out write can be replayed.
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { config } from '#shared/config';
import { systemClock } from '#shared/domain/clock';
import type { AuthorStatus, FanOutStore, TimelineWrite } from '#shared/domain/fan-out';
import type { Page } from '#shared/domain/pagination';
import type { PageRequest, Post } from '#shared/domain/post';
import {
  type AuthorPagesRead,
  pulledAuthorPages as pulledAuthorPagesThrough,
} from '#shared/domain/pulled-page-cache';
import {
  type PositionedPost,
  PULLED_AUTHORS_IN_FLIGHT,
  TIMELINE_RULES,
  type TimelineReader,
} from '#shared/domain/timeline';
import type { WriteSource } from '#shared/domain/write-source';
import { logger } from '#shared/observability';
import { authorPage, repostedPosts } from './author-page';
import {
  type BatchWriteOptions,
  type BatchWriteStats,
  batchWriteMarshalled,
  type MarshalledWriteRequest,
  mapPages,
} from './batch-write';
import { db, dynamoClient, MARSHALL_OPTIONS, tableName } from './client';
import { repostPagesByUser } from './engagement-repository';
import { followExists, followerIdPages } from './follow-repository';
import { ItemType, idFromKey, isPullSourceKey, keys, type PrimaryKey } from './keys';
import { pageDigestStorage, readPageDigests } from './page-digest-repository';
import { pagedQuery } from './paged-query';
import {
  type MarshalledItem,
  mentionEntryItem,
  parsePostItem,
  parseTimelineItem,
  repostEntriesOf,
  timelineEntriesOf,
} from './post-item';
import { postExists, postsByAuthorBetween } from './post-repository';

/**
 * Fan-out writes as BatchWriteItem requests in attribute-value form. One converter serves one write: it keeps
 * each post's marshalled entry (by post or repost id), so a post written to 10,000 timelines is converted once.
 */
export function timelineWriteRequests(): (write: TimelineWrite) => MarshalledWriteRequest {
  const entries = new Map<string, (ownerId: string) => MarshalledItem>();
  const entryOf = (id: string, build: () => (ownerId: string) => MarshalledItem) => {
    let entry = entries.get(id);
    if (!entry) {
      entry = build();
      entries.set(id, entry);
    }
    return entry;
  };
  const key = ({ PK, SK }: PrimaryKey): MarshalledItem => ({ PK: { S: PK }, SK: { S: SK } });
  return (write) => {
    switch (write.op) {
      case 'put_entry':
        return {
          PutRequest: { Item: entryOf(write.post.id, () => timelineEntriesOf(write.post))(write.ownerId) },
        };
      case 'put_repost_entry':
        return {
          PutRequest: {
            Item: entryOf(write.repost.id, () => repostEntriesOf(write.post, write.repost))(write.ownerId),
          },
        };
      case 'delete_entry':
        return { DeleteRequest: { Key: key(keys.timelineEntry(write.ownerId, write.postId)) } };
      case 'put_mention':
        return {
          PutRequest: { Item: marshall(mentionEntryItem(write.userId, write.post), MARSHALL_OPTIONS) },
        };
      case 'delete_mention':
        return { DeleteRequest: { Key: key(keys.mentionEntry(write.userId, write.postId)) } };
      case 'put_pull':
        return {
          PutRequest: {
            Item: {
              ...key(keys.timelinePullSource(write.ownerId, write.celebrityId)),
              type: { S: ItemType.TimelineEntry },
            },
          },
        };
      case 'delete_pull':
        return { DeleteRequest: { Key: key(keys.timelinePullSource(write.ownerId, write.celebrityId)) } };
    }
  };
}

/**
 * Applies fan-out writes (a list, or pages written while the next is produced) through batchWriteMarshalled: 25
 * a request, a bounded number in flight, UnprocessedItems retried with backoff.
 */
export async function applyWrites(
  writes: WriteSource<TimelineWrite>,
  options: BatchWriteOptions = {},
): Promise<BatchWriteStats> {
  const stats = await batchWriteMarshalled(
    dynamoClient(),
    tableName(),
    mapPages(writes, timelineWriteRequests()),
    options,
  );
  if (stats.retriedItems > 0) logger.info('Retried unprocessed timeline writes', { ...stats });
  return stats;
}

async function authorStatus(userId: string): Promise<AuthorStatus | undefined> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.user(userId),
      ProjectionExpression: 'followerCount, celebritySince',
      ConsistentRead: true,
    }),
  );
  if (!Item) return undefined;
  return {
    followerCount: typeof Item.followerCount === 'number' ? Item.followerCount : 0,
    celebritySince: typeof Item.celebritySince === 'string' ? Item.celebritySince : null,
  };
}

async function markCelebrity(userId: string, since: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.user(userId),
      UpdateExpression: 'SET celebritySince = if_not_exists(celebritySince, :since)',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':since': since },
    }),
  );
}

/** The fan-out consumer's store. */
export function fanOutStore(options: BatchWriteOptions = {}): FanOutStore {
  return {
    authorStatus,
    markCelebrity,
    followerIdPages,
    postPages: (authorId, range) =>
      postsByAuthorBetween(authorId, {
        fromPostId: range.fromPostId,
        ...(range.limit === undefined ? {} : { limit: range.limit }),
      }),
    async *repostIdPages(userId, range) {
      for await (const page of repostPagesByUser(userId, { fromId: range.fromId })) {
        if (page.engagements.length > 0) yield page.engagements.map((repost) => repost.id);
      }
    },
    async repostedPosts(userId, range) {
      const edges = [];
      for await (const page of repostPagesByUser(userId, { fromId: range.fromId, limit: range.limit })) {
        edges.push(...page.engagements);
      }
      if (edges.length === 0) return [];
      const posts = await repostedPosts(userId, edges);
      return edges.flatMap((edge) => posts.get(edge.id) ?? []);
    },
    postExists,
    followExists,
    write: async (writes) => {
      await applyWrites(writes, options);
    },
    pageDigests: pageDigestStorage,
  };
}

/** One newest-first Query of a timeline partition, below `below` (a sort key) when given. */
async function timelineQuery(PK: string, below: string | undefined, limit: number) {
  const output = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: below ? 'PK = :pk AND SK < :below' : 'PK = :pk',
      ExpressionAttributeValues: { ':pk': PK, ...(below ? { ':below': below } : {}) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return { items: output.Items ?? [], more: output.LastEvaluatedKey !== undefined };
}

/** Entries newest first; from the top the same Query also returns the pull markers (they sort first). */
async function entries(
  ownerId: string,
  page: { before?: string | undefined; limit: number },
): Promise<{ posts: PositionedPost[]; pullSources: string[]; exhausted: boolean }> {
  const { PK } = keys.timelinePartition(ownerId);
  const first = await timelineQuery(
    PK,
    page.before ? keys.timelineEntry(ownerId, page.before).SK : undefined,
    page.limit,
  );
  const posts: PositionedPost[] = [];
  const markers: string[] = [];
  for (const item of first.items) {
    if (isPullSourceKey(String(item.SK))) markers.push(idFromKey(String(item.SK)));
    else posts.push(parseTimelineItem(item));
  }
  if (posts.length === 0 && first.more && !page.before) {
    // Markers filled the page (more celebrities followed than `limit`): all of them in one Query and the newest
    // entries (which sort below every marker) in another, together, rather than `limit` markers a Query.
    const [all, below] = await Promise.all([
      pullSources(ownerId),
      timelineQuery(PK, keys.timelinePullSources(ownerId).skPrefix, page.limit),
    ]);
    return { posts: below.items.map(parseTimelineItem), pullSources: all, exhausted: !below.more };
  }
  return { posts, pullSources: markers, exhausted: !first.more };
}

async function pullSources(ownerId: string): Promise<string[]> {
  const { PK, skPrefix } = keys.timelinePullSources(ownerId);
  const { Items } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': PK, ':prefix': skPrefix },
      ProjectionExpression: 'SK',
    }),
  );
  return (Items ?? []).map((item) => idFromKey(String(item.SK)));
}

let pulledPages: AuthorPagesRead | undefined;

/**
 * Followed celebrities' pages through their digests and the container's shared cache, created on first use (the
 * TTL is configuration, read once).
 */
const pulledAuthorPages: AuthorPagesRead = (authorIds, page) => {
  pulledPages ??= pulledAuthorPagesThrough((id, request) => authorPage(id, request), {
    clock: systemClock,
    ttlMs: config().PULLED_PAGE_CACHE_SECONDS * 1000,
    maxAuthors: TIMELINE_RULES.pulledPageCacheAuthors,
    window: TIMELINE_RULES.pulledPageWindow,
    inFlight: PULLED_AUTHORS_IN_FLIGHT,
    readDigests: readPageDigests,
  });
  return pulledPages(authorIds, page);
};

export const timelineReader: TimelineReader = {
  entries,
  pullSources,
  authorPosts: (authorId, page) => authorPage(authorId, page),
  pulledAuthorPages,
};

/** The user's mention entries, newest first. */
export function pageMentions(userId: string, page: PageRequest): Promise<Page<Post>> {
  const { PK } = keys.mentionsPartition(userId);
  return pagedQuery({
    partition: { PK },
    input: {
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': PK },
      ScanIndexForward: false,
    },
    limit: page.limit,
    cursor: page.cursor,
    map: parsePostItem,
  });
}

export const mentionReader = { page: pageMentions };

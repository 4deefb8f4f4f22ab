/**
 * Like and repost edges. One item per edge under the engaging user, keyed by the post id
 * (`USER#<user>` / `ENGAGED#<postId>#LIKE|REPOST`), so a reader's viewer state for a whole page is one Query of
 * the page's id range; GSI1 (`LIKES#<post>` / `REPOSTS#<post>`) lists who engaged, GSI2 (`LIKED#<user>` /
 * `REPOSTED#<user>`) what a user engaged with, both newest first by the edge's own ULID; a repost is also on
 * the reposter's page (GSI3 `PAGE#<user>`, see author-page.ts). The edge and the post's
 * counter change in one guarded transaction, so counts equal edges. Access patterns: docs/data-model.md.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { Engagement, EngagementKind, EngagementStore } from '#shared/domain/engagement/engagement';
import type { EngagementChange } from '#shared/domain/engagement/reactions';
import type { Page } from '#shared/domain/pagination';
import type { PageRequest } from '#shared/domain/post';
import { ForbiddenError, NotFoundError } from '#shared/errors';
import * as z from '#shared/schemas/zod';
import { batchWrite, type WriteRequest } from './batch-write';
import { db, tableName } from './client';
import { ItemType, keys } from './keys';
import { pagedQuery } from './paged-query';
import { unmarshall } from './stream-records';
import { failedGuards, transact } from './transactions';

const ITEM_TYPE = { like: ItemType.Like, repost: ItemType.Repost } as const;
const COUNTER = { like: 'likeCount', repost: 'repostCount' } as const;

/** The stored edge: small (≈ 250 bytes), so a page's worth of them is a fraction of one read unit. */
export function engagementItem(engagement: Engagement) {
  return {
    ...keys.engagement(engagement.kind, engagement.userId, engagement.postId),
    ...keys.engagementOfPost(engagement.kind, engagement.postId, engagement.id),
    ...keys.engagementByUser(engagement.kind, engagement.userId, engagement.id),
    // A repost is on the reposter's page, among their posts.
    ...(engagement.kind === 'repost' ? keys.authorPageEntry(engagement.userId, engagement.id) : {}),
    type: ITEM_TYPE[engagement.kind],
    engagementId: engagement.id,
    userId: engagement.userId,
    postId: engagement.postId,
    postAuthorId: engagement.postAuthorId,
    createdAt: engagement.createdAt,
  };
}

/** The engagement in a stored edge (or its stream image). */
export function toEngagement(item: Record<string, unknown>): Engagement {
  return {
    kind: item.type === ItemType.Repost ? 'repost' : 'like',
    id: String(item.engagementId),
    userId: String(item.userId),
    postId: String(item.postId),
    postAuthorId: String(item.postAuthorId),
    createdAt: String(item.createdAt),
  };
}

const EngagementImage = z.object({
  type: z.enum([ItemType.Like, ItemType.Repost]),
  engagementId: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)),
  userId: z.string().check(z.minLength(1)),
  postId: z.string().check(z.minLength(1)),
  postAuthorId: z.string().check(z.minLength(1)),
  createdAt: z.iso.datetime(),
});

/** The change an INSERT or REMOVE record of a like or repost edge carries (validated), or undefined. */
export function engagementChangeOf(record: DynamoDBRecord): EngagementChange | undefined {
  const created = record.eventName === 'INSERT';
  if (!created && record.eventName !== 'REMOVE') return undefined;
  const image = unmarshall(created ? record.dynamodb?.NewImage : record.dynamodb?.OldImage);
  if (image.type !== ItemType.Like && image.type !== ItemType.Repost) return undefined;
  const engagement = toEngagement(EngagementImage.parse(image));
  return { kind: created ? 'engagement_created' : 'engagement_deleted', engagement };
}

async function add(engagement: Engagement): Promise<boolean> {
  try {
    await transact({
      edge: {
        Put: {
          TableName: tableName(),
          Item: engagementItem(engagement),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      post: counterUpdate(engagement.kind, engagement.postAuthorId, engagement.postId, 1),
      // A protected account's posts are for its approved followers: never passed on by a repost.
      unprotectedAuthor:
        engagement.kind === 'repost'
          ? {
              ConditionCheck: {
                TableName: tableName(),
                Key: keys.user(engagement.postAuthorId),
                ConditionExpression: 'attribute_not_exists(#protected) OR #protected = :false',
                ExpressionAttributeNames: { '#protected': 'protected' },
                ExpressionAttributeValues: { ':false': false },
              },
            }
          : undefined,
    });
    return true;
  } catch (error) {
    const failed = failedGuards(error);
    // Already liked: nothing changed, and the answer is the same.
    if (failed?.has('edge')) return false;
    if (failed?.has('post')) throw new NotFoundError('post_not_found', 'No such post');
    if (failed?.has('unprotectedAuthor')) {
      throw new ForbiddenError('post_not_repostable', "A protected account's posts cannot be reposted");
    }
    throw error;
  }
}

/** Deletes the edge and decrements the post's counter; also what an account's erasure undoes with. */
export async function remove(
  kind: EngagementKind,
  userId: string,
  post: { id: string; author: { id: string } },
): Promise<boolean> {
  try {
    await transact({
      edge: {
        Delete: {
          TableName: tableName(),
          Key: keys.engagement(kind, userId, post.id),
          ConditionExpression: 'attribute_exists(PK)',
        },
      },
      post: counterUpdate(kind, post.author.id, post.id, -1),
    });
    return true;
  } catch (error) {
    const failed = failedGuards(error);
    if (failed?.has('edge')) return false;
    if (failed?.has('post')) throw new NotFoundError('post_not_found', 'No such post');
    throw error;
  }
}

function counterUpdate(kind: EngagementKind, authorId: string, postId: string, delta: 1 | -1) {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.post(authorId, postId),
      UpdateExpression: 'ADD #count :delta',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#count': COUNTER[kind] },
      ExpressionAttributeValues: { ':delta': delta },
    },
  };
}

function pageOfPost(kind: EngagementKind, postId: string, page: PageRequest): Promise<Page<Engagement>> {
  const { GSI1PK } = keys.engagementsOfPostPartition(kind, postId);
  return pagedQuery({
    partition: { GSI1PK },
    input: {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': GSI1PK },
      ScanIndexForward: false,
    },
    limit: page.limit,
    cursor: page.cursor,
    map: toEngagement,
  });
}

function pageByUser(kind: EngagementKind, userId: string, page: PageRequest): Promise<Page<Engagement>> {
  const { GSI2PK } = keys.engagementsByUserPartition(kind, userId);
  return pagedQuery({
    partition: { GSI2PK },
    input: {
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': GSI2PK },
      ScanIndexForward: false,
    },
    limit: page.limit,
    cursor: page.cursor,
    map: toEngagement,
  });
}

async function engagedBetween(userId: string, fromPostId: string, toPostId: string) {
  const { PK, from, to } = keys.engagedBetween(userId, fromPostId, toPostId);
  const found: Array<Pick<Engagement, 'kind' | 'postId'>> = [];
  let startKey: Record<string, unknown> | undefined;
  // One request unless the reader engaged with more than 1 MB of edges inside the page's id range.
  do {
    const output = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': PK, ':from': from, ':to': to },
        ProjectionExpression: '#type, postId',
        ExpressionAttributeNames: { '#type': 'type' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of output.Items ?? []) {
      found.push({ kind: item.type === ItemType.Repost ? 'repost' : 'like', postId: String(item.postId) });
    }
    startKey = output.LastEvaluatedKey;
  } while (startKey);
  return found;
}

/** Every edge of one kind to a post, one GSI1 page at a time (the clean-up after the post is deleted). */
export async function* engagementPagesOfPost(
  kind: EngagementKind,
  postId: string,
): AsyncGenerator<Engagement[]> {
  const { GSI1PK } = keys.engagementsOfPostPartition(kind, postId);
  let startKey: Record<string, unknown> | undefined;
  do {
    const output = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': GSI1PK },
        ExclusiveStartKey: startKey,
      }),
    );
    const page = (output.Items ?? []).map(toEngagement);
    if (page.length > 0) yield page;
    startKey = output.LastEvaluatedKey;
  } while (startKey);
}

/** Deletes edges (25 a request, unprocessed items retried); their REMOVE records withdraw what they caused. */
export async function deleteEngagements(engagements: readonly Engagement[]): Promise<void> {
  const requests: WriteRequest[] = engagements.map((engagement) => ({
    DeleteRequest: { Key: { ...keys.engagement(engagement.kind, engagement.userId, engagement.postId) } },
  }));
  await batchWrite(db(), tableName(), requests);
}

/** A user's reposts with ids in [fromId, toId] (either end open), newest first, one GSI2 page at a time. */
export async function* repostPagesByUser(
  userId: string,
  range: { fromId?: string | undefined; toId?: string | undefined; limit?: number | undefined },
): AsyncGenerator<{ engagements: Engagement[]; exhausted: boolean }> {
  const { GSI2PK, from, to } = keys.engagementsByUserBetween('repost', userId, range.fromId, range.toId);
  let remaining = range.limit ?? Number.POSITIVE_INFINITY;
  let startKey: Record<string, unknown> | undefined;
  do {
    const output = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': GSI2PK, ':from': from, ':to': to },
        ScanIndexForward: false,
        ExclusiveStartKey: startKey,
        ...(Number.isFinite(remaining) ? { Limit: remaining } : {}),
      }),
    );
    const engagements = (output.Items ?? []).map(toEngagement);
    remaining -= engagements.length;
    startKey = output.LastEvaluatedKey;
    yield { engagements, exhausted: startKey === undefined };
  } while (startKey && remaining > 0);
}

/** The EngagementStore port of the domain, backed by this repository. */
/**
 * One user's like (repost) of one post, by its key (a GetItem, strongly consistent so a repost just made is
 * read back): the Mastodon reblog answer needs the repost's id and time.
 */
export async function findEngagement(
  kind: Engagement['kind'],
  userId: string,
  postId: string,
): Promise<Engagement | undefined> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.engagement(kind, userId, postId),
      ConsistentRead: true,
    }),
  );
  return Item ? toEngagement(Item) : undefined;
}

export const engagementStore: EngagementStore = { add, remove, pageOfPost, pageByUser, engagedBetween };

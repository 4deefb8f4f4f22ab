/**
 * Posts. One item per post under its author (`USER#<author>` / `POST#<ulid>`), so a user's page is one Query;
 * GSI1 (`POST#<id>`) finds a post by id alone; GSI2 (`REPLIES#<parent>`) lists a post's replies oldest first;
 * GSI3 (`PAGE#<author>`) puts it on its author's page (author-page.ts).
 * Access patterns are listed in docs/data-model.md.
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from '#shared/domain/pagination';
import type { PageRequest, Post, PostStore } from '#shared/domain/post';
import { POSTING_LIMIT_POLICIES } from '#shared/domain/posting-limits';
import { NotFoundError, userNotFound } from '#shared/errors';
import { db, tableName } from './client';
import { instanceStatUpdate } from './instance-stats-repository';
import { keys } from './keys';
import { pagedQuery } from './paged-query';
import { parsePostItem, postItem, timelineEntryItem } from './post-item';
import { windowCharges } from './rate-limiter';
import { failedGuards, type NamedTransactItems, transact } from './transactions';

/**
 * Writes a post with its author's post count (+ the parent's reply count for a reply) in one transaction; the
 * parent must still exist, so a reply never counts toward a deleted post. The author's own timeline entry is
 * written here too, so authors see their post at once; the fan-out writes the same entry again harmlessly. The
 * post counts in its author's posting windows in the same transaction, so a refused post writes nothing.
 */
export async function insertPost(post: Post, parent?: Post): Promise<void> {
  if (post.replyTo && parent?.id !== post.replyTo) throw parentNotFound();
  const windows = windowCharges(POSTING_LIMIT_POLICIES, post.author.id);
  try {
    await transact({
      post: {
        Put: {
          TableName: tableName(),
          Item: postItem(post),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      authorCount: {
        Update: {
          TableName: tableName(),
          Key: keys.user(post.author.id),
          UpdateExpression: 'ADD postCount :one',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
      parentCount: parent
        ? {
            Update: {
              TableName: tableName(),
              Key: keys.post(parent.author.id, parent.id),
              UpdateExpression: 'ADD replyCount :one',
              ConditionExpression: 'attribute_exists(PK)',
              ExpressionAttributeValues: { ':one': 1 },
            },
          }
        : undefined,
      authorTimelineEntry: { Put: { TableName: tableName(), Item: timelineEntryItem(post.author.id, post) } },
      instancePosts: instanceStatUpdate('posts', 1),
      ...windows.items,
    });
  } catch (error) {
    const failed = failedGuards(error);
    // The post is already there: a retry of a message whose post id derives from it (SMS). Nothing to do.
    if (failed?.has('post')) return;
    const refusal = failed && windows.refusal(failed);
    if (refusal) throw refusal;
    if (failed?.has('parentCount')) throw parentNotFound();
    if (failed?.has('authorCount')) {
      throw userNotFound();
    }
    throw error;
  }
}

/** A post by id (GSI1), or undefined. */
export async function findPostById(postId: string): Promise<Post | undefined> {
  const { GSI1PK, GSI1SK } = keys.postById(postId);
  const { Items } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK = :sk',
      ExpressionAttributeValues: { ':pk': GSI1PK, ':sk': GSI1SK },
      Limit: 1,
    }),
  );
  const [item] = Items ?? [];
  return item ? parsePostItem(item) : undefined;
}

/**
 * Deletes a post and decrements its author's post count in one transaction (a no-op if the post is already
 * gone, so a double delete never counts twice); then decrements the parent's reply count if the parent still
 * exists. The author's own timeline entry goes in the same transaction; the stream consumer removes the
 * followers' timeline and mention entries. `extra` items (an operator's audit entry) join the transaction.
 */
export async function removePost(post: Post, extra: NamedTransactItems = {}): Promise<void> {
  try {
    await transact({
      ...extra,
      post: {
        Delete: {
          TableName: tableName(),
          Key: keys.post(post.author.id, post.id),
          ConditionExpression: 'attribute_exists(PK)',
        },
      },
      authorCount: {
        Update: {
          TableName: tableName(),
          Key: keys.user(post.author.id),
          UpdateExpression: 'ADD postCount :minusOne',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':minusOne': -1 },
        },
      },
      authorTimelineEntry: {
        Delete: { TableName: tableName(), Key: keys.timelineEntry(post.author.id, post.id) },
      },
      instancePosts: instanceStatUpdate('posts', -1),
    });
  } catch (error) {
    if (failedGuards(error)?.has('post')) return;
    throw error;
  }
  if (post.replyTo) await decrementReplyCount(post.replyTo);
}

async function decrementReplyCount(parentId: string): Promise<void> {
  const parent = await findPostById(parentId);
  if (!parent) return;
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.post(parent.author.id, parent.id),
        UpdateExpression: 'ADD replyCount :minusOne',
        ConditionExpression: 'attribute_exists(PK) AND replyCount > :zero',
        ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
      }),
    );
  } catch (error) {
    // The parent was deleted meanwhile: there is no count left to correct.
    if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
  }
}

/** A user's posts, newest first. */
export function pagePostsByAuthor(authorId: string, page: PageRequest): Promise<Page<Post>> {
  const { PK, skPrefix } = keys.userPostsPartition(authorId);
  return pagedQuery({
    partition: { PK },
    input: {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': PK, ':prefix': skPrefix },
      ScanIndexForward: false,
    },
    limit: page.limit,
    cursor: page.cursor,
    map: parsePostItem,
  });
}

/** The replies to a post, oldest first (GSI2). */
export function pageReplies(parentId: string, page: PageRequest): Promise<Page<Post>> {
  const { GSI2PK } = keys.repliesPartition(parentId);
  return pagedQuery({
    partition: { GSI2PK },
    input: {
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': GSI2PK },
      ScanIndexForward: true,
    },
    limit: page.limit,
    cursor: page.cursor,
    map: parsePostItem,
  });
}

/**
 * An author's posts with ids in [fromPostId, toPostId] (either end open), newest first, one Query page at a
 * time. Used by the fan-out consumer to backfill (bounded by `limit`) and to find what to remove on unfollow.
 */
export async function* postsByAuthorBetween(
  authorId: string,
  range: { fromPostId?: string; toPostId?: string; limit?: number },
): AsyncGenerator<Post[]> {
  const { PK, from, to } = keys.userPostsBetween(authorId, range.fromPostId, range.toPostId);
  let remaining = range.limit ?? Number.POSITIVE_INFINITY;
  let startKey: Record<string, unknown> | undefined;
  do {
    const output = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': PK, ':from': from, ':to': to },
        ScanIndexForward: false,
        // Consistent: a follow backfill must see a post written just before it, or a post racing the follow
        // could miss both the backfill and the fan-out (whose follower list comes from an eventually
        // consistent index).
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
        ...(Number.isFinite(remaining) ? { Limit: remaining } : {}),
      }),
    );
    const posts = (output.Items ?? []).map(parsePostItem);
    remaining -= posts.length;
    if (posts.length > 0) yield posts;
    startKey = output.LastEvaluatedKey;
  } while (startKey && remaining > 0);
}

/** Whether the post still exists (a strongly consistent read of its item). */
export async function postExists(authorId: string, postId: string): Promise<boolean> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.post(authorId, postId),
      ProjectionExpression: 'PK',
      ConsistentRead: true,
    }),
  );
  return Item !== undefined;
}

function parentNotFound(): NotFoundError {
  return new NotFoundError('parent_not_found', 'The post you are replying to does not exist');
}

/** The PostStore port of the domain, backed by this repository. */
export const postStore: PostStore = {
  insert: insertPost,
  findById: findPostById,
  remove: removePost,
  pageByAuthor: pagePostsByAuthor,
  pageReplies,
};

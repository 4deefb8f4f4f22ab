/**
 * Posts. One item per post under its author (`USER#<author>` / `POST#<ulid>`), so a user's page is one Query;
 * GSI1 (`POST#<id>`) finds a post by id alone; GSI2 (`REPLIES#<parent>`) lists a post's replies oldest first.
 * Access patterns are listed in docs/data-model.md.
 */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from '#shared/domain/pagination';
import type { Attachment, PageRequest, Post, PostEntities, PostStore } from '#shared/domain/post';
import { entryExpiresAt } from '#shared/domain/timeline';
import { NotFoundError, userNotFound } from '#shared/errors';
import { db, tableName } from './client';
import { ItemType, keys } from './keys';
import { pagedQuery } from './paged-query';
import { failedConditions } from './transactions';

/** The stored post item; the timeline and mention entries copy its content attributes. */
export interface PostItem {
  PK: string;
  SK: string;
  GSI1PK: string;
  GSI1SK: string;
  GSI2PK?: string;
  GSI2SK?: string;
  type: typeof ItemType.Post;
  postId: string;
  authorId: string;
  authorUsername: string;
  authorFirstName: string;
  authorLastName: string;
  text: string;
  entities: PostEntities;
  replyTo?: string;
  attachments: Attachment[];
  createdAt: string;
  replyCount: number;
}

export function toPostItem(post: Post): PostItem {
  return {
    ...keys.post(post.author.id, post.id),
    ...keys.postById(post.id),
    ...(post.replyTo ? keys.replyOf(post.replyTo, post.id) : {}),
    type: ItemType.Post,
    postId: post.id,
    authorId: post.author.id,
    authorUsername: post.author.username,
    authorFirstName: post.author.firstName,
    authorLastName: post.author.lastName,
    text: post.text,
    entities: post.entities,
    ...(post.replyTo ? { replyTo: post.replyTo } : {}),
    attachments: post.attachments,
    createdAt: post.createdAt,
    replyCount: post.replyCount,
  };
}

/** The post in a post item or in a copy of one (timeline and mention entries carry no reply count). */
export function toPost(item: Record<string, unknown>): Post {
  const stored = item as unknown as Omit<PostItem, 'replyCount'> & { replyCount?: number };
  return {
    id: stored.postId,
    author: {
      id: stored.authorId,
      username: stored.authorUsername,
      firstName: stored.authorFirstName,
      lastName: stored.authorLastName,
    },
    text: stored.text,
    entities: stored.entities,
    replyTo: stored.replyTo ?? null,
    attachments: stored.attachments ?? [],
    createdAt: stored.createdAt,
    replyCount: stored.replyCount ?? 0,
  };
}

/** The content of a post as copied into timeline and mention entries: no index keys, no reply count (it would go stale). */
function postCopy(post: Post) {
  const {
    PK: _pk,
    SK: _sk,
    GSI1PK: _g1,
    GSI1SK: _g1s,
    GSI2PK: _g2,
    GSI2SK: _g2s,
    replyCount: _count,
    type: _type,
    ...content
  } = toPostItem(post);
  return content;
}

export function timelineEntryItem(ownerId: string, post: Post) {
  return {
    ...keys.timelineEntry(ownerId, post.id),
    type: ItemType.TimelineEntry,
    ...postCopy(post),
    expiresAt: entryExpiresAt(post),
  };
}

export function mentionEntryItem(userId: string, post: Post) {
  return { ...keys.mentionEntry(userId, post.id), type: ItemType.MentionEntry, ...postCopy(post) };
}

/**
 * Writes a post with its author's post count (+ the parent's reply count for a reply) in one transaction; the
 * parent must still exist, so a reply never counts toward a deleted post. The author's own timeline entry is
 * written here too, so authors see their post at once; the fan-out writes the same entry again harmlessly.
 */
export async function insertPost(post: Post, parent?: Post): Promise<void> {
  if (post.replyTo && parent?.id !== post.replyTo) throw parentNotFound();
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: toPostItem(post),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: keys.user(post.author.id),
              UpdateExpression: 'ADD postCount :one',
              ConditionExpression: 'attribute_exists(PK)',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
          ...(parent
            ? [
                {
                  Update: {
                    TableName: tableName(),
                    Key: keys.post(parent.author.id, parent.id),
                    UpdateExpression: 'ADD replyCount :one',
                    ConditionExpression: 'attribute_exists(PK)',
                    ExpressionAttributeValues: { ':one': 1 },
                  },
                },
              ]
            : []),
          { Put: { TableName: tableName(), Item: timelineEntryItem(post.author.id, post) } },
        ],
      }),
    );
  } catch (error) {
    const failed = failedConditions(error);
    // The post is already there: a retry of a message whose post id derives from it (SMS). Nothing to do.
    if (failed?.includes(0)) return;
    if (failed?.includes(2)) throw parentNotFound();
    if (failed?.includes(1)) {
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
  return item ? toPost(item) : undefined;
}

/**
 * Deletes a post and decrements its author's post count in one transaction (a no-op if the post is already
 * gone, so a double delete never counts twice); then decrements the parent's reply count if the parent still
 * exists. The author's own timeline entry goes in the same transaction; the stream consumer removes the
 * followers' timeline and mention entries.
 */
export async function removePost(post: Post): Promise<void> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: tableName(),
              Key: keys.post(post.author.id, post.id),
              ConditionExpression: 'attribute_exists(PK)',
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: keys.user(post.author.id),
              UpdateExpression: 'ADD postCount :minusOne',
              ConditionExpression: 'attribute_exists(PK)',
              ExpressionAttributeValues: { ':minusOne': -1 },
            },
          },
          { Delete: { TableName: tableName(), Key: keys.timelineEntry(post.author.id, post.id) } },
        ],
      }),
    );
  } catch (error) {
    if (failedConditions(error)?.includes(0)) return;
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
    map: toPost,
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
    map: toPost,
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
    const posts = (output.Items ?? []).map(toPost);
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

/**
 * Follow edges: `USER#<follower>` / `FOLLOWS#<followee>`, with the inverted GSI1 key `FOLLOWERS#<followee>` /
 * `USER#<follower>`. "Whom I follow" is a Query of my partition; "who follows me" is a Query of GSI1.
 * The edge and both counters always change in one transaction guarded by the edge's (non-)existence, so the
 * counters equal the number of edges whatever the concurrency.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { FollowStore } from '#shared/domain/follow';
import type { Page } from '#shared/domain/pagination';
import type { PageRequest } from '#shared/domain/post';
import type { FollowRequestStore } from '#shared/domain/relationships/ports';
import type { PublicUser } from '#shared/domain/user';
import { userBlocked, userNotFound } from '#shared/errors';
import {
  ACTIVE_ACCOUNT_CONDITION,
  ACTIVE_ACCOUNT_VALUES,
  accountStateRefusal,
} from './account-state-repository';
import { db, tableName } from './client';
import { ItemType, keys } from './keys';
import { pagedQuery } from './paged-query';
import { failedGuards, type NamedTransactItems, transact } from './transactions';
import { getVisibleProfiles } from './user-directory';

export interface FollowItem {
  PK: string;
  SK: string;
  GSI1PK: string;
  GSI1SK: string;
  type: typeof ItemType.Follow;
  followerId: string;
  followeeId: string;
  createdAt: string;
}

/** Transactions touching the same profile conflict under load; they are retried this many times. */
const MAX_TRANSACTION_ATTEMPTS = 6;

interface FollowEdge {
  followerId: string;
  followeeId: string;
  createdAt: string;
}

function followItem(edge: FollowEdge): FollowItem {
  return {
    ...keys.follow(edge.followerId, edge.followeeId),
    ...keys.followerOf(edge.followeeId, edge.followerId),
    type: ItemType.Follow,
    followerId: edge.followerId,
    followeeId: edge.followeeId,
    createdAt: edge.createdAt,
  };
}

/** Guards of every new follow edge: no block either way (checked in the edge's own transaction). */
function blockGuards(edge: { followerId: string; followeeId: string }): NamedTransactItems {
  const absent = (key: Record<string, unknown>) => ({
    ConditionCheck: { TableName: tableName(), Key: key, ConditionExpression: 'attribute_not_exists(PK)' },
  });
  return {
    notBlockedByFollowee: absent(keys.relation('block', edge.followeeId, edge.followerId)),
    notBlockingFollowee: absent(keys.relation('block', edge.followerId, edge.followeeId)),
  };
}

/**
 * A new follow edge with both counters, guarded by the absence of blocks and (unless a request is being
 * accepted) by the followee not being protected: the guard `open` fails for a protected account.
 */
export async function follow(edge: FollowEdge): Promise<'created' | 'exists' | 'protected'> {
  const { PK, SK } = keys.user(edge.followeeId);
  try {
    await transact(
      {
        edge: {
          Put: {
            TableName: tableName(),
            Item: followItem(edge),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        follower: actorCounterUpdate(edge.followerId, 'followingCount', 1),
        followee: {
          Update: {
            ...counterUpdate(edge.followeeId, 'followerCount', 1).Update,
            Key: { PK, SK },
            ConditionExpression:
              'attribute_exists(PK) AND (attribute_not_exists(#protected) OR #protected = :false)',
            ExpressionAttributeNames: { '#counter': 'followerCount', '#protected': 'protected' },
            ExpressionAttributeValues: { ':delta': 1, ':false': false },
          },
        },
        ...blockGuards(edge),
      },
      { maxAttempts: MAX_TRANSACTION_ATTEMPTS },
    );
    return 'created';
  } catch (error) {
    const failed = failedGuards(error);
    if (!failed) throw error;
    if (failed.has('follower')) throw (await accountStateRefusal(edge.followerId)) ?? userNotFound();
    if (failed.has('edge')) return 'exists';
    if (failed.has('notBlockedByFollowee')) throw userNotFound();
    if (failed.has('notBlockingFollowee')) throw userBlocked();
    if (failed.has('followee') && (await isProtected(edge.followeeId))) return 'protected';
    throw userNotFound();
  }
}

async function isProtected(userId: string): Promise<boolean> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.user(userId),
      ProjectionExpression: '#protected',
      ExpressionAttributeNames: { '#protected': 'protected' },
      ConsistentRead: true,
    }),
  );
  return Item?.protected === true;
}

/** A pending request under the protected account, by the requester: `attribute_not_exists` keeps it once. */
async function request(edge: { requesterId: string; targetId: string; createdAt: string }): Promise<boolean> {
  try {
    await transact({
      request: {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.followRequest(edge.targetId, edge.requesterId),
            ...keys.followRequestBy(edge.requesterId, edge.targetId),
            ...keys.followRequestByTime(edge.targetId, edge.createdAt, edge.requesterId),
            type: ItemType.FollowRequest,
            requesterId: edge.requesterId,
            targetId: edge.targetId,
            createdAt: edge.createdAt,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      ...blockGuards({ followerId: edge.requesterId, followeeId: edge.targetId }),
    });
    return true;
  } catch (error) {
    const failed = failedGuards(error);
    if (failed?.has('request')) return false;
    if (failed?.has('notBlockedByFollowee')) throw userNotFound();
    if (failed?.has('notBlockingFollowee')) throw userBlocked();
    throw error;
  }
}

/**
 * Accepting a request: delete it (guard `request`) and create the edge with its counters, in one transaction.
 * An edge that already exists (accepted twice at once) still consumes the request.
 */
async function accept(edge: { requesterId: string; targetId: string; createdAt: string }): Promise<boolean> {
  const followEdge = { followerId: edge.requesterId, followeeId: edge.targetId, createdAt: edge.createdAt };
  const requestKey = keys.followRequest(edge.targetId, edge.requesterId);
  try {
    await transact(
      {
        request: {
          Delete: { TableName: tableName(), Key: requestKey, ConditionExpression: 'attribute_exists(PK)' },
        },
        edge: {
          Put: {
            TableName: tableName(),
            Item: followItem(followEdge),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        follower: counterUpdate(edge.requesterId, 'followingCount', 1),
        // The protected account accepting is the one acting.
        followee: actorCounterUpdate(edge.targetId, 'followerCount', 1),
      },
      { maxAttempts: MAX_TRANSACTION_ATTEMPTS },
    );
    return true;
  } catch (error) {
    const failed = failedGuards(error);
    if (!failed) throw error;
    if (failed.has('followee')) throw (await accountStateRefusal(edge.targetId)) ?? userNotFound();
    if (failed.has('request')) return false;
    if (failed.has('edge')) return removeRequest(edge.targetId, edge.requesterId);
    throw userNotFound();
  }
}

async function removeRequest(targetId: string, requesterId: string): Promise<boolean> {
  try {
    await transact({
      request: {
        Delete: {
          TableName: tableName(),
          Key: keys.followRequest(targetId, requesterId),
          ConditionExpression: 'attribute_exists(PK)',
        },
      },
    });
    return true;
  } catch (error) {
    if (failedGuards(error)?.has('request')) return false;
    throw error;
  }
}

/** A protected account's pending requests, newest first: one GSI2 Query, then the profiles in one batch. */
async function pageRequests(targetId: string, page: PageRequest): Promise<Page<PublicUser>> {
  const { GSI2PK } = keys.followRequestsByTimePartition(targetId);
  const requests = await pagedQuery({
    partition: { GSI2PK },
    input: {
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': GSI2PK },
      ScanIndexForward: false,
    },
    limit: page.limit,
    cursor: page.cursor,
    map: (item) => String(item.requesterId),
  });
  return hydrate(requests);
}

/** The accounts `requesterId` has asked to follow and not heard back from (GSI1): erasure withdraws them. */
export function pageRequestTargets(requesterId: string, page: PageRequest): Promise<Page<string>> {
  const { GSI1PK } = keys.followRequestsByPartition(requesterId);
  return pagedQuery({
    partition: { GSI1PK },
    input: {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': GSI1PK },
    },
    limit: page.limit,
    cursor: page.cursor,
    map: (item) => String(item.targetId),
  });
}

async function requesterIds(targetId: string, limit: number): Promise<string[]> {
  const { PK, skPrefix } = keys.followRequestsPartition(targetId);
  const { Items } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': PK, ':prefix': skPrefix },
      ProjectionExpression: 'requesterId',
      ConsistentRead: true,
      Limit: limit,
    }),
  );
  return (Items ?? []).map((item) => String(item.requesterId));
}

export const followRequestStore: FollowRequestStore = {
  request,
  accept,
  remove: removeRequest,
  page: pageRequests,
  requesterIds,
};

export async function unfollow(edge: { followerId: string; followeeId: string }): Promise<boolean> {
  return guardedTransaction({
    edge: {
      Delete: {
        TableName: tableName(),
        Key: keys.follow(edge.followerId, edge.followeeId),
        ConditionExpression: 'attribute_exists(PK)',
      },
    },
    follower: counterUpdate(edge.followerId, 'followingCount', -1),
    followee: counterUpdate(edge.followeeId, 'followerCount', -1),
  });
}

function counterUpdate(userId: string, counter: 'followingCount' | 'followerCount', delta: 1 | -1) {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.user(userId),
      UpdateExpression: 'ADD #counter :delta',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#counter': counter },
      ExpressionAttributeValues: { ':delta': delta },
    },
  };
}

/** The counter update of the account that acts: also refused when it is suspended or deactivated. */
function actorCounterUpdate(userId: string, counter: 'followingCount' | 'followerCount', delta: 1 | -1) {
  const { Update } = counterUpdate(userId, counter, delta);
  return {
    Update: {
      ...Update,
      ConditionExpression: ACTIVE_ACCOUNT_CONDITION,
      ExpressionAttributeValues: { ...Update.ExpressionAttributeValues, ...ACTIVE_ACCOUNT_VALUES },
    },
  };
}

/**
 * Runs an edge transaction: true when it applied; false when the edge guard failed (already in the wanted
 * state); NotFoundError when a profile is gone. transact() retries TransactionConflict (concurrent writes to a
 * profile).
 */
async function guardedTransaction(items: NamedTransactItems): Promise<boolean> {
  try {
    await transact(items, { maxAttempts: MAX_TRANSACTION_ATTEMPTS });
    return true;
  } catch (error) {
    const failed = failedGuards(error);
    if (failed?.has('edge')) return false;
    if (failed) throw userNotFound();
    throw error;
  }
}

/** Whether the edge exists (strongly consistent). */
export async function followExists(followerId: string, followeeId: string): Promise<boolean> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.follow(followerId, followeeId),
      ProjectionExpression: 'PK',
      ConsistentRead: true,
    }),
  );
  return Item !== undefined;
}

/** The ids of a user's followers, one GSI1 page (up to 1 MB, thousands of edges) at a time. */
export async function* followerIdPages(followeeId: string): AsyncGenerator<string[]> {
  const { GSI1PK } = keys.followersPartition(followeeId);
  let startKey: Record<string, unknown> | undefined;
  do {
    const output = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': GSI1PK },
        ProjectionExpression: 'followerId',
        ExclusiveStartKey: startKey,
      }),
    );
    const ids = (output.Items ?? []).flatMap((item) =>
      typeof item.followerId === 'string' ? [item.followerId] : [],
    );
    if (ids.length > 0) yield ids;
    startKey = output.LastEvaluatedKey;
  } while (startKey);
}

export async function pageFollowers(userId: string, page: PageRequest): Promise<Page<PublicUser>> {
  const { GSI1PK } = keys.followersPartition(userId);
  const edges = await pagedQuery({
    partition: { GSI1PK },
    input: {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': GSI1PK },
    },
    limit: page.limit,
    cursor: page.cursor,
    map: (item) => String(item.followerId),
  });
  return hydrate(edges);
}

export async function pageFollowing(userId: string, page: PageRequest): Promise<Page<PublicUser>> {
  const { PK, skPrefix } = keys.followingPartition(userId);
  const edges = await pagedQuery({
    partition: { PK },
    input: {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': PK, ':prefix': skPrefix },
    },
    limit: page.limit,
    cursor: page.cursor,
    map: (item) => String(item.followeeId),
  });
  return hydrate(edges);
}

/** Profiles are read fresh (one BatchGetItem a page) rather than copied into edges, so names never go stale. */
async function hydrate(edges: Page<string>): Promise<Page<PublicUser>> {
  return { items: await getVisibleProfiles(edges.items), nextCursor: edges.nextCursor };
}

export const followStore: FollowStore = {
  follow,
  unfollow,
  pageFollowers,
  pageFollowing,
  request,
  withdrawRequest: removeRequest,
};

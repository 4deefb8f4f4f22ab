/**
 * Deletion and erasure of accounts: deactivation and reactivation (account-state changes with the credentials
 * and the erasure schedule in the same transaction), the erasure schedule
 * (`ERASURE#<id>` / `ERASURE`, on GSI2 `ERASURES` by due time: the job's one Query), and the erasure store,
 * which pages the account's partitions and removes their items (docs/data-model.md, "Account deletion").
 */
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  AccountErasureStore,
  AccountLifecycleStore,
  DeactivationResult,
  ErasureSchedule,
  ReactivationResult,
} from '#shared/domain/account-lifecycle/lifecycle-ports';
import type { Engagement } from '#shared/domain/engagement/ports';
import type { Page } from '#shared/domain/pagination';
import type { PageRequest } from '#shared/domain/post';
import type { RelationEdge } from '#shared/domain/relationships/ports';
import { NotFoundError } from '#shared/errors';
import * as z from '#shared/schemas/zod';
import { changeAccountState } from './account-state-repository';
import { batchWrite, type WriteRequest } from './batch-write';
import { db, tableName } from './client';
import { deleteEngagements, engagementStore, remove as undoEngagement } from './engagement-repository';
import { followRequestStore, pageRequestTargets, unfollow } from './follow-repository';
import { instanceStatUpdate } from './instance-stats-repository';
import { ItemType, keys, type PrimaryKey } from './keys';
import { pageConversationViews, pageMessages } from './message-repository';
import { pagedQuery } from './paged-query';
import { pagePostsByAuthor, removePost } from './post-repository';
import { relationStore } from './relationship-repository';
import { failedGuards, transact } from './transactions';

const ScheduleItem = z.object({
  userId: z.string().check(z.minLength(1)),
  username: z.string().check(z.minLength(1)),
  email: z.string().check(z.minLength(1)),
  deactivatedAt: z.string(),
  erasureDueAt: z.string(),
  erasingSince: z.optional(z.string()),
  contentErasedAt: z.optional(z.string()),
});

function toSchedule(item: Record<string, unknown>): ErasureSchedule {
  const { erasingSince, contentErasedAt, ...rest } = ScheduleItem.parse(item);
  return {
    ...rest,
    ...(erasingSince ? { erasingSince } : {}),
    ...(contentErasedAt ? { contentErasedAt } : {}),
  };
}

/**
 * The account state moves to 'deactivated' (shared/domain/accounts/account-state.ts: hidden everywhere,
 * refused at sign-in) in one transaction with the credentials (every session issued so far void, the erasure
 * date for the sign-in refusal) and the erasure schedule.
 */
async function deactivate(schedule: ErasureSchedule, nowMs: number): Promise<DeactivationResult> {
  const table = tableName();
  const result = await changeAccountState(
    schedule.userId,
    { from: 'active', to: 'deactivated' },
    {
      credentials: {
        Update: {
          TableName: table,
          Key: keys.credentials(schedule.userId),
          // Every refresh token issued so far stops working (the refresh check compares issuedAt).
          UpdateExpression: 'SET deactivatedAt = :at, erasureDueAt = :due, tokensValidAfter = :now',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: {
            ':at': schedule.deactivatedAt,
            ':due': schedule.erasureDueAt,
            ':now': nowMs,
          },
        },
      },
      schedule: {
        Put: {
          TableName: table,
          Item: {
            ...keys.erasureSchedule(schedule.userId),
            ...keys.erasureDue(schedule.erasureDueAt, schedule.userId),
            type: ItemType.ErasureSchedule,
            userId: schedule.userId,
            username: schedule.username,
            email: schedule.email,
            deactivatedAt: schedule.deactivatedAt,
            erasureDueAt: schedule.erasureDueAt,
          },
        },
      },
    },
  );
  return result === 'changed' ? 'deactivated' : 'not_active';
}

async function reactivate(userId: string): Promise<ReactivationResult> {
  const table = tableName();
  try {
    const result = await changeAccountState(
      userId,
      { from: 'deactivated', to: 'active' },
      {
        schedule: {
          Delete: {
            TableName: table,
            Key: keys.erasureSchedule(userId),
            ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(erasingSince)',
          },
        },
        credentials: {
          Update: {
            TableName: table,
            Key: keys.credentials(userId),
            UpdateExpression: 'REMOVE deactivatedAt, erasureDueAt',
            ConditionExpression: 'attribute_exists(PK)',
          },
        },
      },
    );
    return result === 'changed' ? 'reactivated' : 'not_deactivated';
  } catch (error) {
    if (failedGuards(error)?.has('schedule')) return 'erasure_started';
    throw error;
  }
}

function dueErasures(nowIso: string, page: PageRequest): Promise<Page<ErasureSchedule>> {
  const { GSI2PK, to } = keys.erasuresDueBy(nowIso);
  return pagedQuery({
    partition: { GSI2PK },
    input: {
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :to',
      ExpressionAttributeValues: { ':pk': GSI2PK, ':to': to },
    },
    limit: page.limit,
    cursor: page.cursor,
    map: toSchedule,
  });
}

async function startErasure(userId: string, nowIso: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.erasureSchedule(userId),
        UpdateExpression: 'SET erasingSince = if_not_exists(erasingSince, :now)',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':now': nowIso },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

async function markContentErased(userId: string, nowIso: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.erasureSchedule(userId),
      UpdateExpression: 'SET contentErasedAt = if_not_exists(contentErasedAt, :now)',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':now': nowIso },
    }),
  );
}

async function finishErasure(userId: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.erasureSchedule(userId) }));
}

export const accountLifecycleStore: AccountLifecycleStore = {
  deactivate,
  reactivate,
  dueErasures,
  startErasure,
  markContentErased,
  finishErasure,
};

async function removeEngagement(engagement: Engagement): Promise<void> {
  try {
    await undoEngagement(engagement.kind, engagement.userId, {
      id: engagement.postId,
      author: { id: engagement.postAuthorId },
    });
  } catch (error) {
    // The post is gone (no count left to correct): the edge goes on its own.
    if (!(error instanceof NotFoundError)) throw error;
    await deleteEngagements([engagement]);
  }
}

async function unfollowForErasure(edge: { followerId: string; followeeId: string }): Promise<void> {
  try {
    await unfollow(edge);
  } catch (error) {
    // The other profile is gone (erased too): nothing to count, the edge goes on its own.
    if (!(error instanceof NotFoundError)) throw error;
    await batchWrite(db(), tableName(), [
      { DeleteRequest: { Key: keys.follow(edge.followerId, edge.followeeId) } },
    ]);
  }
}

/** Another account's block or mute of the erased one, with that account's counter corrected. */
async function removeRelationNaming(edge: RelationEdge): Promise<void> {
  try {
    await relationStore.remove(edge.kind, edge.userId, edge.otherId);
  } catch (error) {
    // The owner's profile is gone (erased too): no counter to correct, the edge goes on its own.
    if (!failedGuards(error)?.has('owner')) throw error;
    await batchWrite(db(), tableName(), [
      { DeleteRequest: { Key: keys.relation(edge.kind, edge.userId, edge.otherId) } },
    ]);
  }
}

async function withdrawFollowRequest(targetId: string, requesterId: string): Promise<void> {
  await followRequestStore.remove(targetId, requesterId);
}

function followeeIds(userId: string, page: { limit: number; cursor?: string | undefined }) {
  const { PK, skPrefix } = keys.followingPartition(userId);
  return pagedQuery({
    partition: { PK },
    input: {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': PK, ':prefix': skPrefix },
    },
    limit: page.limit,
    cursor: page.cursor,
    map: (item) => String(item.followeeId),
  });
}

function followerIds(userId: string, page: { limit: number; cursor?: string | undefined }) {
  const { GSI1PK } = keys.followersPartition(userId);
  return pagedQuery({
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
}

const deleteOf = (key: PrimaryKey): WriteRequest => ({ DeleteRequest: { Key: { PK: key.PK, SK: key.SK } } });

async function removeConversation(
  userId: string,
  otherUserId: string,
  messages: readonly { id: string }[],
): Promise<void> {
  await batchWrite(db(), tableName(), [
    ...messages.map((message) => deleteOf(keys.directMessage(userId, otherUserId, message.id))),
    deleteOf(keys.conversation(userId, otherUserId)),
    deleteOf(keys.conversation(otherUserId, userId)),
  ]);
}

/** Every item key of a partition (or a GSI partition), one Query page at a time. */
async function* itemKeyPages(query: {
  partitionKey: string;
  value: string;
  indexName?: string;
}): AsyncGenerator<Array<Record<string, unknown>>> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const output = await db().send(
      new QueryCommand({
        TableName: tableName(),
        ...(query.indexName ? { IndexName: query.indexName } : {}),
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': query.partitionKey },
        ExpressionAttributeValues: { ':pk': query.value },
        ExclusiveStartKey: startKey,
      }),
    );
    const items = output.Items ?? [];
    if (items.length > 0) yield items;
    startKey = output.LastEvaluatedKey;
  } while (startKey);
}

/** Deletes every item of a partition, a page at a time (as it is read). */
async function deletePartition(query: { partitionKey: string; value: string; indexName?: string }) {
  await batchWrite(
    db(),
    tableName(),
    (async function* () {
      for await (const items of itemKeyPages(query)) {
        yield items.map((item) => deleteOf({ PK: String(item.PK), SK: String(item.SK) }));
      }
    })(),
  );
}

/** Deletes a claim only while it still names this account. */
async function releaseClaim(key: PrimaryKey, userId: string): Promise<void> {
  try {
    await db().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: key,
        ConditionExpression: 'userId = :userId',
        ExpressionAttributeValues: { ':userId': userId },
      }),
    );
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
  }
}

async function removeOwnPartitions(schedule: ErasureSchedule): Promise<void> {
  const { userId } = schedule;
  const [profile, credentials] = await Promise.all(
    [keys.user(userId), keys.credentials(userId)].map(async (key) => {
      const { Item } = await db().send(
        new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }),
      );
      return Item;
    }),
  );
  // The pending one-time tokens carry the address: the profile and credentials name the only live ones.
  const tokens: WriteRequest[] = [];
  if (typeof profile?.pendingVerification === 'string') {
    tokens.push(deleteOf(keys.token('verify', profile.pendingVerification)));
  }
  if (typeof credentials?.pendingReset === 'string') {
    tokens.push(deleteOf(keys.token('reset', credentials.pendingReset)));
  }
  if (tokens.length > 0) await batchWrite(db(), tableName(), tokens);

  const { GSI2PK: sessions } = keys.refreshTokensOfUserPartition(userId);
  await deletePartition({ partitionKey: 'GSI2PK', value: sessions, indexName: 'GSI2' });
  await deletePartition({ partitionKey: 'PK', value: keys.timelinePartition(userId).PK });
  await deletePartition({ partitionKey: 'PK', value: keys.mentionsPartition(userId).PK });
  await deletePartition({ partitionKey: 'PK', value: keys.notificationsWholePartition(userId).PK });
  if (profile?.emailVerified === true) await removeCountedProfile(userId);
  // Last: the profile and credentials go with the rest of the account's own partition.
  await deletePartition({ partitionKey: 'PK', value: keys.userPartition(userId).PK });
  await releaseClaim(keys.usernameClaim(schedule.username), userId);
  await releaseClaim(keys.emailClaim(schedule.email), userId);
}

/**
 * A confirmed account's profile goes with the instance's user count in one transaction, guarded by the profile
 * still being there: a retried erasure finds it gone and counts nothing again.
 */
async function removeCountedProfile(userId: string): Promise<void> {
  try {
    await transact({
      profile: {
        Delete: {
          TableName: tableName(),
          Key: keys.user(userId),
          ConditionExpression: 'attribute_exists(PK)',
        },
      },
      instanceUsers: instanceStatUpdate('users', -1),
    });
  } catch (error) {
    if (!failedGuards(error)?.has('profile')) throw error;
  }
}

export const accountErasureStore: AccountErasureStore = {
  posts: pagePostsByAuthor,
  removePost,
  engagements: engagementStore.pageByUser,
  removeEngagement,
  followeeIds,
  followerIds,
  unfollow: unfollowForErasure,
  relationsNaming: relationStore.pageNaming,
  removeRelation: removeRelationNaming,
  followRequestTargets: pageRequestTargets,
  withdrawFollowRequest,
  conversations: pageConversationViews,
  messages: pageMessages,
  removeConversation,
  removeOwnPartitions,
};

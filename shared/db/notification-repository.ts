/**
 * Notifications: one item per notification in the recipient's partition (`NOTIFS#<user>` / `N#<id>`, ids
 * starting with the time so the partition reads newest first) and the read state (`NOTIFS#<user>` / `STATE`,
 * which sorts after every notification, so the newest-first Query that counts unread ones reads it first).
 * Actors are a string set: adding or removing one is idempotent, so replayed stream records change nothing.
 */
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { IdPage } from '#shared/domain/mastodon/paging';
import {
  isNotificationRead,
  NOTIFICATION_RULES,
  NOTIFICATION_TYPES,
  type NotificationStore,
  type NotificationType,
  notificationExpiresAt,
  type StoredNotification,
} from '#shared/domain/notifications/notifications';
import { batchWrite } from './batch-write';
import { db, tableName } from './client';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor';
import { idRangeRead } from './id-range';
import { ItemType, isNotificationKey, keys, notificationIdFromSortKey } from './keys';

/** At most this many Query requests per page when a `types` filter skips most notifications. */
const MAX_FILTERED_READS = 5;

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

const addActor: NotificationStore['addActor'] = async (recipientId, notification, actor) => {
  const base = {
    TableName: tableName(),
    Key: keys.notification(recipientId, notification.id),
    ExpressionAttributeNames: { '#type': 'type' },
  };
  const fields = {
    ':itemType': ItemType.Notification,
    ':kind': notification.type,
    ':createdAt': notification.createdAt,
    ':at': actor.at,
    ':actor': actor.id,
    ':expiresAt': notificationExpiresAt(notification.createdAt),
    ...(notification.post
      ? { ':postId': notification.post.id, ':postAuthorId': notification.post.authorId }
      : {}),
    ...(notification.messageId ? { ':messageId': notification.messageId } : {}),
  };
  const set = [
    '#type = :itemType',
    'kind = :kind',
    'createdAt = if_not_exists(createdAt, :createdAt)',
    'updatedAt = :at',
    'latestActorId = :actor',
    'expiresAt = if_not_exists(expiresAt, :expiresAt)',
    ...(notification.post ? ['postId = :postId', 'postAuthorId = :postAuthorId'] : []),
    ...(notification.messageId ? ['messageId = :messageId'] : []),
  ].join(', ');
  try {
    // The actor joins the set (a no-op when already in it) while the set is below its cap.
    await db().send(
      new UpdateCommand({
        ...base,
        UpdateExpression: `SET ${set} ADD actorIds :actorSet`,
        ConditionExpression:
          'attribute_not_exists(actorIds) OR size(actorIds) < :cap OR contains(actorIds, :actor)',
        ExpressionAttributeValues: {
          ...fields,
          ':actorSet': new Set([actor.id]),
          ':cap': NOTIFICATION_RULES.maxActorsStored,
        },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // Past the cap, further actors are only counted (a replay may count one twice; the names stay exact).
    await db().send(
      new UpdateCommand({
        ...base,
        UpdateExpression: `SET ${set} ADD extraActors :one`,
        ExpressionAttributeValues: { ...fields, ':one': 1 },
      }),
    );
  }
};

const removeActor: NotificationStore['removeActor'] = async (recipientId, notificationId, actorId) => {
  const key = keys.notification(recipientId, notificationId);
  await db()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: 'DELETE actorIds :actorSet',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':actorSet': new Set([actorId]) },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
  // DynamoDB drops a set that becomes empty: then nobody is left, and the notification goes.
  await db()
    .send(
      new DeleteCommand({
        TableName: tableName(),
        Key: key,
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(actorIds)',
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
};

function toStoredNotification(item: Record<string, unknown>): StoredNotification {
  const actorIds = item.actorIds instanceof Set ? [...(item.actorIds as Set<string>)].sort() : [];
  const extra = typeof item.extraActors === 'number' ? item.extraActors : 0;
  return {
    id: notificationIdFromSortKey(String(item.SK)),
    type: item.kind as NotificationType,
    actorIds,
    actorCount: actorIds.length + extra,
    latestActorId: String(item.latestActorId),
    post:
      typeof item.postId === 'string' ? { id: item.postId, authorId: String(item.postAuthorId) } : undefined,
    messageId: typeof item.messageId === 'string' ? item.messageId : undefined,
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
  };
}

const page: NotificationStore['page'] = async (recipientId, request) => {
  const { PK, skPrefix } = keys.notificationsPartition(recipientId);
  const types = request.types?.filter((type) => NOTIFICATION_TYPES.includes(type));
  const filtered = types !== undefined && types.length < NOTIFICATION_TYPES.length;
  let startKey = decodeCursor(request.cursor, { PK });
  if (startKey && !isNotificationKey(String(startKey.SK))) throw invalidCursor();
  const items: StoredNotification[] = [];
  let cursorKey: Record<string, unknown> | undefined;
  // Without a filter this is one Query; with one, a few more when the filter skips most of a page.
  for (let read = 0; read < (filtered ? MAX_FILTERED_READS : 1); read++) {
    const output = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: {
          ':pk': PK,
          ':prefix': skPrefix,
          ...(filtered ? Object.fromEntries(types.map((type, index) => [`:t${index}`, type])) : {}),
        },
        ...(filtered
          ? { FilterExpression: `kind IN (${types.map((_, index) => `:t${index}`).join(', ')})` }
          : {}),
        ScanIndexForward: false,
        Limit: request.limit,
        ExclusiveStartKey: startKey,
      }),
    );
    const found = output.Items ?? [];
    const taken = found.slice(0, request.limit - items.length);
    items.push(...taken.map(toStoredNotification));
    if (taken.length < found.length) {
      // The page filled up inside this response: continue right after the last item served.
      const last = taken.at(-1);
      cursorKey = last ? { PK: last.PK, SK: last.SK } : startKey;
      break;
    }
    startKey = output.LastEvaluatedKey as Record<string, string> | undefined;
    cursorKey = startKey;
    if (!startKey || items.length === request.limit) break;
  }
  return { items, nextCursor: encodeCursor(cursorKey) };
};

const unread: NotificationStore['unread'] = async (recipientId, cap) => {
  const { PK } = keys.notificationsPartition(recipientId);
  // STATE sorts last, so this newest-first Query returns it first, then the newest notifications.
  const { Items } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': PK },
      ScanIndexForward: false,
      Limit: cap + 1,
    }),
  );
  const [first, ...rest] = Items ?? [];
  const hasState = first !== undefined && !isNotificationKey(String(first.SK));
  const marker =
    hasState && typeof first.readUpTo === 'string'
      ? { upTo: first.readUpTo, at: typeof first.readAt === 'string' ? first.readAt : '' }
      : undefined;
  const newest = hasState ? rest : (Items ?? []);
  // Items newer than the marker come first, then groups that may have grown since (bounded by the cap).
  const count = newest.filter(
    (item) =>
      !isNotificationRead(
        { id: notificationIdFromSortKey(String(item.SK)), updatedAt: String(item.updatedAt ?? '') },
        marker,
      ),
  ).length;
  return { marker, count: Math.min(count, cap) };
};

const markRead: NotificationStore['markRead'] = async (recipientId, upTo, at) => {
  await db()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.notificationState(recipientId),
        UpdateExpression: 'SET #type = :type, readUpTo = :upTo, readAt = :at',
        // The same id again moves `readAt` on: the groups it covers that grew since are read now.
        ConditionExpression: 'attribute_not_exists(readUpTo) OR readUpTo <= :upTo',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': ItemType.NotificationState, ':upTo': upTo, ':at': at },
      }),
    )
    .catch((error: unknown) => {
      // Already read further: the marker never moves back.
      if (!isConditionFailure(error)) throw error;
    });
};

/**
 * A page of a user's notifications by id, as Mastodon clients page them (id-range.ts): one Query of the id
 * range; with a `types` filter, a few more when the filter skips most of a page (MAX_FILTERED_READS), as `page`
 * does.
 */
export async function pageNotificationsById(
  recipientId: string,
  request: IdPage & { types?: readonly NotificationType[] | undefined },
): Promise<StoredNotification[]> {
  const range = idRangeRead(request);
  const { PK, from, to } = keys.notificationIdRange(recipientId, range.lowerId, range.upperId);
  const types = request.types?.filter((type) => NOTIFICATION_TYPES.includes(type));
  const filtered = types !== undefined && types.length < NOTIFICATION_TYPES.length;
  const items: StoredNotification[] = [];
  let startKey: Record<string, unknown> | undefined;
  for (let read = 0; read < (filtered ? MAX_FILTERED_READS : 1); read++) {
    const output = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': PK,
          ':from': from,
          ':to': to,
          ...(filtered ? Object.fromEntries(types.map((type, index) => [`:t${index}`, type])) : {}),
        },
        ...(filtered
          ? { FilterExpression: `kind IN (${types.map((_, index) => `:t${index}`).join(', ')})` }
          : {}),
        ScanIndexForward: range.scanIndexForward,
        Limit: range.queryLimit,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of output.Items ?? []) {
      const notification = toStoredNotification(item);
      if (!range.isBound(notification.id)) items.push(notification);
    }
    startKey = output.LastEvaluatedKey;
    if (!startKey || items.length >= request.limit) break;
  }
  return range.page(items);
}

/** One notification of a user, or undefined (a GetItem). */
export async function findNotification(
  recipientId: string,
  notificationId: string,
): Promise<StoredNotification | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.notification(recipientId, notificationId) }),
  );
  return Item ? toStoredNotification(Item) : undefined;
}

/** Deletes one notification (Mastodon's dismiss); a missing one is fine. */
export async function dismissNotification(recipientId: string, notificationId: string): Promise<void> {
  await db().send(
    new DeleteCommand({ TableName: tableName(), Key: keys.notification(recipientId, notificationId) }),
  );
}

/** Deletes all of a user's notifications (Mastodon's clear): the partition's keys page by page, 25 a batch. */
export async function clearNotifications(recipientId: string): Promise<void> {
  const { PK, skPrefix } = keys.notificationsPartition(recipientId);
  let startKey: Record<string, unknown> | undefined;
  do {
    const output = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': PK, ':prefix': skPrefix },
        ProjectionExpression: 'PK, SK',
        ExclusiveStartKey: startKey,
      }),
    );
    const requests = (output.Items ?? []).map((item) => ({
      DeleteRequest: { Key: { PK: String(item.PK), SK: String(item.SK) } },
    }));
    if (requests.length > 0) await batchWrite(db(), tableName(), requests);
    startKey = output.LastEvaluatedKey;
  } while (startKey);
}

/** The NotificationStore port of the domain, backed by this repository. */
export const notificationStore: NotificationStore = { addActor, removeActor, page, unread, markRead };

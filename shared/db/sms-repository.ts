/**
 * SMS bookkeeping (docs/data-model.md, "SMS"):
 * - `USER#<id>` / `SMSPREF#<authorId>`: a notification preference; enabled ones carry GSI2 `SMSSUBS#<authorId>`
 *   / `USER#<id>`, so an author's SMS subscribers are one Query of GSI2;
 * - `SMSIN#<inboundMessageId>` / `SMSIN`: an inbound SMS already handled (TTL);
 * - `USER#<id>` / `SMSSENT#<postId>` and `USER#<id>` / `SMSDAY#<day>`: a post sent to a user, and the count of
 *   the day, written together (TTL).
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  DeliveryLedger,
  DeliveryReservation,
  InboundLedger,
  SmsPreference,
  SmsPreferenceStore,
} from '#shared/domain/sms/ports';
import { db, tableName } from './client';
import { ItemType, keys } from './keys';
import { failedGuards, transact } from './transactions';

function toPreference(item: Record<string, unknown>): SmsPreference {
  return {
    authorId: String(item.authorId),
    enabled: item.enabled === true,
    source: item.source === 'all' ? 'all' : 'user',
  };
}

export const smsPreferenceStore: SmsPreferenceStore = {
  async preference(userId, authorId) {
    const { Item } = await db().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.smsPreference(userId, authorId),
        ConsistentRead: true,
      }),
    );
    return Item ? toPreference(Item) : undefined;
  },

  async setPreference(userId, preference) {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.smsPreference(userId, preference.authorId),
          ...(preference.enabled ? keys.smsSubscriberOf(preference.authorId, userId) : {}),
          type: ItemType.SmsPreference,
          userId,
          ...preference,
        },
      }),
    );
  },

  async removePreference(userId, authorId) {
    await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.smsPreference(userId, authorId) }));
  },

  async *preferences(userId) {
    const { PK, skPrefix } = keys.smsPreferencesPartition(userId);
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': PK, ':prefix': skPrefix },
          ExclusiveStartKey: startKey,
        }),
      );
      yield (page.Items ?? []).map(toPreference);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  },

  async *subscriberPages(authorId) {
    const { GSI2PK } = keys.smsSubscribersPartition(authorId);
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db().send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk',
          ExpressionAttributeValues: { ':pk': GSI2PK },
          ProjectionExpression: 'userId',
          Limit: 100,
          ExclusiveStartKey: startKey,
        }),
      );
      yield (page.Items ?? []).map((item) => String(item.userId));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  },
};

export const inboundLedger: InboundLedger = {
  async claim(inboundMessageId, leaseUntil, expiresAt) {
    try {
      await db().send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...keys.inboundSms(inboundMessageId),
            type: ItemType.InboundSms,
            state: 'processing',
            leaseUntil,
            expiresAt,
          },
          // Free: never seen, expired (TTL deletion lags), or left processing by an attempt that died.
          ConditionExpression:
            'attribute_not_exists(PK) OR expiresAt < :now OR (#state = :processing AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000), ':processing': 'processing' },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error)?.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  },

  async complete(inboundMessageId) {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.inboundSms(inboundMessageId),
        UpdateExpression: 'SET #state = :done REMOVE leaseUntil',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':done': 'done' },
      }),
    );
  },

  async release(inboundMessageId) {
    await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.inboundSms(inboundMessageId) }));
  },
};

export const deliveryLedger: DeliveryLedger = {
  async reserve({ userId, postId, day, dailyCap, expiresAt }): Promise<DeliveryReservation> {
    try {
      await transact({
        delivery: {
          Put: {
            TableName: tableName(),
            Item: { ...keys.smsDelivery(userId, postId), type: ItemType.SmsDelivery, expiresAt },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        dailyCount: {
          Update: {
            TableName: tableName(),
            Key: keys.smsDailyCount(userId, day),
            UpdateExpression: 'SET #type = :type, expiresAt = :expiresAt ADD sent :one',
            ConditionExpression: 'attribute_not_exists(sent) OR sent < :cap',
            ExpressionAttributeNames: { '#type': 'type' },
            ExpressionAttributeValues: {
              ':type': ItemType.SmsDailyCount,
              ':expiresAt': expiresAt,
              ':one': 1,
              ':cap': dailyCap,
            },
          },
        },
      });
      return 'reserved';
    } catch (error) {
      const failed = failedGuards(error);
      if (failed?.has('delivery')) return 'already_sent';
      if (failed?.has('dailyCount')) return 'over_cap';
      throw error;
    }
  },
};

/**
 * Direct messages. A message is stored once, in its conversation's partition (`DM#<low id>#<high id>` /
 * `MSG#<ulid>`), so a conversation page is one Query whoever reads it. Each participant has a view of the
 * conversation (`USER#<owner>` / `CONVO#<other>`: last message, unread count) carrying GSI2
 * `CONVERSATIONS#<owner>` / `MSG#<last message id>`, so the list of conversations, most recent first, is one
 * Query of GSI2, paged by cursor (/v1) or by last message id (Mastodon). Sending writes the message and both views in one transaction guarded by the follow edge
 * (recipient → sender), so the rule holds even against a concurrent unfollow.
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { IdPage } from '#shared/domain/mastodon/paging';
import {
  type ConversationView,
  type DirectMessage,
  type MessageStore,
  notFollowedByRecipient,
} from '#shared/domain/messages';
import type { Page } from '#shared/domain/pagination';
import type { PageRequest } from '#shared/domain/post';
import { MESSAGE_LIMIT_POLICIES } from '#shared/domain/posting-limits';
import { userBlocked } from '#shared/errors';
import * as z from '#shared/schemas/zod';
import { db, tableName } from './client';
import { idRangeRead } from './id-range';
import { ItemType, keys } from './keys';
import { pagedQuery } from './paged-query';
import { windowCharges } from './rate-limiter';
import { unmarshall } from './stream-records';
import { failedGuards, transact } from './transactions';

export function directMessageItem(message: DirectMessage) {
  return {
    ...keys.directMessage(message.sender.id, message.recipient.id, message.id),
    type: ItemType.DirectMessage,
    messageId: message.id,
    senderId: message.sender.id,
    senderUsername: message.sender.username,
    senderFirstName: message.sender.firstName,
    senderLastName: message.sender.lastName,
    recipientId: message.recipient.id,
    recipientUsername: message.recipient.username,
    recipientFirstName: message.recipient.firstName,
    recipientLastName: message.recipient.lastName,
    text: message.text,
    entities: message.entities,
    createdAt: message.createdAt,
  };
}

export type DirectMessageItem = ReturnType<typeof directMessageItem>;

export function toDirectMessage(item: Record<string, unknown>): DirectMessage {
  const stored = item as unknown as DirectMessageItem;
  return {
    id: stored.messageId,
    sender: {
      id: stored.senderId,
      username: stored.senderUsername,
      firstName: stored.senderFirstName,
      lastName: stored.senderLastName,
    },
    recipient: {
      id: stored.recipientId,
      username: stored.recipientUsername,
      firstName: stored.recipientFirstName,
      lastName: stored.recipientLastName,
    },
    text: stored.text,
    entities: stored.entities,
    createdAt: stored.createdAt,
  };
}

const Offset = z.number().check(z.int(), z.minimum(0));
const Span = { start: Offset, end: Offset };

/** A message item as a stream image carries it, checked before a reaction acts on it. */
const DirectMessageImage = z.object({
  type: z.literal(ItemType.DirectMessage),
  messageId: z.string().check(z.minLength(1)),
  senderId: z.string().check(z.minLength(1)),
  senderUsername: z.string().check(z.minLength(1)),
  senderFirstName: z.string(),
  senderLastName: z.string(),
  recipientId: z.string().check(z.minLength(1)),
  recipientUsername: z.string().check(z.minLength(1)),
  recipientFirstName: z.string(),
  recipientLastName: z.string(),
  text: z.string(),
  entities: z.object({
    urls: z.array(z.object({ ...Span, url: z.string() })),
    mentions: z.array(z.object({ ...Span, username: z.string() })),
    hashtags: z.array(z.object({ ...Span, tag: z.string() })),
  }),
  createdAt: z.iso.datetime(),
});

/** The message a stream record carries (its new image); throws (the record is retried) when it is malformed. */
export function directMessageRecord(record: DynamoDBRecord): DirectMessage {
  return toDirectMessage(DirectMessageImage.parse(unmarshall(record.dynamodb?.NewImage)));
}

/** The update that moves one participant's view to a new last message. */
function viewUpdate(ownerId: string, otherUserId: string, message: DirectMessage, unread: boolean) {
  const activity = keys.conversationByActivity(ownerId, message.id);
  return {
    Update: {
      TableName: tableName(),
      Key: keys.conversation(ownerId, otherUserId),
      UpdateExpression: `SET #type = :type, otherUserId = :other, lastMessage = :last, GSI2PK = :gsi2pk, GSI2SK = :gsi2sk, ${
        unread
          ? 'unreadCount = if_not_exists(unreadCount, :zero) + :one'
          : 'unreadCount = if_not_exists(unreadCount, :zero)'
      }`,
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: {
        ':type': ItemType.Conversation,
        ':other': otherUserId,
        ':last': {
          id: message.id,
          senderId: message.sender.id,
          text: message.text,
          createdAt: message.createdAt,
        },
        ':gsi2pk': activity.GSI2PK,
        ':gsi2sk': activity.GSI2SK,
        ':zero': 0,
        ...(unread ? { ':one': 1 } : {}),
      },
    },
  };
}

export async function sendDirectMessage(message: DirectMessage): Promise<void> {
  // The sender's message budget and posting limits, counted in the same transaction as the message.
  const windows = windowCharges(MESSAGE_LIMIT_POLICIES, message.sender.id);
  try {
    await transact({
      message: {
        Put: {
          TableName: tableName(),
          Item: directMessageItem(message),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      recipientFollowsSender: {
        ConditionCheck: {
          TableName: tableName(),
          Key: keys.follow(message.recipient.id, message.sender.id),
          ConditionExpression: 'attribute_exists(PK)',
        },
      },
      // A block by the recipient already ends their follow (the guard above); the sender's own block is named.
      senderDoesNotBlock: {
        ConditionCheck: {
          TableName: tableName(),
          Key: keys.relation('block', message.sender.id, message.recipient.id),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      senderView: viewUpdate(message.sender.id, message.recipient.id, message, false),
      recipientView: viewUpdate(message.recipient.id, message.sender.id, message, true),
      ...windows.items,
    });
  } catch (error) {
    const failed = failedGuards(error);
    // Already stored: a redelivered SMS whose message id derives from the SMS. Nothing to do.
    if (failed?.has('message')) return;
    const refusal = failed && windows.refusal(failed);
    if (refusal) throw refusal;
    if (failed?.has('senderDoesNotBlock')) throw userBlocked();
    if (failed?.has('recipientFollowsSender')) throw notFollowedByRecipient(message.recipient.username);
    throw error;
  }
}

export function pageMessages(
  userId: string,
  otherUserId: string,
  page: PageRequest,
): Promise<Page<DirectMessage>> {
  const { PK } = keys.conversationMessages(userId, otherUserId);
  return pagedQuery({
    partition: { PK },
    input: {
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': PK },
      ScanIndexForward: false,
    },
    limit: page.limit,
    cursor: page.cursor,
    map: toDirectMessage,
  });
}

function toView(item: Record<string, unknown>): ConversationView {
  return {
    otherUserId: String(item.otherUserId),
    lastMessage: item.lastMessage as ConversationView['lastMessage'],
    unreadCount: Number(item.unreadCount ?? 0),
  };
}

export async function conversationView(
  ownerId: string,
  otherUserId: string,
): Promise<ConversationView | undefined> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.conversation(ownerId, otherUserId),
      ConsistentRead: true,
    }),
  );
  return Item ? toView(Item) : undefined;
}

export async function markConversationRead(
  ownerId: string,
  otherUserId: string,
  lastMessageId: string,
): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.conversation(ownerId, otherUserId),
        UpdateExpression: 'SET unreadCount = :zero',
        ConditionExpression: 'lastMessage.id = :last AND unreadCount > :zero',
        ExpressionAttributeValues: { ':zero': 0, ':last': lastMessageId },
      }),
    );
  } catch (error) {
    // A newer message arrived meanwhile (it stays unread), or another read already cleared the count.
    if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
  }
}

export function pageConversationViews(ownerId: string, page: PageRequest): Promise<Page<ConversationView>> {
  const { GSI2PK } = keys.conversationsPartition(ownerId);
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
    map: toView,
  });
}

/**
 * The owner's conversations by their last message id, as Mastodon clients page them (id-range.ts): older than
 * `maxId`, newer than `sinceId` or right after `minId`, the most recently active first. One Query of GSI2.
 */
export async function pageConversationViewsById(ownerId: string, page: IdPage): Promise<ConversationView[]> {
  const range = idRangeRead(page);
  const { GSI2PK, from, to } = keys.conversationsByActivityBetween(ownerId, range.lowerId, range.upperId);
  const { Items } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': GSI2PK, ':from': from, ':to': to },
      ScanIndexForward: range.scanIndexForward,
      Limit: range.queryLimit,
    }),
  );
  return range.page((Items ?? []).map(toView).filter((view) => !range.isBound(view.lastMessage.id)));
}

export const messageStore: MessageStore = {
  send: sendDirectMessage,
  pageMessages,
  view: conversationView,
  markRead: markConversationRead,
  pageViews: pageConversationViews,
};

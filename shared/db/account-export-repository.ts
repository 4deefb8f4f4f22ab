/**
 * The account export's storage: the request item `USER#<id>` / `EXPORT` (latest request, status, archive key;
 * TTL = the archive's expiry) and the reader that pages the account's partitions through the existing access
 * patterns (never a Scan). docs/data-model.md lists the keys.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type {
  AccountDataReader,
  ExportRequest,
  ExportRequestChange,
  ExportRequestStore,
} from '#shared/domain/account-lifecycle/export-ports';
import * as z from '#shared/schemas/zod';
import { db, tableName } from './client';
import { engagementStore } from './engagement-repository';
import { pageFollowers, pageFollowing } from './follow-repository';
import { ItemType, keys } from './keys';
import { pageConversationViews, pageMessages } from './message-repository';
import { pagePostsByAuthor } from './post-repository';
import { relationStore } from './relationship-repository';
import { unmarshall } from './stream-records';
import { getUserById } from './user-repository';

const ExportRequestItem = z.object({
  userId: z.string().check(z.minLength(1)),
  exportId: z.string().check(z.minLength(1)),
  status: z.enum(['pending', 'ready']),
  requestedAt: z.string(),
  readyAt: z.optional(z.string()),
  archiveKey: z.optional(z.string()),
});

function toExportRequest(item: Record<string, unknown>): ExportRequest {
  const parsed = ExportRequestItem.parse(item);
  return {
    userId: parsed.userId,
    exportId: parsed.exportId,
    status: parsed.status,
    requestedAt: parsed.requestedAt,
    ...(parsed.readyAt ? { readyAt: parsed.readyAt } : {}),
    ...(parsed.archiveKey ? { archiveKey: parsed.archiveKey } : {}),
  };
}

async function find(userId: string): Promise<ExportRequest | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.exportRequest(userId), ConsistentRead: true }),
  );
  return Item ? toExportRequest(Item) : undefined;
}

async function savePending(request: ExportRequest, expiresAt: number): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.exportRequest(request.userId),
        type: ItemType.ExportRequest,
        userId: request.userId,
        exportId: request.exportId,
        status: 'pending',
        requestedAt: request.requestedAt,
        expiresAt,
      },
    }),
  );
}

async function markReady(
  userId: string,
  exportId: string,
  ready: { readyAt: string; archiveKey: string },
): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.exportRequest(userId),
        UpdateExpression: 'SET #status = :ready, readyAt = :readyAt, archiveKey = :key',
        ConditionExpression: 'exportId = :exportId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':ready': 'ready',
          ':readyAt': ready.readyAt,
          ':key': ready.archiveKey,
          ':exportId': exportId,
        },
      }),
    );
  } catch (error) {
    // A newer request (or the account's erasure) replaced this one: its own build marks it.
    if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
  }
}

export const exportRequestStore: ExportRequestStore = { find, savePending, markReady };

/** The request in a stream record's new image (the reaction's input). */
export function exportRequestRecord(record: DynamoDBRecord): ExportRequest {
  const image = record.dynamodb?.NewImage;
  if (!image) throw new Error('An export request record without a new image');
  return toExportRequest(unmarshall(image));
}

/** The request before and after a change of its item (the archive retirement's input). */
export function exportRequestChangeRecord(record: DynamoDBRecord): ExportRequestChange {
  const { OldImage, NewImage } = record.dynamodb ?? {};
  if (!OldImage) throw new Error('An export request change without an old image');
  return {
    before: toExportRequest(unmarshall(OldImage)),
    after: NewImage ? toExportRequest(unmarshall(NewImage)) : undefined,
  };
}

export const accountDataReader: AccountDataReader = {
  profile: (userId) => getUserById(userId, { consistent: true }),
  posts: pagePostsByAuthor,
  engagements: engagementStore.pageByUser,
  following: pageFollowing,
  followers: pageFollowers,
  conversations: pageConversationViews,
  messages: pageMessages,
  blocks: (userId, page) => relationStore.page('block', userId, page),
};

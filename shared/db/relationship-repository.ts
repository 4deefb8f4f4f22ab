/**
 * Block and mute edges: `USER#<owner>` / `REL#BLOCK#<other>` and `REL#MUTE#<other>`, counted on the owner's
 * profile (`blockCount`, `muteCount`) in the same transaction, whose condition holds the limit. Everything a
 * reader blocks or mutes is one Query of `REL#` in their partition; how others stand towards a reader (their
 * protection, their block of the reader, the reader's follow of them) is one BatchGetItem of keys known in
 * advance. Access patterns: docs/data-model.md ("Blocks, mutes and follow requests").
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from '#shared/domain/pagination';
import type { PageRequest } from '#shared/domain/post';
import {
  RELATIONSHIP_RULES,
  type RelationEdge,
  type RelationKind,
  type RelationStore,
  type RelationshipReads,
  type Standing,
} from '#shared/domain/relationships/ports';
import { type PublicUser, toPublicUser } from '#shared/domain/user';
import { ConflictError, userNotFound } from '#shared/errors';
import { batchGet } from './batch-get';
import { db, tableName } from './client';
import { ItemType, keys, relationFromSortKey } from './keys';
import { pagedQuery } from './paged-query';
import { failedGuards, transact } from './transactions';
import { getUsersByIds } from './user-directory';

const ITEM_TYPE = { block: ItemType.Block, mute: ItemType.Mute } as const;
const COUNTER = { block: 'blockCount', mute: 'muteCount' } as const;
const LIMIT = { block: RELATIONSHIP_RULES.maxBlocks, mute: RELATIONSHIP_RULES.maxMutes } as const;

async function add(edge: RelationEdge): Promise<boolean> {
  try {
    await transact({
      edge: {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.relation(edge.kind, edge.userId, edge.otherId),
            type: ITEM_TYPE[edge.kind],
            userId: edge.userId,
            otherId: edge.otherId,
            createdAt: edge.createdAt,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      owner: {
        Update: {
          TableName: tableName(),
          Key: keys.user(edge.userId),
          UpdateExpression: 'ADD #counter :one',
          ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(#counter) OR #counter < :max)',
          ExpressionAttributeNames: { '#counter': COUNTER[edge.kind] },
          ExpressionAttributeValues: { ':one': 1, ':max': LIMIT[edge.kind] },
        },
      },
    });
    return true;
  } catch (error) {
    const failed = failedGuards(error);
    if (!failed) throw error;
    if (failed.has('edge')) return false;
    if (failed.has('owner') && (await ownerExists(edge.userId))) {
      throw new ConflictError(
        `${edge.kind}s_limit`,
        `You can ${edge.kind} at most ${LIMIT[edge.kind]} accounts; remove one first`,
        { limit: LIMIT[edge.kind] },
      );
    }
    throw userNotFound();
  }
}

async function ownerExists(userId: string): Promise<boolean> {
  const [item] = await batchGet([keys.user(userId)], { consistent: true });
  return item !== undefined;
}

async function remove(kind: RelationKind, userId: string, otherId: string): Promise<boolean> {
  try {
    await transact({
      edge: {
        Delete: {
          TableName: tableName(),
          Key: keys.relation(kind, userId, otherId),
          ConditionExpression: 'attribute_exists(PK)',
        },
      },
      owner: {
        Update: {
          TableName: tableName(),
          Key: keys.user(userId),
          UpdateExpression: 'ADD #counter :minusOne',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#counter': COUNTER[kind] },
          ExpressionAttributeValues: { ':minusOne': -1 },
        },
      },
    });
    return true;
  } catch (error) {
    if (failedGuards(error)?.has('edge')) return false;
    throw error;
  }
}

async function page(kind: RelationKind, userId: string, request: PageRequest): Promise<Page<PublicUser>> {
  const { PK, skPrefix } = keys.relationsPartition(userId, kind);
  const edges = await pagedQuery({
    partition: { PK },
    input: {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': PK, ':prefix': skPrefix },
    },
    limit: request.limit,
    cursor: request.cursor,
    map: (item) => String(item.otherId),
  });
  const users = await getUsersByIds(edges.items);
  return { items: users.map(toPublicUser), nextCursor: edges.nextCursor };
}

export const relationStore: RelationStore = { add, remove, page };

/**
 * The reader's blocks and mutes: one Query of `REL#` projecting the sort key. The limits bound it to
 * maxBlocks + maxMutes items (about 100 bytes each, so well under one 1 MB page); the loop only follows a
 * LastEvaluatedKey should DynamoDB split it anyway.
 */
async function viewerRelations(viewerId: string) {
  const { PK, skPrefix } = keys.relationsPartition(viewerId);
  const blocked = new Set<string>();
  const muted = new Set<string>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const output = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': PK, ':prefix': skPrefix },
        ProjectionExpression: 'SK',
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of output.Items ?? []) {
      const relation = relationFromSortKey(String(item.SK));
      if (relation?.kind === 'block') blocked.add(relation.otherId);
      if (relation?.kind === 'mute') muted.add(relation.otherId);
    }
    startKey = output.LastEvaluatedKey;
  } while (startKey);
  return { blocked, muted };
}

/**
 * How each other account stands towards the reader: its profile (`protected`), its block of the reader and the
 * reader's follow of it, all by key in one BatchGetItem (100 keys a request, so 33 accounts a request).
 */
async function standings(viewerId: string | undefined, otherIds: readonly string[]) {
  const requests = otherIds.map((otherId) => ({
    otherId,
    profile: keys.user(otherId),
    block: viewerId === undefined ? undefined : keys.relation('block', otherId, viewerId),
    follow: viewerId === undefined ? undefined : keys.follow(viewerId, otherId),
  }));
  const items = await batchGet(
    requests.flatMap((request) => [
      request.profile,
      ...(request.block ? [request.block] : []),
      ...(request.follow ? [request.follow] : []),
    ]),
  );
  const found = new Map(items.map((item) => [`${item.PK}\n${item.SK}`, item]));
  const has = (key: { PK: string; SK: string } | undefined) =>
    key !== undefined && found.has(`${key.PK}\n${key.SK}`);
  return new Map<string, Standing>(
    requests.map((request) => [
      request.otherId,
      {
        protected: found.get(`${request.profile.PK}\n${request.profile.SK}`)?.protected === true,
        blocksViewer: has(request.block),
        followedByViewer: has(request.follow),
      },
    ]),
  );
}

export const relationshipReads: RelationshipReads = { viewerRelations, standings };

/**
 * The reader's own edges towards one account (GET /v1/users/{username}'s `viewer`): their block and mute of it
 * and their pending request to follow it, by key in one strongly consistent BatchGetItem, so the page drawn
 * right after a click shows it.
 */
export async function viewerEdges(viewerId: string, ownerId: string) {
  const block = keys.relation('block', viewerId, ownerId);
  const mute = keys.relation('mute', viewerId, ownerId);
  const request = keys.followRequest(ownerId, viewerId);
  const items = await batchGet([block, mute, request], { consistent: true });
  const has = (key: { PK: string; SK: string }) =>
    items.some((item) => item.PK === key.PK && item.SK === key.SK);
  return { blocking: has(block), muting: has(mute), requested: has(request) };
}

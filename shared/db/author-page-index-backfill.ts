/**
 * A one-off migration (`npm run admin -- index-author-pages`; `npm start` runs it itself until a run has
 * finished on its table) for tables written before user pages were one index: posts and repost edges
 * get their GSI3 keys (`PAGE#<author>` / position, see author-page.ts). Until it has run, such a table's user
 * pages and pulled celebrity posts show only what was written since the upgrade. It pages the whole table with
 * a Scan filtered to items still lacking the keys, so it is an operator's tool only.
 *
 * Idempotent and safe to run while the instance serves: each write is conditioned on the item still existing
 * and still lacking the keys, so a post deleted meanwhile is not brought back and a second run changes nothing.
 * A run that reaches the end records it (`CONFIG` / `MIGRATION#author-page-index`).
 */

import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mapBounded } from '#shared/domain/bounded';
import { db, tableName } from './client';
import { addIndexKeys } from './index-keys';
import { ItemType, keys } from './keys';
import { scanPages } from './scan-pages';

export interface AuthorPageIndexBackfill {
  /** Posts and reposts given their page keys by this run. */
  indexed: number;
  /** Items gone, or indexed by someone else, between the Scan and the write. */
  skipped: number;
}

/** Where to work: the process's own table by default; the local stack passes its client before any handler runs. */
export interface BackfillTarget {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** Updates in flight at once: enough to keep a Scan page's writes short, few enough not to throttle a table. */
const WRITES_IN_FLIGHT = 16;

export async function backfillAuthorPageIndex(
  target: BackfillTarget = { client: db(), tableName: tableName() },
): Promise<AuthorPageIndexBackfill> {
  const result: AuthorPageIndexBackfill = { indexed: 0, skipped: 0 };
  const pages = scanPages(
    {
      FilterExpression: '#type IN (:post, :repost) AND attribute_not_exists(GSI3PK)',
      ProjectionExpression: 'PK, SK, #type, authorId, postId, userId, engagementId',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':post': ItemType.Post, ':repost': ItemType.Repost },
    },
    target,
  );
  for await (const items of pages) {
    const outcomes = await mapBounded(items, WRITES_IN_FLIGHT, (item) => index(target, item));
    for (const indexed of outcomes) {
      if (indexed) result.indexed++;
      else result.skipped++;
    }
  }
  await target.client.send(
    new PutCommand({
      TableName: target.tableName,
      Item: {
        ...keys.migrationDone(MIGRATION),
        type: ItemType.MigrationDone,
        finishedAt: new Date().toISOString(),
      },
    }),
  );
  return result;
}

const MIGRATION = 'author-page-index';

/**
 * The migration, unless a run has already finished on this table: what the local stack does at every start, so a
 * start stopped halfway through it runs it again (one GetItem when there is nothing to do).
 */
export async function backfillAuthorPageIndexOnce(
  target: BackfillTarget,
): Promise<AuthorPageIndexBackfill | undefined> {
  const { Item } = await target.client.send(
    new GetCommand({ TableName: target.tableName, Key: keys.migrationDone(MIGRATION), ConsistentRead: true }),
  );
  return Item ? undefined : backfillAuthorPageIndex(target);
}

/** The page keys of a post (its author, its id) or a repost edge (the reposter, the repost's id). */
function pageKeysOf(item: Record<string, unknown>) {
  return item.type === ItemType.Post
    ? keys.authorPageEntry(String(item.authorId), String(item.postId))
    : keys.authorPageEntry(String(item.userId), String(item.engagementId));
}

/** Gives one item its page keys; false when it is gone or has them by now. */
function index(target: BackfillTarget, item: Record<string, unknown>): Promise<boolean> {
  return addIndexKeys({
    ...target,
    key: { PK: item.PK, SK: item.SK },
    indexKeys: pageKeysOf(item),
    guard: 'GSI3PK',
  });
}

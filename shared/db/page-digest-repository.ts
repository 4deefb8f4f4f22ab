/**
 * Page digests (`USER#<id>` / `PAGE_DIGEST`): a celebrity's newest page entries in one item
 * (shared/domain/page-digest.ts). Written by the fan-out reactions with a version condition, read by the home
 * timeline k at a time in one BatchGetItem. Access patterns: docs/data-model.md.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PageDigest, PageDigestStorage } from '#shared/domain/page-digest';
import type { AuthorPage } from '#shared/domain/pulled-page-cache';
import { logger } from '#shared/observability';
import { authorPage } from './author-page';
import { batchGet } from './batch-get';
import { db, tableName } from './client';
import { ItemType, keys } from './keys';
import { pageDigestEntry, parsePageDigestEntry } from './post-item';

/**
 * Well under DynamoDB's 400 KB item limit: 40 entries are ≈ 20 KB for typical posts and ≈ 160 KB at the
 * longest; a digest that would pass this keeps fewer entries (and says it is not the whole page).
 */
const MAX_DIGEST_BYTES = 300_000;

function digestItem(authorId: string, digest: PageDigest, version: number) {
  let entries = digest.entries.map(pageDigestEntry);
  let complete = digest.complete;
  while (entries.length > 0 && Buffer.byteLength(JSON.stringify(entries)) > MAX_DIGEST_BYTES) {
    entries = entries.slice(0, -1);
    complete = false;
  }
  return { ...keys.pageDigest(authorId), type: ItemType.PageDigest, version, complete, entries };
}

function parseDigest(item: Record<string, unknown>): PageDigest {
  const entries = Array.isArray(item.entries) ? item.entries : [];
  return {
    entries: entries.map((entry) => parsePageDigestEntry(entry as Record<string, unknown>)),
    complete: item.complete === true,
  };
}

function authorIdOf(item: Record<string, unknown>): string {
  return String(item.PK).slice('USER#'.length);
}

/** The digests of those authors who have one, by author id: one BatchGetItem per 100 authors. */
export async function readPageDigests(authorIds: readonly string[]): Promise<Map<string, AuthorPage>> {
  if (authorIds.length === 0) return new Map();
  const items = await batchGet(authorIds.map((id) => keys.pageDigest(id)));
  const pages = new Map<string, AuthorPage>();
  for (const item of items) {
    try {
      const digest = parseDigest(item);
      pages.set(authorIdOf(item), { posts: digest.entries, exhausted: digest.complete });
    } catch (error) {
      // A digest that does not parse is left unused (the page is read instead), not fatal to the timeline.
      logger.warn('Ignored a malformed page digest', { authorId: authorIdOf(item), error });
    }
  }
  return pages;
}

export const pageDigestStorage: PageDigestStorage = {
  async read(authorId) {
    const { Item } = await db().send(
      new GetCommand({ TableName: tableName(), Key: keys.pageDigest(authorId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return { digest: parseDigest(Item), version: typeof Item.version === 'number' ? Item.version : 0 };
  },
  async write(authorId, digest, expectedVersion) {
    try {
      await db().send(
        new PutCommand({
          TableName: tableName(),
          Item: digestItem(authorId, digest, (expectedVersion ?? 0) + 1),
          ...(expectedVersion === null
            ? { ConditionExpression: 'attribute_not_exists(PK)' }
            : {
                ConditionExpression: 'version = :version',
                ExpressionAttributeValues: { ':version': expectedVersion },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  },
  newestPage: (authorId, limit) => authorPage(authorId, { limit }),
};

/**
 * Page digests (`USER#<id>` / `PAGE_DIGEST`): a celebrity's newest page entries in one item
 * (shared/domain/page-digest.ts). Written by the fan-out reactions with a version condition, read by the home
 * timeline k at a time in one BatchGetItem. Access patterns: docs/data-model.md.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PageDigest, PageDigestStorage } from '#shared/domain/page-digest';
import type { AuthorPage } from '#shared/domain/timeline';
import { logger } from '#shared/observability';
import { authorPage } from './author-page';
import { batchGet } from './batch-get';
import { db, tableName } from './client';
import { ItemType, keys } from './keys';
import { pageDigestContent, parsePageDigestContent } from './post-item';

/**
 * Well under DynamoDB's 400 KB item limit: 40 entries are ≈ 20 KB for typical posts and ≈ 160 KB at the
 * longest; a digest that would pass this keeps fewer entries (and says it is not the whole page).
 */
const MAX_DIGEST_BYTES = 300_000;

function digestItem(authorId: string, digest: PageDigest, version: number) {
  let kept = digest.entries;
  let complete = digest.complete;
  let content = pageDigestContent(kept);
  while (kept.length > 0 && Buffer.byteLength(JSON.stringify(content)) > MAX_DIGEST_BYTES) {
    kept = kept.slice(0, -1);
    complete = false;
    content = pageDigestContent(kept);
  }
  return {
    ...keys.pageDigest(authorId),
    type: ItemType.PageDigest,
    version,
    complete,
    entryCount: kept.length,
    ...content,
    removed: digest.removed,
  };
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The removed positions a digest remembers (kept even when its entries do not parse). */
function removedOf(item: Record<string, unknown>): string[] {
  const removed = Array.isArray(item.removed) ? item.removed : [];
  return removed.filter(
    (position): position is string => typeof position === 'string' && ULID.test(position),
  );
}

/** @throws Error when malformed */
function parseDigest(item: Record<string, unknown>, options: { projected?: boolean } = {}): PageDigest {
  if (typeof item.entryCount !== 'number') throw new Error('A digest has no entry count');
  return {
    entries: parsePageDigestContent(item, options),
    complete: item.complete === true,
    removed: removedOf(item),
  };
}

function authorIdOf(item: Record<string, unknown>): string {
  return String(item.PK).slice('USER#'.length);
}

/** Reading only the newest `entries` entries of each digest (list elements by index), or all of them. */
function projection(entries: number | undefined) {
  if (entries === undefined) return undefined;
  const elements = Array.from({ length: Math.max(1, entries) }, (_, index) => `#entries[${index}]`);
  return {
    expression: ['#pk', '#complete', '#entryCount', '#people', ...elements].join(', '),
    names: {
      '#pk': 'PK',
      '#complete': 'complete',
      '#entryCount': 'entryCount',
      '#people': 'people',
      '#entries': 'entries',
    },
  };
}

/**
 * The digests of those authors who have one, by author id: one BatchGetItem per 100 authors. With `entries`,
 * only each digest's newest that many are read (fewer bytes; DynamoDB still bills the whole item), and a page
 * read so is not `exhausted` when the digest holds more.
 */
export async function readPageDigests(
  authorIds: readonly string[],
  entries?: number,
): Promise<Map<string, AuthorPage>> {
  if (authorIds.length === 0) return new Map();
  const project = projection(entries);
  const items = await batchGet(
    authorIds.map((id) => keys.pageDigest(id)),
    project ? { projection: project } : {},
  );
  const pages = new Map<string, AuthorPage>();
  for (const item of items) {
    try {
      const digest = parseDigest(item, { projected: project !== undefined });
      const unread = Number(item.entryCount) > digest.entries.length;
      pages.set(authorIdOf(item), { posts: digest.entries, exhausted: digest.complete && !unread });
    } catch (error) {
      // A digest that does not parse is left unused (the page is read instead), not fatal to the timeline.
      logger.warn('Ignored a malformed page digest', { authorId: authorIdOf(item), error });
    }
  }
  return pages;
}

/** The condition of a digest write: no digest yet (`null`), or still at the version read. */
function versionCondition(expectedVersion: number | null) {
  if (expectedVersion === null) return { ConditionExpression: 'attribute_not_exists(PK)' };
  if (expectedVersion > 0)
    return {
      ConditionExpression: 'version = :version',
      ExpressionAttributeValues: { ':version': expectedVersion },
    };
  // Version 0 is also a digest with no version, or one that is not a number: only a bad write leaves those.
  return {
    ConditionExpression: [
      'attribute_exists(PK) AND (attribute_not_exists(version)',
      'OR NOT attribute_type(version, :number) OR version = :version)',
    ].join(' '),
    ExpressionAttributeValues: { ':version': 0, ':number': 'N' },
  };
}

export const pageDigestStorage: PageDigestStorage = {
  async read(authorId) {
    const { Item } = await db().send(
      new GetCommand({ TableName: tableName(), Key: keys.pageDigest(authorId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const version = typeof Item.version === 'number' ? Item.version : 0;
    try {
      return { digest: parseDigest(Item), version };
    } catch (error) {
      // The change then reads the page again and writes a good digest over this one.
      logger.warn('Rewriting a malformed page digest', { authorId, error });
      return { digest: { entries: [], complete: false, removed: removedOf(Item) }, version, malformed: true };
    }
  },
  async write(authorId, digest, expectedVersion) {
    try {
      await db().send(
        new PutCommand({
          TableName: tableName(),
          Item: digestItem(authorId, digest, (expectedVersion ?? 0) + 1),
          ...versionCondition(expectedVersion),
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

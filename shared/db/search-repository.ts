/**
 * The user-search index on the single table. Each verified user has one item per username and one per name
 * term (see shared/domain/search.ts), partitioned by first character; a search is one Query per phase with
 * `begins_with(SK, :query)`, never a Scan. The stream keeps the index in step with profiles
 * (the search-index reaction, functions/reactions/reactions.ts; rules in shared/domain/search-index.ts). docs/data-model.md explains the move to OpenSearch at scale.
 */

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { ACCOUNT_STATES } from '#shared/domain/accounts/account-state';
import type { Page } from '#shared/domain/pagination';
import { isFirstNameMatch, searchShard } from '#shared/domain/search';
import {
  type IndexedProfile,
  type ProfileChange,
  type SearchEntry,
  type SearchIndexChanges,
  type SearchIndexStore,
  searchIndexChanges,
} from '#shared/domain/search-index';
import type { User } from '#shared/domain/user';
import * as z from '#shared/schemas/zod';
import { batchWrite, type WriteRequest } from './batch-write';
import { db, tableName } from './client';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor';
import { ItemType, keys, type PrimaryKey } from './keys';
import { unmarshall } from './stream-records';
import { getUsersByIds } from './user-directory';

export type { IndexedProfile } from '#shared/domain/search-index';

interface IndexItem extends PrimaryKey {
  type: typeof ItemType.SearchEntry;
  userId: string;
  username: string;
  /** Name items: every term of the user's name, so a query can show the user only once. */
  terms?: string[];
}

function keyOf(entry: SearchEntry): PrimaryKey {
  return entry.kind === 'username'
    ? keys.searchUsername(entry.shard, entry.username)
    : keys.searchName(entry.shard, entry.term, entry.userId);
}

function itemOf(entry: SearchEntry): IndexItem {
  const base = { type: ItemType.SearchEntry, userId: entry.userId, username: entry.username };
  return entry.kind === 'username'
    ? { ...keyOf(entry), ...base }
    : { ...keyOf(entry), ...base, terms: entry.terms };
}

/** The index changes as BatchWriteItem requests: deletes of the entries that went, then puts. */
function writeRequests(changes: SearchIndexChanges): WriteRequest[] {
  return [
    ...changes.remove.map((entry) => ({ DeleteRequest: { Key: keyOf(entry) } })),
    ...changes.put.map((entry) => ({ PutRequest: { Item: { ...itemOf(entry) } } })),
  ];
}

/**
 * The writes that take the index from a profile's old image to its new one (shared/domain/search-index.ts);
 * nothing when the searchable fields did not change (most profile updates are counters).
 */
export function indexChanges(
  before: IndexedProfile | undefined,
  after: IndexedProfile | undefined,
): WriteRequest[] {
  return writeRequests(searchIndexChanges({ before, after }));
}

/** The index on the table: every change is one batched write, retried until nothing is left unprocessed. */
export const searchIndexStore: SearchIndexStore = {
  async apply(changes) {
    await batchWrite(db(), tableName(), writeRequests(changes));
  },
};

const ProfileImage = z.object({
  type: z.literal(ItemType.User),
  userId: z.string().check(z.minLength(1)),
  username: z.string().check(z.minLength(1)),
  firstName: z.string(),
  lastName: z.string(),
  emailVerified: z.boolean(),
  accountState: z.optional(z.enum(ACCOUNT_STATES)),
});

/** The searchable fields of a stream image, validated; undefined when the record has no such image. */
function profileOf(image: Record<string, AttributeValue> | undefined): IndexedProfile | undefined {
  return image ? ProfileImage.parse(unmarshall(image)) : undefined;
}

/** A profile item's stream record as the profile before and after the change. */
export function profileChangeOf(record: DynamoDBRecord): ProfileChange {
  return { before: profileOf(record.dynamodb?.OldImage), after: profileOf(record.dynamodb?.NewImage) };
}

type Phase = 'username' | 'name';

/** The phase a cursor's key belongs to, checked against the query: a cursor for another query is a 400. */
function resume(
  cursor: string | undefined,
  shard: string,
): { phase: Phase; startKey?: Record<string, string> } {
  if (cursor === undefined) return { phase: 'username' };
  for (const phase of ['username', 'name'] as const) {
    const partition =
      phase === 'username' ? keys.searchUsernamePartition(shard) : keys.searchNamePartition(shard);
    try {
      return { phase, startKey: decodeCursor(cursor, partition) };
    } catch {
      // Not this phase's partition: try the next one.
    }
  }
  throw invalidCursor();
}

/** Upper bound on Queries for one page, since the name phase skips users it has already shown. */
const MAX_QUERIES_PER_PAGE = 6;

/**
 * Verified users matching a folded query: exact username, username prefix, then name prefix. Each result is
 * the current profile (one BatchGetItem for the page), so counts are fresh. The cursor is the index key of the
 * last result, so a page never skips matches it read but did not return.
 */
export async function searchUsers(query: string, limit: number, cursor?: string): Promise<Page<User>> {
  const shard = searchShard(query);
  let { phase, startKey } = resume(cursor, shard);
  const found: string[] = [];
  let more = true;
  for (let queries = 0; found.length < limit; queries++) {
    if (queries === MAX_QUERIES_PER_PAGE) break;
    const partition =
      phase === 'username' ? keys.searchUsernamePartition(shard) : keys.searchNamePartition(shard);
    const output = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :query)',
        ExpressionAttributeValues: { ':pk': partition.PK, ':query': query },
        ExclusiveStartKey: startKey,
        Limit: limit - found.length,
      }),
    );
    for (const item of (output.Items ?? []) as IndexItem[]) {
      startKey = { PK: item.PK, SK: item.SK };
      if (phase === 'username' || isFirstNameMatch(query, termOf(item), item.terms ?? [], item.username)) {
        found.push(item.userId);
      }
    }
    if (output.LastEvaluatedKey) continue;
    if (phase === 'name') {
      more = false;
      break;
    }
    // A full page ends here; the next one resumes after the last username, finds none, and turns to names.
    if (found.length === limit) break;
    phase = 'name';
    startKey = undefined;
  }
  const users = await getUsersByIds(found);
  return {
    items: users.filter((user) => user.emailVerified),
    nextCursor: more && startKey ? encodeCursor(startKey) : null,
  };
}

/** The term of a name item: its sort key without the trailing `#<userId>`. */
function termOf(item: IndexItem): string {
  return item.SK.slice(0, item.SK.lastIndexOf('#'));
}

/**
 * The user-search index on the single table. Each verified user has one item per username and one per name
 * term (see shared/domain/search.ts), partitioned by first character; a search is one Query per phase with
 * `begins_with(SK, :query)`, never a Scan. The stream keeps the index in step with profiles
 * (functions/users/search-indexer.ts). docs/data-model.md explains the move to OpenSearch at scale.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from '#shared/domain/pagination';
import { isFirstNameMatch, nameWords, searchShard } from '#shared/domain/search';
import type { User } from '#shared/domain/user';
import type { WriteRequest } from './batch-write';
import { db, tableName } from './client';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor';
import { ItemType, keys, type PrimaryKey } from './keys';
import { getUsersByIds } from './user-directory';

/** The fields of a profile image the index is built from. */
export interface IndexedProfile {
  userId: string;
  username: string;
  firstName: string;
  lastName: string;
  emailVerified: boolean;
}

interface IndexItem extends PrimaryKey {
  type: typeof ItemType.SearchEntry;
  userId: string;
  username: string;
  /** Name items: every term of the user's name, so a query can show the user only once. */
  terms?: string[];
}

function indexItems(profile: IndexedProfile | undefined): IndexItem[] {
  if (!profile?.emailVerified) return [];
  const base = { type: ItemType.SearchEntry, userId: profile.userId, username: profile.username };
  const terms = nameWords(profile.firstName, profile.lastName);
  return [
    { ...keys.searchUsername(searchShard(profile.username), profile.username), ...base },
    ...terms.map((term) => ({ ...keys.searchName(searchShard(term), term, profile.userId), ...base, terms })),
  ];
}

/**
 * The writes that take the index from a profile's old image to its new one: deletes for terms that went,
 * puts for the rest. Nothing when the searchable fields did not change (most profile updates are counters).
 */
export function indexChanges(
  before: IndexedProfile | undefined,
  after: IndexedProfile | undefined,
): WriteRequest[] {
  const oldItems = indexItems(before);
  const newItems = indexItems(after);
  const same = (a: IndexItem[], b: IndexItem[]) => JSON.stringify(a) === JSON.stringify(b);
  if (same(oldItems, newItems)) return [];
  const keep = new Set(newItems.map((item) => `${item.PK}|${item.SK}`));
  return [
    ...oldItems
      .filter((item) => !keep.has(`${item.PK}|${item.SK}`))
      .map((item) => ({ DeleteRequest: { Key: { PK: item.PK, SK: item.SK } } })),
    ...newItems.map((item) => ({ PutRequest: { Item: { ...item } } })),
  ];
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

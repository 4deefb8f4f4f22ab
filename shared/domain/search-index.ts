/**
 * Keeping the user-search index in step with profiles: a verified user is findable by their username and by
 * every term of their name (shared/domain/search.ts); an unverified or deleted one by nothing. The stream
 * reaction hands over a profile's state before and after a change; only entries that went are removed and,
 * when anything searchable changed, the current entries are written again (deterministic, so replays are
 * harmless). Most profile updates are counters and write nothing.
 */
import { type AccountState, isAccountVisible } from './accounts/account-state';
import { nameWords, searchShard } from './search';

/** The fields of a profile the index is built from. */
export interface IndexedProfile {
  userId: string;
  username: string;
  firstName: string;
  lastName: string;
  emailVerified: boolean;
  /** A suspended or deactivated account is found by nothing (accounts/account-state.ts). */
  accountState?: AccountState | undefined;
}

/** One way to find a user: their username, or one term of their name (which carries all the terms). */
export type SearchEntry =
  | { kind: 'username'; shard: string; username: string; userId: string }
  | { kind: 'name'; shard: string; term: string; username: string; userId: string; terms: string[] };

export interface SearchIndexChanges {
  remove: SearchEntry[];
  put: SearchEntry[];
}

/** Port: where the entries live (shared/db/search-repository.ts). */
export interface SearchIndexStore {
  apply(changes: SearchIndexChanges): Promise<void>;
}

export interface SearchIndexDeps {
  index: SearchIndexStore;
}

/** A profile's state around one change; undefined before a creation and after a deletion. */
export interface ProfileChange {
  before: IndexedProfile | undefined;
  after: IndexedProfile | undefined;
}

/** The entries a profile is found by, in index order. */
export function searchEntriesOf(profile: IndexedProfile | undefined): SearchEntry[] {
  if (!profile?.emailVerified || !isAccountVisible(profile)) return [];
  const { userId, username } = profile;
  const terms = nameWords(profile.firstName, profile.lastName);
  return [
    { kind: 'username', shard: searchShard(username), username, userId },
    ...terms.map((term) => ({
      kind: 'name' as const,
      shard: searchShard(term),
      term,
      username,
      userId,
      terms,
    })),
  ];
}

/** Entries that are the same index slot (they overwrite each other). */
function slotOf(entry: SearchEntry): string {
  return entry.kind === 'username'
    ? `username|${entry.shard}|${entry.username}`
    : `name|${entry.shard}|${entry.term}|${entry.userId}`;
}

/**
 * What takes the index from a profile's old state to its new one: the entries that went, and all current
 * entries; nothing when the searchable fields did not change.
 */
export function searchIndexChanges(change: ProfileChange): SearchIndexChanges {
  const before = searchEntriesOf(change.before);
  const after = searchEntriesOf(change.after);
  if (JSON.stringify(before) === JSON.stringify(after)) return { remove: [], put: [] };
  const kept = new Set(after.map(slotOf));
  return { remove: before.filter((entry) => !kept.has(slotOf(entry))), put: after };
}

/** Applies one profile change to the index; writes nothing when nothing searchable changed. */
export async function updateSearchIndex(deps: SearchIndexDeps, change: ProfileChange): Promise<void> {
  const changes = searchIndexChanges(change);
  if (changes.remove.length > 0 || changes.put.length > 0) await deps.index.apply(changes);
}

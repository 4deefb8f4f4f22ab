/**
 * The post-search index (shared/domain/post-search.ts): one small item per (hashtag, post) under
 * `HASHTAG#<tag>` and per (word prefix, recent post) under `POSTWORD#<prefix>`, each sorted by `POST#<ulid>`,
 * so a hashtag page or a word search is one Query of one partition, newest first. Entries carry only the post's
 * keys; a page's posts are read with one BatchGetItem (fresh counts; deleted posts drop out). The stream
 * reaction writes and removes the entries with deterministic keys, so replays change nothing.
 */
import type { Page } from '#shared/domain/pagination';
import type { PageRequest, Post } from '#shared/domain/post';
import {
  type IndexedPostRef,
  indexTermsOf,
  type LoadPosts,
  type PostIndex,
  type PostIndexWriter,
  wordEntryExpiresAt,
} from '#shared/domain/post-search';
import { batchGet } from './batch-get';
import { batchWrite, type WriteRequest } from './batch-write';
import { db, tableName } from './client';
import { ItemType, keys, type PrimaryKey } from './keys';
import { pagedQuery } from './paged-query';
import { parsePostItem } from './post-item';

function entryKeys(post: Pick<Post, 'id' | 'text' | 'entities'>): { key: PrimaryKey; word: boolean }[] {
  const terms = indexTermsOf(post);
  return [
    ...terms.hashtags.map((tag) => ({ key: keys.hashtagEntry(tag, post.id), word: false })),
    ...terms.wordPrefixes.map((prefix) => ({ key: keys.wordPrefixEntry(prefix, post.id), word: true })),
  ];
}

/** The puts that index a new post (hashtag entries kept; word entries expire with the search window). */
export function indexPutsFor(post: Post): WriteRequest[] {
  return entryKeys(post).map(({ key, word }) => ({
    PutRequest: {
      Item: {
        ...key,
        type: ItemType.PostIndexEntry,
        postId: post.id,
        authorId: post.author.id,
        ...(word ? { expiresAt: wordEntryExpiresAt(post) } : {}),
      },
    },
  }));
}

/** The deletes that take a removed post out of the index (the same keys, derived from the same text). */
export function indexDeletesFor(post: Post): WriteRequest[] {
  return entryKeys(post).map(({ key }) => ({ DeleteRequest: { Key: { ...key } } }));
}

/** Applies index writes in batches of 25, retrying unprocessed items (throws if any remain). */
async function writeIndex(writes: readonly WriteRequest[]): Promise<void> {
  if (writes.length > 0) await batchWrite(db(), tableName(), [...writes]);
}

/** Indexes a new post; writing it again (a replayed stream record) changes nothing. */
export const indexPost = (post: Post): Promise<void> => writeIndex(indexPutsFor(post));

/** Removes a deleted post's entries; a no-op for entries already gone. */
export const unindexPost = (post: Post): Promise<void> => writeIndex(indexDeletesFor(post));

/** The PostIndexWriter port of the index reaction. */
export const postIndexWriter: PostIndexWriter = { index: indexPost, unindex: unindexPost };

function toRef(item: Record<string, unknown>): IndexedPostRef {
  return { postId: String(item.postId), authorId: String(item.authorId) };
}

export function pageByHashtag(tag: string, page: PageRequest): Promise<Page<IndexedPostRef>> {
  const { PK } = keys.hashtagPartition(tag);
  return pagedQuery({
    partition: { PK },
    input: {
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': PK },
      ProjectionExpression: 'PK, SK, postId, authorId',
      ScanIndexForward: false,
    },
    limit: page.limit,
    cursor: page.cursor,
    map: toRef,
  });
}

export function pageByWordPrefix(
  prefix: string,
  sinceId: string,
  page: PageRequest,
): Promise<Page<IndexedPostRef>> {
  const { PK } = keys.wordPrefixPartition(prefix);
  const { SK: since } = keys.wordPrefixEntry(prefix, sinceId);
  return pagedQuery({
    partition: { PK },
    input: {
      // The key condition bounds the read to the search window: no filter, no expired entries read.
      KeyConditionExpression: 'PK = :pk AND SK >= :since',
      ExpressionAttributeValues: { ':pk': PK, ':since': since },
      ProjectionExpression: 'PK, SK, postId, authorId',
      ScanIndexForward: false,
    },
    limit: page.limit,
    cursor: page.cursor,
    map: toRef,
  });
}

/** One BatchGetItem for a page of entries; the posts in the entries' order, deleted ones left out. */
export const loadIndexedPosts: LoadPosts = async (refs) => {
  const items = await batchGet(refs.map((ref) => keys.post(ref.authorId, ref.postId)));
  const byId = new Map(items.map((item) => [String(item.postId), parsePostItem(item)]));
  return refs.flatMap((ref) => byId.get(ref.postId) ?? []);
};

export const postIndex: PostIndex = { pageByHashtag, pageByWordPrefix };

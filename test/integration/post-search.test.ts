/**
 * The post-search index on DynamoDB Local: the entries the index reaction writes for a post, the hashtag and
 * word reads over them, and replays and duplicates of the reaction changing nothing.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db, tableName } from '#shared/db/client';
import { keys } from '#shared/db/keys';
import { indexPost, loadIndexedPosts, postIndex, unindexPost } from '#shared/db/post-index-repository';
import { postStore } from '#shared/db/post-repository';
import { relationshipReads } from '#shared/db/relationship-repository';
import { userDirectory } from '#shared/db/user-directory';
import { systemClock, ulidIds } from '#shared/domain/clock';
import { createPost, deletePost } from '#shared/domain/post';
import { indexTermsOf, listHashtagPosts, type PostSearchDeps, searchPosts } from '#shared/domain/post-search';
import { insertVerifiedUser } from '#test/factories/users';

const postDeps = {
  posts: postStore,
  users: userDirectory,
  relationships: relationshipReads,
  clock: systemClock,
  ids: ulidIds,
};
const searchDeps: PostSearchDeps = { index: postIndex, loadPosts: loadIndexedPosts, clock: systemClock };
const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);

/** Every index item of a post, read by key from each partition it should be in. */
async function entriesOf(post: {
  id: string;
  text: string;
  entities: Parameters<typeof indexTermsOf>[0]['entities'];
}) {
  const terms = indexTermsOf(post);
  const partitions = [
    ...terms.hashtags.map((tag) => keys.hashtagEntry(tag, post.id)),
    ...terms.wordPrefixes.map((prefix) => keys.wordPrefixEntry(prefix, post.id)),
  ];
  const found = await Promise.all(
    partitions.map(async (key) => {
      const { Items } = await db().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'PK = :pk AND SK = :sk',
          ExpressionAttributeValues: { ':pk': key.PK, ':sk': key.SK },
          ConsistentRead: true,
        }),
      );
      return Items ?? [];
    }),
  );
  return found.flat();
}

describe('the post-search index', () => {
  it('finds a post by #Tag, #tag, a Georgian hashtag and a word prefix, newest first', async () => {
    const { user } = await insertVerifiedUser();
    const tag = `Tag${user.id.slice(-6)}`;
    const older = await createPost(postDeps, { authorId: user.id, text: `older #${tag} გამარჯობა #ქართული` });
    const newer = await createPost(postDeps, { authorId: user.id, text: `newer #${tag.toLowerCase()}` });
    await indexPost(older);
    await indexPost(newer);

    for (const written of [tag, tag.toLowerCase(), tag.toUpperCase()]) {
      expect(ids(await listHashtagPosts(searchDeps, { tag: written, limit: 20 }))).toEqual([
        newer.id,
        older.id,
      ]);
      expect(ids(await searchPosts(searchDeps, { q: `#${written}`, limit: 20 }))).toEqual([
        newer.id,
        older.id,
      ]);
    }
    expect(ids(await listHashtagPosts(searchDeps, { tag: 'ქართული', limit: 100 }))).toContain(older.id);
    expect(ids(await searchPosts(searchDeps, { q: 'გამარ', limit: 100 }))).toContain(older.id);
    // A word prefix of the tag finds both posts (the tag's word is indexed too).
    expect(ids(await searchPosts(searchDeps, { q: tag.slice(0, 6), limit: 100 }))).toEqual(
      expect.arrayContaining([newer.id, older.id]),
    );
    const found = await listHashtagPosts(searchDeps, { tag, limit: 20 });
    expect(found.items[0]).toEqual(newer);
  });

  it('pages a hashtag with a cursor bound to its partition', async () => {
    const { user } = await insertVerifiedUser();
    const tag = `page${user.id.slice(-6).toLowerCase()}`;
    const posts = [];
    for (let index = 0; index < 3; index++) {
      posts.push(await createPost(postDeps, { authorId: user.id, text: `#${tag} ${index}` }));
    }
    await Promise.all(posts.map(indexPost));
    const first = await listHashtagPosts(searchDeps, { tag, limit: 2 });
    expect(ids(first)).toEqual([posts[2]?.id, posts[1]?.id]);
    const second = await listHashtagPosts(searchDeps, {
      tag,
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });
    expect(ids(second)).toEqual([posts[0]?.id]);
    await expect(
      listHashtagPosts(searchDeps, { tag: 'othertag', limit: 2, cursor: first.nextCursor ?? undefined }),
    ).rejects.toMatchObject({ code: 'invalid_cursor' });
    await expect(
      searchPosts(searchDeps, { q: tag, limit: 2, cursor: first.nextCursor ?? undefined }),
    ).rejects.toMatchObject({ code: 'invalid_cursor' });
  });

  it('changes nothing when the reaction is replayed, and removes every entry with the post', async () => {
    const { user } = await insertVerifiedUser();
    const post = await createPost(postDeps, { authorId: user.id, text: `replayed #Once twice words` });
    await indexPost(post);
    const entries = await entriesOf(post);
    expect(entries).toHaveLength(indexTermsOf(post).hashtags.length + indexTermsOf(post).wordPrefixes.length);
    await indexPost(post);
    await indexPost(post);
    expect(await entriesOf(post)).toEqual(entries);

    await deletePost(postDeps, { callerId: user.id, postId: post.id });
    // Before the reaction removes them, entries of a deleted post are dropped when the page is read.
    expect(ids(await searchPosts(searchDeps, { q: 'replayed', limit: 100 }))).not.toContain(post.id);
    await unindexPost(post);
    await unindexPost(post);
    expect(await entriesOf(post)).toEqual([]);
  });

  it('gives word entries the TTL of the search window and hashtag entries none', async () => {
    const { user } = await insertVerifiedUser();
    const post = await createPost(postDeps, { authorId: user.id, text: 'ttl #kept' });
    await indexPost(post);
    const entries = await entriesOf(post);
    const hashtag = entries.find((entry) => String(entry.PK).startsWith('HASHTAG#'));
    const word = entries.find((entry) => String(entry.PK).startsWith('POSTWORD#'));
    expect(hashtag?.expiresAt).toBeUndefined();
    expect(word?.expiresAt).toBe(Math.floor(Date.parse(post.createdAt) / 1000) + 7 * 86_400);
  });
});

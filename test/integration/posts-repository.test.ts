import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { createPostIdempotently } from '#shared/adapters/idempotent-posting';
import { db, tableName } from '#shared/db/client';
import { engagementStore } from '#shared/db/engagement-repository';
import { keys } from '#shared/db/keys';
import { postStore } from '#shared/db/post-repository';
import { relationshipReads } from '#shared/db/relationship-repository';
import { timelineReader } from '#shared/db/timeline-repository';
import { userDirectory } from '#shared/db/user-directory';
import { systemClock, ulidIds } from '#shared/domain/clock';
import { createPost, deletePost, getPost } from '#shared/domain/post';
import { listReplies, listUserPosts } from '#shared/domain/post-lists';
import { makeLambdaContext } from '#test/factories/api-gateway-event';
import { countPostItems } from '#test/factories/posts';
import { insertVerifiedUser } from '#test/factories/users';

const deps = {
  posts: postStore,
  users: userDirectory,
  relationships: relationshipReads,
  clock: systemClock,
  ids: ulidIds,
  pages: timelineReader,
};

async function profile(userId: string) {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.user(userId), ConsistentRead: true }),
  );
  return Item;
}

describe('the post repository', () => {
  it('creates a post, counts it, finds it by id and deletes it', async () => {
    const { user } = await insertVerifiedUser();
    const post = await createPost(deps, { authorId: user.id, text: 'Hello, <b>world</b> & "friends"' });
    expect(await getPost(deps, post.id)).toEqual(post);
    expect((await profile(user.id))?.postCount).toBe(1);
    await deletePost(deps, { callerId: user.id, postId: post.id });
    expect((await profile(user.id))?.postCount).toBe(0);
    await expect(getPost(deps, post.id)).rejects.toMatchObject({ code: 'post_not_found' });
  });

  it('lists a user page newest first across pages', async () => {
    const { user } = await insertVerifiedUser();
    const created = [];
    for (let index = 0; index < 5; index++) {
      created.push(await createPost(deps, { authorId: user.id, text: `post ${index}` }));
    }
    const first = await listUserPosts(deps, { username: user.username.toUpperCase(), limit: 3 });
    expect(first.items.map((post) => post.text)).toEqual(['post 4', 'post 3', 'post 2']);
    const second = await listUserPosts(deps, {
      username: user.username,
      limit: 3,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.items.map((post) => post.text)).toEqual(['post 1', 'post 0']);
    await expect(
      listUserPosts(deps, {
        username: (await insertVerifiedUser()).user.username,
        limit: 3,
        cursor: first.nextCursor ?? undefined,
      }),
    ).rejects.toMatchObject({ code: 'invalid_cursor' });
  });

  it("shows the user's reposts among their posts, marked and by the time of the repost, across pages", async () => {
    const { user: ada } = await insertVerifiedUser();
    const { user: bob } = await insertVerifiedUser();
    const adas = await createPost(deps, { authorId: ada.id, text: 'by Ada' });
    const gone = await createPost(deps, { authorId: ada.id, text: 'deleted later' });
    const repost = async (postId: string) =>
      engagementStore.add({
        kind: 'repost',
        id: ulid(),
        userId: bob.id,
        postId,
        postAuthorId: ada.id,
        createdAt: new Date().toISOString(),
      });
    await repost(gone.id);
    const older = await createPost(deps, { authorId: bob.id, text: 'bob 1' });
    await repost(adas.id);
    await deletePost(deps, { callerId: ada.id, postId: gone.id });
    const newer = await createPost(deps, { authorId: bob.id, text: 'bob 2' });
    const first = await listUserPosts(deps, { username: bob.username, limit: 2 });
    expect(first.items.map((post) => post.text)).toEqual(['bob 2', 'by Ada']);
    expect(first.items[0]?.id).toBe(newer.id);
    expect(first.items[1]).toMatchObject({
      id: adas.id,
      author: { id: ada.id },
      repostedBy: { id: bob.id, username: bob.username },
    });
    const second = await listUserPosts(deps, {
      username: bob.username,
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });
    // The repost of the deleted post drops out; Bob's older post follows.
    expect(second.items.map((post) => post.id)).toEqual([older.id]);
    expect(second.nextCursor).toBeNull();
  });

  it('lists replies oldest first and keeps the parent reply count', async () => {
    const { user: author } = await insertVerifiedUser();
    const { user: replier } = await insertVerifiedUser();
    const parent = await createPost(deps, { authorId: author.id, text: 'parent' });
    const replies = [];
    for (let index = 0; index < 3; index++) {
      replies.push(
        await createPost(deps, { authorId: replier.id, text: `reply ${index}`, replyTo: parent.id }),
      );
    }
    const page = await listReplies(deps, { postId: parent.id, limit: 10 });
    expect(page.items.map((post) => post.text)).toEqual(['reply 0', 'reply 1', 'reply 2']);
    expect((await getPost(deps, parent.id)).replyCount).toBe(3);
    await deletePost(deps, { callerId: replier.id, postId: replies[0]?.id ?? '' });
    expect((await getPost(deps, parent.id)).replyCount).toBe(2);
  });

  it('refuses a reply to a deleted parent and writes nothing', async () => {
    const { user } = await insertVerifiedUser();
    const parent = await createPost(deps, { authorId: user.id, text: 'soon gone' });
    await deletePost(deps, { callerId: user.id, postId: parent.id });
    await expect(
      createPost(deps, { authorId: user.id, text: 'late', replyTo: parent.id }),
    ).rejects.toMatchObject({
      code: 'parent_not_found',
    });
    expect(await countPostItems(user.id)).toBe(0);
    expect((await profile(user.id))?.postCount).toBe(0);
  });

  it('refuses a reply when the parent disappears between the check and the write (transaction guard)', async () => {
    const { user } = await insertVerifiedUser();
    const parent = await createPost(deps, { authorId: user.id, text: 'racing' });
    await postStore.remove(parent);
    const reply = { ...parent, id: ulidIds.next(new Date()), replyTo: parent.id, text: 'reply' };
    await expect(postStore.insert(reply, parent)).rejects.toMatchObject({ code: 'parent_not_found' });
    expect(await countPostItems(user.id)).toBe(0);
  });

  it('creates once per Idempotency-Key: a retry returns the same post and writes nothing', async () => {
    const { user } = await insertVerifiedUser();
    const input = { authorId: user.id, text: 'exactly once' };
    const first = await createPostIdempotently(deps, input, 'key-123', makeLambdaContext());
    const retry = await createPostIdempotently(deps, input, 'key-123', makeLambdaContext());
    expect(retry).toEqual(first);
    expect(await countPostItems(user.id)).toBe(1);
    expect((await profile(user.id))?.postCount).toBe(1);
    await expect(
      createPostIdempotently(deps, { ...input, text: 'something else' }, 'key-123', makeLambdaContext()),
    ).rejects.toMatchObject({ code: 'idempotency_key_reused', statusCode: 409 });
    const other = await createPostIdempotently(deps, input, 'key-456', makeLambdaContext());
    expect(other.id).not.toBe(first.id);
  });

  it('scopes idempotency keys to the caller', async () => {
    const { user: ann } = await insertVerifiedUser();
    const { user: bob } = await insertVerifiedUser();
    const a = await createPostIdempotently(
      deps,
      { authorId: ann.id, text: 'same' },
      'shared-key',
      makeLambdaContext(),
    );
    const b = await createPostIdempotently(
      deps,
      { authorId: bob.id, text: 'same' },
      'shared-key',
      makeLambdaContext(),
    );
    expect(b.id).not.toBe(a.id);
    expect(b.author.id).toBe(bob.id);
  });

  it.each([['has spaces'], ['x'.repeat(129)], ['ünïcode']])('rejects the Idempotency-Key %j', async (key) => {
    const { user } = await insertVerifiedUser();
    await expect(
      createPostIdempotently(deps, { authorId: user.id, text: 'x' }, key, makeLambdaContext()),
    ).rejects.toMatchObject({
      code: 'invalid_idempotency_key',
      statusCode: 400,
    });
    expect(await countPostItems(user.id)).toBe(0);
  });
});

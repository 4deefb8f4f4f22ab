import { describe, expect, it } from 'vitest';
import { accountRefusal, assertAccountActive, isAccountVisible } from '#shared/domain/accounts/account-state';
import { ulidIds } from '#shared/domain/clock';
import { createPost, getVisiblePost, type Post, type PostStore } from '#shared/domain/post';
import { searchEntriesOf } from '#shared/domain/search-index';
import { toPublicUser } from '#shared/domain/user';
import { makeRelationships } from '#test/factories/relationships';
import { makeUser } from '#test/factories/user-records';

describe('account states', () => {
  it('treats an absent state as active, and every other state as hidden and refused with its own code', () => {
    expect(isAccountVisible({})).toBe(true);
    expect(isAccountVisible({ accountState: 'active' })).toBe(true);
    expect(accountRefusal({})).toBeUndefined();
    for (const [accountState, code] of [
      ['suspended', 'account_suspended'],
      ['deactivated', 'account_deactivated'],
    ] as const) {
      expect(isAccountVisible({ accountState })).toBe(false);
      expect(accountRefusal({ accountState })).toMatchObject({ statusCode: 403, code });
      expect(() => assertAccountActive({ accountState })).toThrow(expect.objectContaining({ code }));
    }
  });

  it('never shows the state in the public view of a user', () => {
    expect(toPublicUser(makeUser({ accountState: 'suspended' }))).not.toHaveProperty('accountState');
  });

  it('takes a suspended account out of people search', () => {
    const profile = {
      userId: 'u1',
      username: 'ada',
      firstName: 'Ada',
      lastName: 'Lovelace',
      emailVerified: true,
    };
    expect(searchEntriesOf(profile).length).toBeGreaterThan(0);
    expect(searchEntriesOf({ ...profile, accountState: 'suspended' })).toEqual([]);
  });
});

describe('a suspended author', () => {
  const active = makeUser({ username: 'bob', firstName: 'Bob' });
  const suspended = makeUser({ accountState: 'suspended' });

  function deps() {
    const stored = new Map<string, Post>();
    const posts: PostStore = {
      insert: async (post) => void stored.set(post.id, post),
      findById: async (id) => stored.get(id),
      remove: async (post) => void stored.delete(post.id),
      pageByAuthor: async () => ({ items: [], nextCursor: null }),
      pageReplies: async () => ({ items: [], nextCursor: null }),
    };
    let users = [active, { ...suspended, accountState: undefined }];
    return {
      stored,
      suspend: () => {
        users = [active, suspended];
      },
      deps: {
        posts,
        users: {
          getById: async (id: string) => users.find((user) => user.id === id),
          findByUsername: async (name: string) => users.find((user) => user.username === name),
        },
        relationships: makeRelationships(),
        clock: { now: () => new Date('2026-12-02T10:00:00Z') },
        ids: ulidIds,
      },
    };
  }

  it('cannot post: 403 account_suspended, nothing written (so nothing counted)', async () => {
    const world = deps();
    world.suspend();
    await expect(
      createPost(world.deps, { authorId: suspended.id, text: 'still here' }),
    ).rejects.toMatchObject({
      statusCode: 403,
      code: 'account_suspended',
    });
    expect(world.stored.size).toBe(0);
  });

  it('has posts that answer the same 404 as a missing post, and come back when the state does', async () => {
    const world = deps();
    const post = await createPost(world.deps, { authorId: suspended.id, text: 'before' });
    await expect(getVisiblePost(world.deps, post.id)).resolves.toMatchObject({ id: post.id });
    world.suspend();
    const hidden = await getVisiblePost(world.deps, post.id).catch((error: unknown) => error);
    const missing = await getVisiblePost(world.deps, '01JZZZZZZZZZZZZZZZZZZZZZZZ').catch(
      (error: unknown) => error,
    );
    expect(hidden).toMatchObject({ statusCode: 404, code: 'post_not_found' });
    expect(hidden).toEqual(missing);
  });
});

import { describe, expect, it } from 'vitest';
import type { FollowStore } from '#shared/domain/follow';
import { followUser } from '#shared/domain/follow';
import type { Post } from '#shared/domain/post';
import { hydratePosts, type PostHydration } from '#shared/domain/read-stages';
import {
  acceptAllFollowRequests,
  acceptFollowRequest,
  type FollowRequestStore,
  loadAudience,
  type RelationEdge,
  type RelationStore,
  relate,
} from '#shared/domain/relationships/relationships';
import { toUserSummary, type User } from '#shared/domain/user';
import { makeRelationships } from '#test/factories/relationships';
import { makeUser } from '#test/factories/user-records';

const NOW = new Date('2026-12-02T03:00:00Z');

function makePost(id: string, author: User): Post {
  return {
    id,
    author: toUserSummary(author),
    text: 'hello',
    entities: { urls: [], mentions: [], hashtags: [] },
    replyTo: null,
    attachments: [],
    createdAt: NOW.toISOString(),
    replyCount: 0,
    likeCount: 0,
    repostCount: 0,
  };
}
const ada = makeUser();
const bob = makeUser({ username: 'bob', firstName: 'Bob' });
const carol = makeUser({ username: 'carol', firstName: 'Carol' });

function world(users: User[]) {
  const edges: RelationEdge[] = [];
  const unfollowed: string[] = [];
  const removedRequests: string[] = [];
  const pending = new Map<string, string[]>();
  const relations: RelationStore = {
    add: async (edge) => {
      if (edges.some((known) => known.kind === edge.kind && known.otherId === edge.otherId)) return false;
      edges.push(edge);
      return true;
    },
    remove: async () => true,
    page: async () => ({ items: [], nextCursor: null }),
  };
  const requests: FollowRequestStore = {
    request: async () => true,
    accept: async (edge) => {
      const list = pending.get(edge.targetId) ?? [];
      if (!list.includes(edge.requesterId)) return false;
      pending.set(
        edge.targetId,
        list.filter((id) => id !== edge.requesterId),
      );
      return true;
    },
    remove: async (targetId, requesterId) => {
      removedRequests.push(`${requesterId}->${targetId}`);
      return true;
    },
    page: async () => ({ items: [], nextCursor: null }),
    requesterIds: async (targetId, limit) => (pending.get(targetId) ?? []).slice(0, limit),
  };
  const follows: Pick<FollowStore, 'unfollow'> = {
    unfollow: async (edge) => {
      unfollowed.push(`${edge.followerId}->${edge.followeeId}`);
      return true;
    },
  };
  const directory = {
    getById: async (id: string) => users.find((user) => user.id === id),
    findByUsername: async (name: string) => users.find((user) => user.username === name.toLowerCase()),
  };
  return {
    edges,
    unfollowed,
    removedRequests,
    pending,
    deps: { relations, requests, follows, users: directory, clock: { now: () => NOW } },
  };
}

describe('blocking and muting', () => {
  it('blocks, then ends the follows and pending requests both ways', async () => {
    const { deps, edges, unfollowed, removedRequests } = world([ada, bob]);
    expect(await relate(deps, { kind: 'block', userId: ada.id, username: 'BOB' })).toBe(true);
    expect(edges).toEqual([{ kind: 'block', userId: ada.id, otherId: bob.id, createdAt: NOW.toISOString() }]);
    expect(unfollowed.sort()).toEqual([`${ada.id}->${bob.id}`, `${bob.id}->${ada.id}`].sort());
    expect(removedRequests.sort()).toEqual([`${ada.id}->${bob.id}`, `${bob.id}->${ada.id}`].sort());
  });

  it('mutes without touching follows', async () => {
    const { deps, unfollowed } = world([ada, bob]);
    await relate(deps, { kind: 'mute', userId: ada.id, username: 'bob' });
    expect(unfollowed).toEqual([]);
  });

  it('refuses yourself and unknown users before writing anything', async () => {
    const { deps, edges } = world([ada]);
    await expect(relate(deps, { kind: 'block', userId: ada.id, username: 'ada' })).rejects.toMatchObject({
      code: 'cannot_block_self',
      statusCode: 400,
    });
    await expect(relate(deps, { kind: 'mute', userId: ada.id, username: 'ada' })).rejects.toMatchObject({
      code: 'cannot_mute_self',
    });
    await expect(relate(deps, { kind: 'block', userId: ada.id, username: 'ghost' })).rejects.toMatchObject({
      code: 'user_not_found',
      statusCode: 404,
    });
    expect(edges).toEqual([]);
  });
});

describe('follow requests', () => {
  it('answers follow_request_not_found for a request that does not exist', async () => {
    const { deps } = world([ada, bob]);
    await expect(acceptFollowRequest(deps, { userId: ada.id, username: 'bob' })).rejects.toMatchObject({
      code: 'follow_request_not_found',
      statusCode: 404,
    });
  });

  it('accepts every pending request, page by page, when protection ends', async () => {
    const { deps, pending } = world([ada]);
    pending.set(
      ada.id,
      Array.from({ length: 250 }, (_, index) => `fan-${index}`),
    );
    expect(await acceptAllFollowRequests(deps, ada.id)).toBe(250);
    expect(pending.get(ada.id)).toEqual([]);
  });

  it('asks instead of following when the store finds the account protected', async () => {
    const asked: string[] = [];
    const follows: FollowStore = {
      follow: async () => 'protected',
      unfollow: async () => true,
      pageFollowers: async () => ({ items: [], nextCursor: null }),
      pageFollowing: async () => ({ items: [], nextCursor: null }),
      request: async (edge) => {
        asked.push(`${edge.requesterId}->${edge.targetId}`);
        return true;
      },
      withdrawRequest: async () => true,
    };
    const { deps } = world([ada, bob]);
    const outcome = await followUser(
      { follows, users: deps.users, clock: deps.clock },
      { followerId: bob.id, username: 'ada' },
    );
    expect(outcome).toBe('requested');
    expect(asked).toEqual([`${bob.id}->${ada.id}`]);
  });
});

describe('who sees what', () => {
  const byAda = makePost('01JDAAAAAAAAAAAAAAAAAAAAAA', ada);
  const byBob = makePost('01JDBBBBBBBBBBBBBBBBBBBBBB', bob);
  const byCarol = makePost('01JDCCCCCCCCCCCCCCCCCCCCCC', carol);
  const repostByBob: Post = { ...byCarol, repostedBy: toUserSummary(bob) };

  function hydration(relationships = makeRelationships()): PostHydration {
    return {
      currentPosts: async () => [],
      engagedBetween: async () => [],
      relationships,
    };
  }

  it('hides posts and reposts across a block, whichever side blocked', async () => {
    const relationships = makeRelationships({ blocks: [[bob.id, ada.id]] });
    const forAda = await hydratePosts([byAda, byBob, repostByBob], {
      viewerId: ada.id,
      hydration: hydration(relationships),
    });
    expect(forAda.map((post) => post.id)).toEqual([byAda.id]);
    const forBob = await hydratePosts([byAda, byBob], {
      viewerId: bob.id,
      hydration: hydration(relationships),
    });
    expect(forBob.map((post) => post.id)).toEqual([byBob.id]);
    // One Query and one batched read for the whole page, not one request per post.
    expect(relationships.calls.filter((call) => call === 'standings')).toHaveLength(2);
  });

  it('shows a protected account only to itself and its approved followers, and never in search', async () => {
    const relationships = makeRelationships({ protectedIds: [ada.id], follows: [[bob.id, ada.id]] });
    const read = (viewerId: string | undefined, scope?: 'search') =>
      hydratePosts([byAda], { viewerId, hydration: hydration(relationships), ...(scope ? { scope } : {}) });
    expect(await read(bob.id)).toHaveLength(1);
    expect(await read(ada.id)).toHaveLength(1);
    expect(await read(carol.id)).toHaveLength(0);
    expect(await read(undefined)).toHaveLength(0);
    expect(await read(bob.id, 'search')).toHaveLength(0);
    expect(await read(ada.id, 'search')).toHaveLength(1);
  });

  it('mutes only in the home scope, for authors and reposters', async () => {
    const relationships = makeRelationships({ mutes: [[ada.id, bob.id]] });
    const home = await hydratePosts([byBob, repostByBob, byCarol], {
      viewerId: ada.id,
      hydration: hydration(relationships),
      scope: 'home',
    });
    expect(home.map((post) => post.id)).toEqual([byCarol.id]);
    const list = await hydratePosts([byBob], { viewerId: ada.id, hydration: hydration(relationships) });
    expect(list).toHaveLength(1);
  });

  it('hides a suspended or deactivated author and reposter from everyone but themselves, in every scope', async () => {
    const relationships = makeRelationships({ inactiveIds: [bob.id] });
    for (const scope of ['home', 'list', 'search'] as const) {
      for (const viewerId of [ada.id, undefined]) {
        const shown = await hydratePosts([byAda, byBob, repostByBob, byCarol], {
          viewerId,
          hydration: hydration(relationships),
          scope,
        });
        expect(shown.map((post) => post.id)).toEqual([byAda.id, byCarol.id]);
      }
    }
    const own = await hydratePosts([byBob], { viewerId: bob.id, hydration: hydration(relationships) });
    expect(own).toHaveLength(1);
    const audience = await loadAudience(relationships, ada.id, [bob.id]);
    expect([
      audience.hidden(bob.id),
      audience.canSeeContentOf(bob.id),
      audience.blockedEitherWay(bob.id),
    ]).toEqual([true, false, false]);
    // Active again: the same posts show (nothing was deleted).
    const back = await hydratePosts([byBob, repostByBob], {
      viewerId: ada.id,
      hydration: hydration(makeRelationships()),
    });
    expect(back).toHaveLength(2);
  });

  it('tells a block by the reader apart from a block of the reader', async () => {
    const relationships = makeRelationships({
      blocks: [
        [ada.id, bob.id],
        [carol.id, ada.id],
      ],
    });
    const audience = await loadAudience(relationships, ada.id, [bob.id, carol.id]);
    expect([audience.blocks(bob.id), audience.blockedEitherWay(bob.id)]).toEqual([true, true]);
    expect([audience.blocks(carol.id), audience.blockedEitherWay(carol.id)]).toEqual([false, true]);
  });
});

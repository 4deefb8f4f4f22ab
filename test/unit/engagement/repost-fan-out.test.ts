import { describe, expect, it } from 'vitest';
import type { Engagement } from '#shared/domain/engagement/ports';
import { fanOutRepost, type RepostFanOutStore, type RepostWrite } from '#shared/domain/engagement/reactions';
import type { Post } from '#shared/domain/post';
import { TIMELINE_RULES } from '#shared/domain/timeline';
import { allWrites } from '#shared/domain/write-source';
import { memoryPageDigests } from '#test/support/memory-page-digests';

const post: Post = {
  id: '01JE0000000000000000000001',
  author: { id: 'ada', username: 'ada', firstName: 'Ada', lastName: 'L' },
  text: 'hello',
  entities: { urls: [], mentions: [], hashtags: [] },
  replyTo: null,
  attachments: [],
  createdAt: '2026-12-01T10:00:00.000Z',
  replyCount: 0,
  likeCount: 0,
  repostCount: 0,
};

const repost: Engagement = {
  kind: 'repost',
  id: '01JE0000000000000000000009',
  userId: 'bob',
  postId: post.id,
  postAuthorId: 'ada',
  createdAt: '2026-12-01T11:00:00.000Z',
};

/** The reposter with three followers (and a follower count that may say more), the post, the edge. */
function memoryStore(reposter: { followerCount: number; celebritySince: string | null }, edgeExists = true) {
  const timelines = new Map<string, Set<string>>();
  const pageDigests = memoryPageDigests();
  const store: RepostFanOutStore = {
    reposter: async (userId) => ({
      id: userId,
      username: userId,
      firstName: 'B',
      lastName: 'L',
      ...reposter,
    }),
    post: async () => post,
    followerIdPages: async function* () {
      yield ['carol', 'dave'];
      yield ['erin'];
    },
    engagementExists: async () => edgeExists,
    write: async (source) => {
      for (const write of await allWrites<RepostWrite>(source)) {
        const owned = timelines.get(write.ownerId) ?? new Set<string>();
        timelines.set(write.ownerId, owned);
        if (write.op === 'put_repost') owned.add(write.repost.id);
        else owned.delete(write.repostId);
      }
    },
    pageDigests: pageDigests.storage,
  };
  const owners = () => [...timelines.entries()].filter(([, ids]) => ids.has(repost.id)).map(([id]) => id);
  return { store, owners, pageDigests };
}

describe('the repost fan-out', () => {
  it("puts a repost into the reposter's and every follower's timeline, and undoing it takes it out", async () => {
    const { store, owners } = memoryStore({ followerCount: 3, celebritySince: null });
    await fanOutRepost({ store }, { kind: 'engagement_created', engagement: repost });
    expect(owners().sort()).toEqual(['bob', 'carol', 'dave', 'erin']);
    await fanOutRepost({ store }, { kind: 'engagement_deleted', engagement: repost });
    expect(owners()).toEqual([]);
  });

  it("does not fan out a promoted celebrity's repost: only their own timeline, followers pull it", async () => {
    const { store, owners } = memoryStore({
      followerCount: TIMELINE_RULES.celebrityFollowerThreshold + 1,
      celebritySince: '2026-11-01T00:00:00.000Z',
    });
    await fanOutRepost({ store }, { kind: 'engagement_created', engagement: repost });
    expect(owners()).toEqual(['bob']);
  });

  it("puts a celebrity's repost into their page digest, marked, and takes it out when undone", async () => {
    const { store, pageDigests } = memoryStore({
      followerCount: TIMELINE_RULES.celebrityFollowerThreshold + 1,
      celebritySince: '2026-11-01T00:00:00.000Z',
    });
    pageDigests.digests.set('bob', { digest: { entries: [], complete: true, removed: [] }, version: 1 });
    await fanOutRepost({ store }, { kind: 'engagement_created', engagement: repost });
    const held = pageDigests.digests.get('bob')?.digest.entries;
    expect(held?.map((entry) => entry.position)).toEqual([repost.id]);
    expect(held?.[0]?.post).toMatchObject({ id: post.id, repostId: repost.id, repostedBy: { id: 'bob' } });
    await fanOutRepost({ store }, { kind: 'engagement_deleted', engagement: repost });
    expect(pageDigests.positions('bob')).toEqual([]);
  });

  it('leaves a celebrity’s digest without a repost undone before its record was handled', async () => {
    const { store, pageDigests } = memoryStore(
      {
        followerCount: TIMELINE_RULES.celebrityFollowerThreshold + 1,
        celebritySince: '2026-11-01T00:00:00.000Z',
      },
      false,
    );
    pageDigests.digests.set('bob', { digest: { entries: [], complete: true, removed: [] }, version: 1 });
    await fanOutRepost({ store }, { kind: 'engagement_created', engagement: repost });
    expect(pageDigests.positions('bob')).toEqual([]);
  });

  it('puts the repost of an account being promoted into the digest the promotion built', async () => {
    const { store, owners, pageDigests } = memoryStore({
      followerCount: TIMELINE_RULES.celebrityFollowerThreshold + 1,
      celebritySince: null,
    });
    pageDigests.digests.set('bob', { digest: { entries: [], complete: true, removed: [] }, version: 1 });
    await fanOutRepost({ store }, { kind: 'engagement_created', engagement: repost });
    expect(owners().sort()).toEqual(['bob', 'carol', 'dave', 'erin']);
    expect(pageDigests.positions('bob')).toEqual([repost.id]);
  });

  it('still fans out the repost of an account past the threshold that no post has promoted yet', async () => {
    const { store, owners } = memoryStore({
      followerCount: TIMELINE_RULES.celebrityFollowerThreshold + 1,
      celebritySince: null,
    });
    await fanOutRepost({ store }, { kind: 'engagement_created', engagement: repost });
    expect(owners().sort()).toEqual(['bob', 'carol', 'dave', 'erin']);
  });

  it('leaves nothing when the repost was undone before its record was handled', async () => {
    const { store, owners } = memoryStore({ followerCount: 3, celebritySince: null }, false);
    await fanOutRepost({ store }, { kind: 'engagement_created', engagement: repost });
    expect(owners()).toEqual([]);
  });
});

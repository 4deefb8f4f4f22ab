import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import {
  applyStreamChange,
  type FanOutStore,
  type StreamChange,
  type TimelineWrite,
} from '#shared/domain/fan-out';
import type { Post } from '#shared/domain/post';
import { TIMELINE_RULES } from '#shared/domain/timeline';
import { allWrites } from '#shared/domain/write-source';
import { memoryPageDigests } from '#test/support/memory-page-digests';

const NOW = new Date('2026-11-26T12:00:00Z');
const clock = { now: () => NOW };

/** The table as the fan-out sees it: posts, edges, profiles, and the entries it writes. */
function memoryWorld() {
  const posts = new Map<string, Post>();
  const edges = new Set<string>();
  const celebritySince = new Map<string, string>();
  const timelines = new Map<string, Set<string>>();
  const mentions = new Map<string, Set<string>>();
  const pulls = new Map<string, Set<string>>();
  /** Repost edges by repost id. */
  const reposts = new Map<string, { userId: string; post: Post; at: string }>();
  const writeBatches: number[] = [];
  /** The author's page as the index shows it: their posts, newest first. */
  const pageOf = (authorId: string, limit: number) => {
    const own = [...posts.values()]
      .filter((post) => post.author.id === authorId)
      .sort((a, b) => (a.id < b.id ? 1 : -1));
    return {
      posts: own.slice(0, limit).map((post) => ({ position: post.id, post })),
      exhausted: own.length <= limit,
    };
  };
  const pageDigests = memoryPageDigests(pageOf);
  const at = (map: Map<string, Set<string>>, key: string) =>
    map.get(key) ?? map.set(key, new Set()).get(key) ?? new Set();
  const followers = (userId: string) =>
    [...edges].filter((e) => e.endsWith(`>${userId}`)).map((e) => e.split('>')[0] ?? '');
  const store: FanOutStore = {
    authorStatus: async (userId) => ({
      followerCount: followers(userId).length,
      celebritySince: celebritySince.get(userId) ?? null,
    }),
    markCelebrity: async (userId, since) =>
      void celebritySince.set(userId, celebritySince.get(userId) ?? since),
    followerIdPages: async function* (userId) {
      const ids = followers(userId);
      for (let start = 0; start < ids.length; start += 3) yield ids.slice(start, start + 3);
    },
    postPages: async function* (authorId, range) {
      const own = [...posts.values()]
        .filter((post) => post.author.id === authorId && post.id >= range.fromPostId)
        .sort((a, b) => (a.id < b.id ? 1 : -1))
        .slice(0, range.limit ?? Number.POSITIVE_INFINITY);
      if (own.length > 0) yield own;
    },
    repostIdPages: async function* (userId, range) {
      const ids = [...reposts.entries()]
        .filter(([id, repost]) => repost.userId === userId && id >= range.fromId)
        .map(([id]) => id)
        .sort()
        .reverse();
      if (ids.length > 0) yield ids;
    },
    repostedPosts: async (userId, range) =>
      [...reposts.entries()]
        .filter(([id, repost]) => repost.userId === userId && id >= range.fromId && posts.has(repost.post.id))
        .sort(([a], [b]) => (a < b ? 1 : -1))
        .slice(0, range.limit)
        .map(([id, repost]) => ({
          ...repost.post,
          repostId: id,
          repostedBy: { id: userId, username: userId, firstName: 'F', lastName: 'L' },
          repostedAt: repost.at,
        })),
    postExists: async (_authorId, postId) => posts.has(postId),
    followExists: async (followerId, followeeId) => edges.has(`${followerId}>${followeeId}`),
    write: async (source) => {
      const writes = await allWrites<TimelineWrite>(source);
      writeBatches.push(Math.ceil(writes.length / 25));
      for (const write of writes) {
        if (write.op === 'put_entry') at(timelines, write.ownerId).add(write.post.id);
        if (write.op === 'put_repost_entry') at(timelines, write.ownerId).add(write.repost.id);
        if (write.op === 'delete_entry') at(timelines, write.ownerId).delete(write.postId);
        if (write.op === 'put_mention') at(mentions, write.userId).add(write.post.id);
        if (write.op === 'delete_mention') at(mentions, write.userId).delete(write.postId);
        if (write.op === 'put_pull') at(pulls, write.ownerId).add(write.celebrityId);
        if (write.op === 'delete_pull') at(pulls, write.ownerId).delete(write.celebrityId);
      }
    },
    pageDigests: pageDigests.storage,
  };
  const log: StreamChange[] = [];
  let minute = 0;
  const world = {
    store,
    log,
    timelines,
    mentions,
    pulls,
    writeBatches,
    celebritySince,
    pageDigests,
    page: pageOf,
    post(authorId: string, mentioned: string[] = []): Post {
      minute++;
      const post: Post = {
        id: ulid(NOW.getTime() - 10_000_000 + minute * 1000),
        author: { id: authorId, username: authorId, firstName: 'F', lastName: 'L' },
        text: 'hello',
        entities: {
          urls: [],
          hashtags: [],
          mentions: mentioned.map((userId) => ({ start: 0, end: 1, username: userId, userId })),
        },
        replyTo: null,
        attachments: [],
        createdAt: new Date(NOW.getTime() - 10_000_000 + minute * 1000).toISOString(),
        replyCount: 0,
        likeCount: 0,
        repostCount: 0,
      };
      posts.set(post.id, post);
      log.push({ kind: 'post_created', post });
      return post;
    },
    /** A repost edge (its fan-out is the engagement reactions' business; here only follows read it). */
    repost(userId: string, post: Post): string {
      minute++;
      const at = NOW.getTime() - 10_000_000 + minute * 1000;
      const id = ulid(at);
      reposts.set(id, { userId, post, at: new Date(at).toISOString() });
      return id;
    },
    deletePost(post: Post) {
      posts.delete(post.id);
      log.push({ kind: 'post_deleted', post });
    },
    follow(followerId: string, followeeId: string) {
      edges.add(`${followerId}>${followeeId}`);
      log.push({ kind: 'follow_created', followerId, followeeId });
    },
    unfollow(followerId: string, followeeId: string) {
      edges.delete(`${followerId}>${followeeId}`);
      log.push({ kind: 'follow_deleted', followerId, followeeId });
    },
    /** What every timeline must hold: own posts and the posts of current followees. */
    expectedTimeline(userId: string) {
      const followees = new Set(
        [...edges].filter((e) => e.startsWith(`${userId}>`)).map((e) => e.split('>')[1]),
      );
      return [...posts.values()]
        .filter((post) => post.author.id === userId || followees.has(post.author.id))
        .map((post) => post.id)
        .sort();
    },
  };
  return world;
}

const apply = (world: ReturnType<typeof memoryWorld>, change: StreamChange) =>
  applyStreamChange({ store: world.store, clock }, change);
const sorted = (set: Set<string> | undefined) => [...(set ?? [])].sort();

function seededRandom(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('the timeline fan-out', () => {
  it('writes a new post to the author, every follower and every mentioned user', async () => {
    const world = memoryWorld();
    world.follow('ann', 'bob');
    world.follow('cat', 'bob');
    const post = world.post('bob', ['dan']);
    for (const change of world.log) await apply(world, change);
    for (const owner of ['bob', 'ann', 'cat']) expect(sorted(world.timelines.get(owner))).toEqual([post.id]);
    expect(sorted(world.mentions.get('dan'))).toEqual([post.id]);
    expect(world.timelines.get('dan')?.size ?? 0).toBe(0);
  });

  it('removes a deleted post everywhere', async () => {
    const world = memoryWorld();
    world.follow('ann', 'bob');
    const post = world.post('bob', ['cat']);
    for (const change of world.log) await apply(world, change);
    world.deletePost(post);
    await apply(world, { kind: 'post_deleted', post });
    expect(sorted(world.timelines.get('ann'))).toEqual([]);
    expect(sorted(world.timelines.get('bob'))).toEqual([]);
    expect(sorted(world.mentions.get('cat'))).toEqual([]);
  });

  it('backfills at most the recent posts on follow and removes them on unfollow', async () => {
    const world = memoryWorld();
    const posts = Array.from({ length: TIMELINE_RULES.backfillPosts + 5 }, () => world.post('bob'));
    world.follow('ann', 'bob');
    await apply(world, { kind: 'follow_created', followerId: 'ann', followeeId: 'bob' });
    const newest = posts
      .slice(-TIMELINE_RULES.backfillPosts)
      .map((post) => post.id)
      .sort();
    expect(sorted(world.timelines.get('ann'))).toEqual(newest);
    world.unfollow('ann', 'bob');
    await apply(world, { kind: 'follow_deleted', followerId: 'ann', followeeId: 'bob' });
    expect(sorted(world.timelines.get('ann'))).toEqual([]);
  });

  it("backfills the followee's reposts on follow and on unfollow removes only what came through them", async () => {
    const world = memoryWorld();
    const catsPost = world.post('cat');
    const repostId = world.repost('bob', catsPost);
    const gone = world.post('cat');
    world.repost('bob', gone);
    world.deletePost(gone);
    world.follow('ann', 'cat');
    world.follow('ann', 'bob');
    await apply(world, { kind: 'follow_created', followerId: 'ann', followeeId: 'cat' });
    await apply(world, { kind: 'follow_created', followerId: 'ann', followeeId: 'bob' });
    expect(sorted(world.timelines.get('ann'))).toEqual([catsPost.id, repostId].sort());
    world.unfollow('ann', 'bob');
    await apply(world, { kind: 'follow_deleted', followerId: 'ann', followeeId: 'bob' });
    expect(sorted(world.timelines.get('ann'))).toEqual([catsPost.id]);
  });

  it('does not fan out a celebrity: followers get a pull marker instead, once', async () => {
    const world = memoryWorld();
    const fans = Array.from(
      { length: TIMELINE_RULES.celebrityFollowerThreshold + 1 },
      (_, index) => `fan${index}`,
    );
    for (const fan of fans) world.follow(fan, 'star');
    world.log.length = 0;
    const first = world.post('star');
    await apply(world, { kind: 'post_created', post: first });
    expect(world.celebritySince.has('star')).toBe(true);
    expect(world.pulls.get('fan7')?.has('star')).toBe(true);
    expect(world.timelines.get('fan7')?.size ?? 0).toBe(0);
    const batchesBefore = world.writeBatches.length;
    const second = world.post('star');
    await apply(world, { kind: 'post_created', post: second });
    expect(world.writeBatches.slice(batchesBefore)).toEqual([1]);
    expect(sorted(world.timelines.get('star'))).toEqual([first.id, second.id].sort());
  });

  it("keeps a celebrity's page digest: built on promotion, new posts in, deleted ones out", async () => {
    const world = memoryWorld();
    const fans = Array.from({ length: TIMELINE_RULES.celebrityFollowerThreshold + 1 }, (_, i) => `fan${i}`);
    for (const fan of fans) world.follow(fan, 'star');
    const before = world.post('star');
    world.log.length = 0;
    const promoting = world.post('star');
    await apply(world, { kind: 'post_created', post: promoting });
    expect(world.pageDigests.positions('star')).toEqual([promoting.id, before.id]);
    const later = world.post('star');
    await apply(world, { kind: 'post_created', post: later });
    await apply(world, { kind: 'post_created', post: later }); // a replay
    expect(world.pageDigests.positions('star')).toEqual([later.id, promoting.id, before.id]);
    world.deletePost(promoting);
    await apply(world, { kind: 'post_deleted', post: promoting });
    expect(world.pageDigests.positions('star')).toEqual([later.id, before.id]);
    // A post deleted before its INSERT was handled does not stay in the digest.
    const gone = world.post('star');
    world.deletePost(gone);
    await apply(world, { kind: 'post_created', post: gone });
    expect(world.pageDigests.positions('star')).toEqual([later.id, before.id]);
  });

  it('builds one digest holding both posts when two posts promote the author at once', async () => {
    const world = memoryWorld();
    for (let i = 0; i <= TIMELINE_RULES.celebrityFollowerThreshold; i++) world.follow(`fan${i}`, 'star');
    const [first, second] = [world.post('star'), world.post('star')];
    // Both records read the author before either promotion is recorded.
    await Promise.all([first, second].map((post) => apply(world, { kind: 'post_created', post })));
    expect(world.pageDigests.positions('star')).toEqual([second.id, first.id]);
  });

  it("keeps a celebrity's digest right whatever the order, duplication or concurrency of the records", async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const random = seededRandom(seed);
      const world = memoryWorld();
      world.celebritySince.set('star', new Date(NOW.getTime() - 20_000_000).toISOString());
      world.pageDigests.digests.set('star', {
        digest: { entries: [], complete: true, removed: [] },
        version: 1,
      });
      // More posts than the window, then many of them deleted again, the newest more often. By seed: the
      // deletions' records handled after the posts' (people deleting later); every record mixed together; or
      // the posts' records handled after the posts were deleted, then the deletions'.
      const live = Array.from({ length: 100 }, () => world.post('star'));
      const deliver = async (changes: StreamChange[]) => {
        const shuffled = [...changes, ...changes.filter(() => random() < 0.3)].sort(() => random() - 0.5);
        await Promise.all(shuffled.map((change) => apply(world, change)));
      };
      const creations = world.log.splice(0);
      if (seed % 3 === 0) await deliver(creations);
      for (let deletion = 0; deletion < 45; deletion++) {
        const index = Math.floor(live.length * Math.sqrt(random()));
        world.deletePost(live.splice(Math.min(index, live.length - 1), 1)[0] as Post);
      }
      const deletions = world.log.splice(0);
      if (seed % 3 === 1) await deliver([...creations, ...deletions]);
      if (seed % 3 === 2) await deliver(creations);
      if (seed % 3 !== 1) await deliver(deletions);
      // The digest holds the newest live posts with none missing between them, and all of them when complete.
      const held = world.pageDigests.positions('star') ?? [];
      const newest = world.page('star', held.length).posts.map((entry) => entry.position);
      expect(held, `seed ${seed}`).toEqual(newest);
      expect(held.length, `seed ${seed}`).toBeGreaterThanOrEqual(
        Math.min(live.length, TIMELINE_RULES.pulledPageWindow / 2),
      );
      if (world.pageDigests.digests.get('star')?.digest.complete)
        expect(held.length, `seed ${seed}`).toBe(world.page('star', 1_000).posts.length);
    }
  });

  it('gives an author who is not a celebrity no page digest', async () => {
    const world = memoryWorld();
    world.follow('ann', 'bob');
    const post = world.post('bob');
    await apply(world, { kind: 'post_created', post });
    expect(world.pageDigests.digests.size).toBe(0);
  });

  it('converges whatever the order, duplication or concurrency of the records', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = seededRandom(seed);
      const world = memoryWorld();
      const users = ['ann', 'bob', 'cat', 'dan', 'eve'];
      const pick = () => users[Math.floor(random() * users.length)] ?? 'ann';
      const live: Post[] = [];
      for (let step = 0; step < 60; step++) {
        const roll = random();
        const [a, b] = [pick(), pick()];
        if (roll < 0.4) live.push(world.post(a, random() < 0.3 ? [b] : []));
        else if (roll < 0.55 && live.length > 0)
          world.deletePost(live.splice(Math.floor(random() * live.length), 1)[0] as Post);
        else if (roll < 0.8 && a !== b) world.follow(a, b);
        else if (a !== b) world.unfollow(a, b);
      }
      const deliveries = [...world.log, ...world.log.filter(() => random() < 0.3)].sort(() => random() - 0.5);
      await Promise.all(deliveries.map((change) => apply(world, change)));
      for (const user of users) {
        expect(sorted(world.timelines.get(user)), `seed ${seed}, ${user}`).toEqual(
          world.expectedTimeline(user),
        );
      }
    }
  });
});

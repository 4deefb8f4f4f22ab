import { beforeAll, describe, expect, it } from 'vitest';
import { authorPage } from '#shared/db/author-page';
import { readPageDigests } from '#shared/db/page-digest-repository';
import { postStore } from '#shared/db/post-repository';
import { relationshipReads } from '#shared/db/relationship-repository';
import { applyWrites, timelineReader } from '#shared/db/timeline-repository';
import { userDirectory } from '#shared/db/user-directory';
import { systemClock, ulidIds } from '#shared/domain/clock';
import { createPost } from '#shared/domain/post';
import { pulledAuthorPages } from '#shared/domain/pulled-page-cache';
import { PULLED_AUTHORS_IN_FLIGHT, readTimeline, TIMELINE_RULES } from '#shared/domain/timeline';
import { insertVerifiedUser, promoteToCelebrity } from '#test/factories/users';
import { createTestTable } from '#test/support/test-table';

const postDeps = {
  posts: postStore,
  users: userDirectory,
  relationships: relationshipReads,
  clock: systemClock,
  ids: ulidIds,
};
const TTL_MS = 5_000;

beforeAll(async () => {
  await createTestTable();
});

/** A promoted celebrity, followed (pull markers written directly) by `fans`. */
async function celebrityFollowedBy(fans: ReadonlyArray<{ id: string }>) {
  const star = (await insertVerifiedUser()).user;
  await promoteToCelebrity(star.id);
  await applyWrites(fans.map((fan) => ({ op: 'put_pull', ownerId: fan.id, celebrityId: star.id })));
  return star;
}

describe('the shared cache of pulled celebrity pages, on DynamoDB Local', () => {
  it('shows a celebrity’s new post to followers once the TTL has passed, and to the celebrity at once', async () => {
    // The cache's clock is separate from the posts' (real) clock, so the test moves past the TTL without waiting.
    let cacheNow = Date.now();
    const cacheClock = { now: () => new Date(cacheNow) };
    const reader = {
      ...timelineReader,
      pulledAuthorPages: pulledAuthorPages((id, page) => authorPage(id, page), {
        clock: cacheClock,
        ttlMs: TTL_MS,
        maxAuthors: TIMELINE_RULES.pulledPageCacheAuthors,
        window: TIMELINE_RULES.pulledPageWindow,
        inFlight: PULLED_AUTHORS_IN_FLIGHT,
        readDigests: readPageDigests,
      }),
    };
    const home = async (ownerId: string) =>
      (await readTimeline({ timeline: reader, clock: systemClock }, { ownerId, limit: 20 })).items.map(
        (post) => post.id,
      );
    const ann = (await insertVerifiedUser()).user;
    const bob = (await insertVerifiedUser()).user;
    const star = await celebrityFollowedBy([ann, bob]);
    const older = await createPost(postDeps, { authorId: star.id, text: 'an older post' });
    expect(await home(ann.id)).toEqual([older.id]);

    const newer = await createPost(postDeps, { authorId: star.id, text: 'just now' });
    // Another reader within the TTL is served the page ann's read cached: the documented staleness.
    expect(await home(bob.id)).toEqual([older.id]);
    // The celebrity's own timeline holds their entry, written with the post: read-your-writes.
    expect(await home(star.id)).toEqual([newer.id, older.id]);

    cacheNow += TTL_MS;
    expect(await home(bob.id)).toEqual([newer.id, older.id]);
    expect(await home(ann.id)).toEqual([newer.id, older.id]);
  });

  it('reads a timeline whose pull markers fill the first page: every marker and the newest entries', async () => {
    const fan = (await insertVerifiedUser()).user;
    const own = await createPost(postDeps, { authorId: fan.id, text: 'my own, oldest' });
    const stars = [];
    for (let index = 0; index < 22; index++) stars.push(await celebrityFollowedBy([fan]));
    const starPosts = [];
    for (const star of stars) starPosts.push(await createPost(postDeps, { authorId: star.id, text: 'hi' }));
    const served: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await readTimeline(
        { timeline: timelineReader, clock: systemClock },
        { ownerId: fan.id, limit: 20, cursor },
      );
      served.push(...page.items.map((post) => post.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(served).toEqual([...starPosts.map((post) => post.id).reverse(), own.id]);
  });
});

/**
 * Page digests on DynamoDB Local: stored and read back as the home timeline reads them (with reposts, and
 * what a malformed one does), concurrent changes of one digest, and the digest-celebrity-pages backfill for
 * celebrities promoted before digests existed. (Kept through the stream by the fan-outs:
 * timeline-fan-out.test.ts.)
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { postDeps } from '#functions/posts/deps';
import { db, tableName } from '#shared/db/client';
import { keys } from '#shared/db/keys';
import { backfillPageDigests } from '#shared/db/page-digest-backfill';
import { pageDigestStorage, readPageDigests } from '#shared/db/page-digest-repository';
import { ulidIds } from '#shared/domain/clock';
import { changePageDigest } from '#shared/domain/page-digest';
import { createPost } from '#shared/domain/post';
import { insertVerifiedUser, promoteToCelebrity } from '#test/factories/users';

async function promoted() {
  const star = (await insertVerifiedUser()).user;
  await promoteToCelebrity(star.id);
  return star;
}

/** A digest item as a bad write (or an older format) could leave it. */
async function writeBadDigest(authorId: string, attributes: Record<string, unknown>) {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.pageDigest(authorId), type: 'PAGE_DIGEST', ...attributes },
    }),
  );
}

const positionsOf = async (authorId: string) =>
  (await readPageDigests([authorId])).get(authorId)?.posts.map((entry) => entry.position);

describe('page digests on DynamoDB Local', () => {
  it('stores a digest and reads it back as the page shows it, reposts marked', async () => {
    const star = await promoted();
    const post = await createPost(postDeps, {
      authorId: star.id,
      text: 'a post with #tags and a link https://example.com',
    });
    const by = { id: star.id, username: star.username, firstName: star.firstName, lastName: star.lastName };
    const repostId = ulidIds.next(new Date());
    const reposted = { ...post, repostId, repostedBy: by, repostedAt: new Date().toISOString() };
    const entries = [
      { position: repostId, post: reposted },
      { position: post.id, post },
    ];
    expect(await pageDigestStorage.write(star.id, { entries, complete: true, removed: [] }, null)).toBe(true);
    // Only one writer can create it, and only the version it read can be overwritten.
    expect(await pageDigestStorage.write(star.id, { entries: [], complete: true, removed: [] }, null)).toBe(
      false,
    );
    expect(await pageDigestStorage.write(star.id, { entries: [], complete: true, removed: [] }, 7)).toBe(
      false,
    );
    const page = (await readPageDigests([star.id, 'nobody'])).get(star.id);
    expect(page?.exhausted).toBe(true);
    expect(page?.posts.map((entry) => entry.position)).toEqual([repostId, post.id]);
    expect(page?.posts[0]?.post).toMatchObject({ id: post.id, repostId, repostedBy: by, text: post.text });
    expect(page?.posts[1]?.post).toMatchObject({ id: post.id, entities: post.entities, author: post.author });
    expect(page?.posts[1]?.post.repostId).toBeUndefined();
    // Only the newest entry (a first page of 1): the digest says it holds more.
    const newest = (await readPageDigests([star.id], 1)).get(star.id);
    expect(newest?.posts.map((entry) => entry.position)).toEqual([repostId]);
    expect(newest?.exhausted).toBe(false);
    expect((await readPageDigests([star.id], 5)).get(star.id)).toMatchObject({ exhausted: true });
  });

  it('leaves a malformed digest unused instead of failing the home page', async () => {
    const star = await promoted();
    await writeBadDigest(star.id, { version: 1, complete: true, entries: [{ position: 'x' }] });
    expect((await readPageDigests([star.id])).has(star.id)).toBe(false);
    // The next change of it rebuilds it from the page, over the bad one.
    const post = await createPost(postDeps, { authorId: star.id, text: 'after the bad write' });
    await changePageDigest(pageDigestStorage, star.id, { op: 'add', entry: { position: post.id, post } });
    expect(await positionsOf(star.id)).toEqual([post.id]);
    expect((await pageDigestStorage.read(star.id))?.version).toBe(2);
  });

  it('rewrites a digest with no list of entries or a version that is not a number, keeping its removals', async () => {
    const star = await promoted();
    const kept = await createPost(postDeps, { authorId: star.id, text: 'still here' });
    const gone = await createPost(postDeps, { authorId: star.id, text: 'deleted, the index lagging' });
    await writeBadDigest(star.id, { version: '3', complete: true, entryCount: 0, removed: [gone.id] });
    expect((await readPageDigests([star.id])).has(star.id)).toBe(false);
    const next = await createPost(postDeps, { authorId: star.id, text: 'next' });
    await changePageDigest(pageDigestStorage, star.id, {
      op: 'add',
      entry: { position: next.id, post: next },
    });
    // The lagging index still shows the removed post: the remembered removal keeps it out.
    expect(await positionsOf(star.id)).toEqual([next.id, kept.id]);
  });

  it('applies concurrent changes of one digest, none lost', async () => {
    const star = await promoted();
    await pageDigestStorage.write(star.id, { entries: [], complete: true, removed: [] }, null);
    const posts = [];
    for (let index = 0; index < 6; index++)
      posts.push(await createPost(postDeps, { authorId: star.id, text: `post ${index}` }));
    await Promise.all(
      posts.map((post) =>
        changePageDigest(pageDigestStorage, star.id, { op: 'add', entry: { position: post.id, post } }),
      ),
    );
    expect(await positionsOf(star.id)).toEqual(posts.map((post) => post.id).reverse());
  });

  it('gives celebrities promoted before digests theirs, once', async () => {
    const star = await promoted();
    const older = await createPost(postDeps, { authorId: star.id, text: 'older' });
    const newer = await createPost(postDeps, { authorId: star.id, text: 'newer' });
    const plain = (await insertVerifiedUser()).user;
    await createPost(postDeps, { authorId: plain.id, text: 'not famous' });
    const first = await backfillPageDigests({ settleMs: 0 });
    expect(first.built).toBeGreaterThanOrEqual(1);
    expect(await positionsOf(star.id)).toEqual([newer.id, older.id]);
    expect((await readPageDigests([star.id])).get(star.id)?.exhausted).toBe(true);
    expect(await positionsOf(plain.id)).toBeUndefined();
    const second = await backfillPageDigests({ settleMs: 0 });
    expect(second.built).toBe(0);
    expect(second.existing).toBe(first.built + first.existing);
    // A digest gone wrong (here: holding a post that is not on the page) is written again by --rebuild.
    const stray = { ...newer, id: ulidIds.next(new Date()) };
    const current = await pageDigestStorage.read(star.id);
    await pageDigestStorage.write(
      star.id,
      {
        ...(current?.digest ?? { complete: true, removed: [] }),
        entries: [{ position: stray.id, post: stray }],
      },
      current?.version ?? null,
    );
    const rebuilt = await backfillPageDigests({ settleMs: 0, rebuild: true });
    expect(rebuilt.built).toBe(first.built + first.existing);
    expect(await positionsOf(star.id)).toEqual([newer.id, older.id]);
  });
});

/**
 * A user's page as one index (GSI3 `PAGE#<user>`): posts and reposts come back from one Query, and the
 * index-author-pages migration puts items written before it on their pages, the same after a second run. (An
 * older local table getting the index at start-up: local-dynamodb.test.ts.)
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authorPage } from '#shared/db/author-page';
import { backfillAuthorPageIndex, backfillAuthorPageIndexOnce } from '#shared/db/author-page-index-backfill';
import { db, tableName } from '#shared/db/client';
import { engagementItem, engagementStore } from '#shared/db/engagement-repository';
import { keys } from '#shared/db/keys';
import { postItem } from '#shared/db/post-item';
import { ulidIds } from '#shared/domain/clock';
import type { Engagement } from '#shared/domain/engagement/engagement';
import type { Post } from '#shared/domain/post';
import { toUserSummary } from '#shared/domain/user';
import { insertVerifiedUser } from '#test/factories/users';

afterEach(() => {
  vi.restoreAllMocks();
});

function postBy(author: Post['author'], text: string): Post {
  const now = new Date();
  return {
    id: ulidIds.next(now),
    author,
    text,
    entities: { urls: [], mentions: [], hashtags: [] },
    replyTo: null,
    attachments: [],
    createdAt: now.toISOString(),
    replyCount: 0,
    likeCount: 0,
    repostCount: 0,
  };
}

function repostOf(post: Post, userId: string): Engagement {
  const now = new Date();
  return {
    kind: 'repost',
    id: ulidIds.next(now),
    userId,
    postId: post.id,
    postAuthorId: post.author.id,
    createdAt: now.toISOString(),
  };
}

/** An item as versions before the index wrote it: without its GSI3 keys. */
async function writeTheOldWay(item: Record<string, unknown>): Promise<void> {
  const { GSI3PK, GSI3SK, ...older } = item;
  expect(GSI3PK).toBeDefined();
  await db().send(new PutCommand({ TableName: tableName(), Item: older }));
}

const texts = (page: Awaited<ReturnType<typeof authorPage>>) =>
  page.posts.map((entry) => `${entry.post.text}${entry.post.repostedBy ? ' (repost)' : ''}`);

describe("a user's page", () => {
  it('reads posts and reposts with one Query (and one BatchGet for the reposted posts)', async () => {
    const [{ user: ada }, { user: bob }] = await Promise.all([insertVerifiedUser(), insertVerifiedUser()]);
    const adas = postBy(toUserSummary(ada), 'by Ada');
    const older = postBy(toUserSummary(bob), 'bob 1');
    await db().send(new PutCommand({ TableName: tableName(), Item: postItem(adas) }));
    await db().send(new PutCommand({ TableName: tableName(), Item: postItem(older) }));
    await engagementStore.add(repostOf(adas, bob.id));
    const newer = postBy(toUserSummary(bob), 'bob 2');
    await db().send(new PutCommand({ TableName: tableName(), Item: postItem(newer) }));

    const send = vi.spyOn(db(), 'send');
    const page = await authorPage(bob.id, { limit: 20 });
    const sent = send.mock.calls.map(([command]) => command.constructor.name);
    expect(sent).toEqual(['QueryCommand', 'BatchGetCommand']);
    expect(texts(page)).toEqual(['bob 2', 'by Ada (repost)', 'bob 1']);
    expect(page.exhausted).toBe(true);

    send.mockClear();
    const postsOnly = await authorPage(ada.id, { limit: 20 });
    expect(send.mock.calls.map(([command]) => command.constructor.name)).toEqual(['QueryCommand']);
    expect(texts(postsOnly)).toEqual(['by Ada']);
  });

  it('pages by position and says when a page ends the list', async () => {
    const { user: ada } = await insertVerifiedUser();
    const posts = [postBy(toUserSummary(ada), 'a1'), postBy(toUserSummary(ada), 'a2')];
    for (const post of posts)
      await db().send(new PutCommand({ TableName: tableName(), Item: postItem(post) }));
    const first = await authorPage(ada.id, { limit: 1 });
    expect(texts(first)).toEqual(['a2']);
    expect(first.exhausted).toBe(false);
    const second = await authorPage(ada.id, { limit: 1, before: first.posts[0]?.position });
    expect(texts(second)).toEqual(['a1']);
    expect(second.exhausted).toBe(true);
  });
  it('reads on past reposts of deleted posts, so the page is not cut short', async () => {
    const [{ user: ada }, { user: bob }] = await Promise.all([insertVerifiedUser(), insertVerifiedUser()]);
    const older = postBy(toUserSummary(bob), 'bob before');
    await db().send(new PutCommand({ TableName: tableName(), Item: postItem(older) }));
    const adas = [1, 2, 3].map((n) => postBy(toUserSummary(ada), `gone ${n}`));
    for (const post of adas) {
      await db().send(new PutCommand({ TableName: tableName(), Item: postItem(post) }));
      await engagementStore.add(repostOf(post, bob.id));
      await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.post(ada.id, post.id) }));
    }
    // The posts are gone, and the clean-up reaction (not run here) has not removed the edges yet.
    const page = await authorPage(bob.id, { limit: 2 });
    expect(texts(page)).toEqual(['bob before']);
    expect(page.exhausted).toBe(true);
  });
});

describe('the index-author-pages migration', () => {
  it('puts older posts and reposts on their pages, and a second run changes nothing', async () => {
    const [{ user: ada }, { user: bob }] = await Promise.all([insertVerifiedUser(), insertVerifiedUser()]);
    const adas = postBy(toUserSummary(ada), 'by Ada');
    const bobs = postBy(toUserSummary(bob), 'by Bob');
    const repost = repostOf(adas, bob.id);
    const like = { ...repostOf(bobs, ada.id), kind: 'like' as const };
    for (const item of [postItem(adas), postItem(bobs), engagementItem(repost)]) await writeTheOldWay(item);
    // A like is on nobody's page: it never gets the keys.
    await db().send(new PutCommand({ TableName: tableName(), Item: engagementItem(like) }));
    expect(texts(await authorPage(bob.id, { limit: 20 }))).toEqual([]);

    const first = await backfillAuthorPageIndex();
    expect(first).toEqual({ indexed: 3, skipped: 0 });
    expect(texts(await authorPage(bob.id, { limit: 20 }))).toEqual(['by Ada (repost)', 'by Bob']);
    expect(texts(await authorPage(ada.id, { limit: 20 }))).toEqual(['by Ada']);

    expect(await backfillAuthorPageIndex()).toEqual({ indexed: 0, skipped: 0 });
  });

  it('does not bring back an item deleted after the Scan read it', async () => {
    const { user: ada } = await insertVerifiedUser();
    const gone = postBy(toUserSummary(ada), 'deleted meanwhile');
    await writeTheOldWay(postItem(gone));
    const send = db().send.bind(db());
    vi.spyOn(db(), 'send').mockImplementation((async (command: { constructor: { name: string } }) => {
      // The delete lands between the Scan page and the migration's write.
      if (command.constructor.name === 'UpdateCommand') {
        await send(new DeleteCommand({ TableName: tableName(), Key: keys.post(ada.id, gone.id) }));
      }
      return send(command as never);
    }) as never);
    expect(await backfillAuthorPageIndex()).toEqual({ indexed: 0, skipped: 1 });
    vi.restoreAllMocks();
    expect(texts(await authorPage(ada.id, { limit: 20 }))).toEqual([]);
  });

  it('runs once per table from the local stack: again after a start stopped halfway, then never', async () => {
    const target = { client: db(), tableName: tableName() };
    // As if a start had been stopped before the end: no record of a finished run.
    await db().send(
      new DeleteCommand({ TableName: tableName(), Key: keys.migrationDone('author-page-index') }),
    );
    const { user: ada } = await insertVerifiedUser();
    await writeTheOldWay(postItem(postBy(toUserSummary(ada), 'left over')));
    expect(await backfillAuthorPageIndexOnce(target)).toEqual({ indexed: 1, skipped: 0 });
    await writeTheOldWay(postItem(postBy(toUserSummary(ada), 'written by hand since')));
    expect(await backfillAuthorPageIndexOnce(target)).toBeUndefined();
    expect(texts(await authorPage(ada.id, { limit: 20 }))).toEqual(['left over']);
  });
});

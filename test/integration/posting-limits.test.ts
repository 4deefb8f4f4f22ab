/**
 * Posting limits on DynamoDB Local: posts, replies and direct messages count in their author's windows in the
 * write's own transaction (shared/db/rate-limiter.ts `windowCharges`), at the time the domain's clock gives
 * them, which the tests move. Small limits for this file's process: a burst of 3 a minute, 5 a day, 2 messages
 * an hour.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { postDeps } from '#functions/posts/deps';
import { db } from '#shared/db/client';
import { followStore } from '#shared/db/follow-repository';
import { messageStore } from '#shared/db/message-repository';
import { postStore } from '#shared/db/post-repository';
import { userDirectory } from '#shared/db/user-directory';
import { ulidIds } from '#shared/domain/clock';
import { sendMessage } from '#shared/domain/messages';
import { createPost, deletePost, type Post, type PostDependencies } from '#shared/domain/post';
import { RateLimitedError } from '#shared/errors';
import { countPostItems } from '#test/factories/posts';
import { insertVerifiedUser } from '#test/factories/users';

process.env.RATE_LIMITS = JSON.stringify({
  'post:burst': { limit: 3, windowSeconds: 60 },
  'post:daily': { limit: 5, windowSeconds: 86_400 },
  'message:user': { limit: 2, windowSeconds: 3600 },
});

afterAll(() => {
  delete process.env.RATE_LIMITS;
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** A UTC midnight far ahead, so no counter of this file is ever past its TTL. */
const MIDNIGHT = Date.parse('2031-06-01T00:00:00Z');

/**
 * The process's clock stopped at MIDNIGHT and moved by the test (only `Date`: timers and the SDK's own waits run
 * as usual): the windows are the current ones, and the domain dates posts with the same clock.
 */
function world() {
  vi.useFakeTimers({ toFake: ['Date'], now: MIDNIGHT });
  const clock = { now: () => new Date() };
  const deps: PostDependencies = { ...postDeps, clock };
  const messageDeps = { messages: messageStore, users: userDirectory, clock, ids: ulidIds };
  return {
    deps,
    messageDeps,
    advance: (seconds: number) => {
      vi.setSystemTime(Date.now() + seconds * 1000);
    },
  };
}

async function refusal(attempt: Promise<unknown>): Promise<RateLimitedError> {
  const error = await attempt.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RateLimitedError);
  return error as RateLimitedError;
}

describe('the posting windows', () => {
  it('refuses the post after the burst with the seconds left, writing nothing, and counts a post only once', async () => {
    const { deps, advance } = world();
    const { user: ada } = await insertVerifiedUser();
    const post = (text: string) => createPost(deps, { authorId: ada.id, text });
    const first = await post('one');
    // A redelivered SMS writes the same post again: it is not counted again.
    await postStore.insert(first);
    await post('two');
    advance(20);
    await post('three');
    const error = await refusal(post('four'));
    expect(error.statusCode).toBe(429);
    expect(error.retryAfterSeconds).toBe(40);
    expect(error.message).toMatch(/too fast/);
    expect(await countPostItems(ada.id)).toBe(3);
    expect((await userDirectory.getById(ada.id))?.postCount).toBe(3);
  });

  it('counts a refused attempt nowhere, and refuses past the day with the seconds until midnight', async () => {
    const { deps, advance } = world();
    const { user: ada } = await insertVerifiedUser();
    const post = (text: string) => createPost(deps, { authorId: ada.id, text });
    for (const text of ['a', 'b', 'c']) await post(text);
    // Refused by the burst: had it counted in the day, the day would be full one post sooner.
    await refusal(post('refused'));
    await refusal(post('refused again'));
    advance(60);
    await post('d');
    await post('e');
    const error = await refusal(post('f'));
    expect(error.retryAfterSeconds).toBe(86_400 - 60);
    expect(error.message).toMatch(/posting limit for today/);
    expect(await countPostItems(ada.id)).toBe(5);
  });

  it('answers with the longer wait when both windows are full', async () => {
    const { deps, advance } = world();
    const { user: ada } = await insertVerifiedUser();
    const post = (text: string) => createPost(deps, { authorId: ada.id, text });
    for (const text of ['a', 'b']) await post(text);
    advance(60);
    for (const text of ['c', 'd', 'e']) await post(text);
    const error = await refusal(post('f'));
    expect(error.retryAfterSeconds).toBe(86_400 - 60);
    expect(error.message).toMatch(/posting limit for today/);
  });

  it('counts replies, refunds nothing on delete, and does not count a post that breaks a text rule', async () => {
    const { deps } = world();
    const { user: ada } = await insertVerifiedUser();
    const post = (text: string, replyTo?: string) => createPost(deps, { authorId: ada.id, text, replyTo });
    const first = await post('first');
    await post('a reply', first.id);
    await expect(post('x'.repeat(141))).rejects.toMatchObject({ code: 'post_too_long' });
    const third: Post = await post('third');
    await deletePost(deps, { callerId: ada.id, postId: third.id });
    await refusal(post('fourth'));
  });

  it('keeps each account to its own budget', async () => {
    const { deps } = world();
    const [{ user: ada }, { user: bob }] = await Promise.all([insertVerifiedUser(), insertVerifiedUser()]);
    for (const text of ['a', 'b', 'c']) await createPost(deps, { authorId: ada.id, text });
    await refusal(createPost(deps, { authorId: ada.id, text: 'd' }));
    await expect(createPost(deps, { authorId: bob.id, text: 'bob once' })).resolves.toBeDefined();
  });

  it('counts a post dated earlier (an SMS handled late) in the current windows', async () => {
    const { deps, advance } = world();
    const { user: ada } = await insertVerifiedUser();
    const arrived = new Date();
    advance(120);
    const late = { ...deps, clock: { now: () => arrived } };
    for (const text of ['a', 'b', 'c']) await createPost(late, { authorId: ada.id, text });
    // Counted two minutes after the window they are dated in: this window is full, and it says how long for.
    const error = await refusal(createPost(deps, { authorId: ada.id, text: 'd' }));
    expect(error.retryAfterSeconds).toBe(60);
  });

  it('answers a replayed post with success even when its windows are full now', async () => {
    const { deps } = world();
    const { user: ada } = await insertVerifiedUser();
    const posts: Post[] = [];
    for (const text of ['a', 'b', 'c']) posts.push(await createPost(deps, { authorId: ada.id, text }));
    await expect(postStore.insert(posts[0] as Post)).resolves.toBeUndefined();
    await refusal(createPost(deps, { authorId: ada.id, text: 'd' }));
  });

  it('costs no round trip of its own: the author read, then one transaction', async () => {
    const { deps } = world();
    const { user: ada } = await insertVerifiedUser();
    const send = vi.spyOn(db(), 'send');
    await createPost(deps, { authorId: ada.id, text: 'one write' });
    expect(send.mock.calls.map(([command]) => command.constructor.name)).toEqual([
      'GetCommand',
      'TransactWriteCommand',
    ]);
  });
});

describe('direct messages', () => {
  /** Ada, who may message Bob when he follows her, and a way to send him one. */
  async function correspondents({ recipientFollows }: { recipientFollows: boolean }) {
    const { deps, messageDeps } = world();
    const [{ user: ada }, { user: bob }] = await Promise.all([insertVerifiedUser(), insertVerifiedUser()]);
    if (recipientFollows) {
      await followStore.follow({
        followerId: bob.id,
        followeeId: ada.id,
        createdAt: new Date().toISOString(),
      });
    }
    const message = (text: string) =>
      sendMessage(messageDeps, { senderId: ada.id, recipientUsername: bob.username, text });
    return { deps, ada, bob, message };
  }

  it('count in their own budget and the posting windows; one refused by its budget counts nowhere', async () => {
    const { deps, ada, message } = await correspondents({ recipientFollows: true });
    await message('hi');
    await message('again');
    const refused = await refusal(message('a third'));
    expect(refused.message).not.toMatch(/too fast|today/);
    // Two messages used two of the burst's three: the refused one did not take the third.
    await createPost(deps, { authorId: ada.id, text: 'a post' });
    const error = await refusal(createPost(deps, { authorId: ada.id, text: 'one too many' }));
    expect(error.message).toMatch(/too fast/);
  });

  it('count nowhere when refused because the recipient does not follow the sender', async () => {
    const { deps, ada, message } = await correspondents({ recipientFollows: false });
    for (let attempt = 0; attempt < 4; attempt++) {
      await expect(message('hi')).rejects.toMatchObject({ code: 'not_followed_by_recipient' });
    }
    for (const text of ['a', 'b', 'c']) await createPost(deps, { authorId: ada.id, text });
  });

  it('write nothing when refused', async () => {
    const { ada, bob, message } = await correspondents({ recipientFollows: true });
    await message('one');
    await message('two');
    await refusal(message('three'));
    const page = await messageStore.pageMessages(ada.id, bob.id, { limit: 10 });
    expect(page.items.map((sent) => sent.text)).toEqual(['two', 'one']);
  });
});

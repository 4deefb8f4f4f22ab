/**
 * Posting limits over the domain's createPost and sendMessage, with an in-memory limiter of the same fixed-window
 * semantics as the table's and a clock the test moves: the real default numbers, a whole simulated day.
 */
import { describe, expect, it } from 'vitest';
import { ulidIds } from '#shared/domain/clock';
import { createPost, deletePost, type Post, type PostStore } from '#shared/domain/post';
import { messageCounter, postingCounter } from '#shared/domain/posting-limits';
import { publicConfig } from '#shared/domain/public-config';
import { DEFAULT_RATE_LIMITS, type RateLimits } from '#shared/domain/rate-limits';
import { RateLimitedError } from '#shared/errors';
import { memoryRateLimiter } from '#test/factories/rate-limits';
import { makeRelationships } from '#test/factories/relationships';
import { makeUser } from '#test/factories/user-records';

const MIDNIGHT = Date.parse('2026-12-02T00:00:00Z');
const ada = makeUser();
const bob = makeUser({ username: 'bob', firstName: 'Bob' });

function world(limits: Partial<RateLimits> = {}) {
  let now = MIDNIGHT;
  const stored = new Map<string, Post>();
  const posts: PostStore = {
    insert: async (post) => void stored.set(post.id, post),
    findById: async (id) => stored.get(id),
    remove: async (post) => void stored.delete(post.id),
    pageByAuthor: async () => ({ items: [], nextCursor: null }),
    pageReplies: async () => ({ items: [], nextCursor: null }),
  };
  const users = {
    getById: async (id: string) => [ada, bob].find((user) => user.id === id),
    findByUsername: async (name: string) => [ada, bob].find((user) => user.username === name),
  };
  const rateLimit = memoryRateLimiter({ limits, nowMs: () => now });
  const deps = {
    posts,
    users,
    relationships: makeRelationships(),
    countPost: postingCounter(rateLimit),
    clock: { now: () => new Date(now) },
    ids: ulidIds,
  };
  return {
    deps,
    rateLimit,
    stored,
    post: (text = 'hello', replyTo?: string) => createPost(deps, { authorId: ada.id, text, replyTo }),
    advance: (ms: number) => {
      now += ms;
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

describe('the daily posting limit', () => {
  it('accepts 1,000 posts spread over a UTC day and refuses the 1,001st with the seconds until midnight', async () => {
    const { post, advance, stored } = world();
    // 80 s apart: 135 posts per 3-hour burst window, well under its 300, so only the day's limit binds.
    for (let index = 0; index < 1000; index++) {
      await post(`post ${index}`);
      advance(80_000);
    }
    expect(stored.size).toBe(1000);
    const error = await refusal(post('one too many'));
    expect(error.statusCode).toBe(429);
    expect(error.retryAfterSeconds).toBe(86_400 - 80_000);
    expect(error.message).toMatch(/posting limit for today/);
    expect(stored.size).toBe(1000);
    advance((86_400 - 80_000) * 1000);
    await expect(post('a new day')).resolves.toMatchObject({ text: 'a new day' });
  });
});

describe('the burst limit', () => {
  it('refuses the 301st post within three hours, with the seconds left in the window', async () => {
    const { post, advance } = world();
    for (let index = 0; index < 300; index++) await post(`burst ${index}`);
    advance(60_000);
    const error = await refusal(post('too fast'));
    expect(error.retryAfterSeconds).toBe(10_800 - 60);
    expect(error.message).toMatch(/too fast/);
  });

  it('counts replies, refunds nothing on delete, and does not count a post that breaks a text rule', async () => {
    const { deps, post } = world({ 'post:burst': { limit: 3, windowSeconds: 60 } });
    const first = await post('first');
    await post('a reply', first.id);
    await expect(post('x'.repeat(141))).rejects.toMatchObject({ code: 'post_too_long' });
    const third = await post('third');
    await deletePost(deps, { callerId: ada.id, postId: third.id });
    await refusal(post('fourth'));
  });

  it('keeps each account to its own budget', async () => {
    const { deps, post } = world({ 'post:burst': { limit: 1, windowSeconds: 60 } });
    await post('ada once');
    await refusal(post('ada twice'));
    await expect(createPost(deps, { authorId: bob.id, text: 'bob once' })).resolves.toBeDefined();
  });
});

describe('counting both windows', () => {
  it('counts the burst window and the day at once, not one after the other', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const countPost = postingCounter(async () => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight -= 1;
    });
    await countPost(ada.id);
    expect(mostInFlight).toBe(2);
  });

  it('counts an attempt the burst window refuses in the day as well', async () => {
    const rateLimit = memoryRateLimiter({ limits: { 'post:burst': { limit: 1, windowSeconds: 60 } } });
    const countPost = postingCounter(rateLimit);
    await countPost(ada.id);
    await refusal(countPost(ada.id));
    const dailyHits = [...rateLimit.hits].filter(([key]) => key.startsWith('post:daily'));
    expect(dailyHits.map(([, hits]) => hits)).toEqual([2]);
  });

  it('answers with the longer wait when both windows refuse', async () => {
    const rateLimit = memoryRateLimiter({
      limits: {
        'post:burst': { limit: 1, windowSeconds: 60 },
        'post:daily': { limit: 1, windowSeconds: 86_400 },
      },
      nowMs: () => MIDNIGHT,
    });
    const countPost = postingCounter(rateLimit);
    await countPost(ada.id);
    const error = await refusal(countPost(ada.id));
    expect(error.retryAfterSeconds).toBe(86_400);
    expect(error.message).toMatch(/posting limit for today/);
  });

  it('fails with the store error, not a refusal, when counting itself fails', async () => {
    const countPost = postingCounter(async (policy) => {
      if (policy === 'post:daily') throw new Error('table unavailable');
    });
    await expect(countPost(ada.id)).rejects.toThrow('table unavailable');
  });
});

describe('direct messages', () => {
  it('count against their own message budget and the posting limits', async () => {
    const rateLimit = memoryRateLimiter({ limits: { 'post:burst': { limit: 2, windowSeconds: 60 } } });
    const countPost = postingCounter(rateLimit);
    const countMessage = messageCounter(rateLimit);
    await countPost(ada.id);
    await countMessage(ada.id);
    await refusal(countPost(ada.id));
    expect([...rateLimit.hits.entries()].filter(([key]) => key.startsWith('message:user'))).toHaveLength(1);
  });

  it('count the message budget and both posting windows at once, and a message refused by its budget as posting', async () => {
    const started: string[] = [];
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const rateLimit = memoryRateLimiter({ limits: { 'message:user': { limit: 1, windowSeconds: 60 } } });
    const countMessage = messageCounter(async (policy, subject) => {
      started.push(policy);
      if (started.length === 3) release();
      await released;
      await rateLimit(policy, subject);
    });
    await countMessage(ada.id);
    expect(started).toEqual(['message:user', 'post:burst', 'post:daily']);
    await refusal(countMessage(ada.id));
    const burstHits = [...rateLimit.hits].filter(([key]) => key.startsWith('post:burst'));
    expect(burstHits.map(([, hits]) => hits)).toEqual([2]);
  });
});

describe('GET /v1/config', () => {
  it('publishes the posting limits in force, the operator overrides included', () => {
    const limits = { ...DEFAULT_RATE_LIMITS, 'post:daily': { limit: 50, windowSeconds: 86_400 } };
    expect(publicConfig({ maxBodyBytes: 16_384, rateLimits: limits }).posts.limits).toMatchObject({
      burst: { limit: 300, windowSeconds: 10_800 },
      daily: { limit: 50, windowSeconds: 86_400 },
    });
  });
});

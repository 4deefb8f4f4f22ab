/**
 * Profiles, page designs and user search over HTTP against the local stack. The search index is kept by a
 * stream consumer, so tests wait for the stream poller before searching.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack';
import { db, tableName } from '#shared/db/client';
import { DEFAULT_DESIGN, DESIGN_PRESETS } from '#shared/domain/design';
import { type ApiClient, apiClient } from '#test/factories/api-client';
import { latestMailTo, verifyApiPath } from '#test/factories/mailbox';
import { insertVerifiedUser, type TestUser } from '#test/factories/users';
import { startTestStack } from '#test/support/local-stack';

let stack: LocalStack;
let api: ApiClient;
const run = Date.now().toString(36);

beforeAll(async () => {
  process.env.RATE_LIMITS = JSON.stringify({ 'register:ip': { limit: 10_000, windowSeconds: 3600 } });
  stack = await startTestStack();
  api = apiClient(stack.url);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

async function search(q: string, limit?: number, cursor?: string) {
  const query = new URLSearchParams({
    q,
    ...(limit ? { limit: String(limit) } : {}),
    ...(cursor ? { cursor } : {}),
  });
  const response = await api.get(`/v1/users?${query}`);
  expect(response.status).toBe(200);
  return response.body as {
    items: { username: string; firstName: string; followerCount: number }[];
    nextCursor: string | null;
  };
}

async function profileItems(): Promise<string> {
  await stack.streams.drain();
  const { Items } = await db().send(
    new ScanCommand({
      TableName: tableName(),
      FilterExpression: '#type = :user',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':user': 'USER' },
    }),
  );
  return JSON.stringify(Items);
}

describe('profiles and designs', () => {
  let owner: TestUser;
  let visitor: TestUser;

  beforeAll(async () => {
    owner = await insertVerifiedUser({ username: `page_${run}`, firstName: 'Page', lastName: 'Owner' });
    visitor = await insertVerifiedUser();
  });

  it('shows a public profile with the default design, looked up in any case', async () => {
    const response = await api.get(`/v1/users/${owner.user.username.toUpperCase()}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      username: owner.user.username,
      firstName: 'Page',
      accountType: 'person',
      category: null,
      bio: null,
      followerCount: 0,
      postCount: 0,
      design: DEFAULT_DESIGN,
    });
    expect(response.body.email).toBeUndefined();
    expect(response.body.emailVerified).toBeUndefined();
  });

  it("saves a design that another user then sees on the owner's page", async () => {
    const design = {
      ...DESIGN_PRESETS.midnight,
      backgroundImageUrl: 'https://img.example.org/stars.png',
      backgroundTile: true,
    };
    const saved = await api.patch('/v1/me', { bio: 'Night owl', design }, { token: owner.accessToken });
    expect(saved.status).toBe(200);
    expect(saved.body.design).toEqual(design);
    const seen = await api.get(`/v1/users/${owner.user.username}`, { token: visitor.accessToken });
    expect(seen.body.design).toEqual(design);
    expect(seen.body.bio).toBe('Night owl');
  });

  it("tells a signed-in reader how they stand with the page's owner, and nobody else", async () => {
    const url = `/v1/users/${owner.user.username}`;
    expect((await api.put(`${url}/follow`, undefined, { token: visitor.accessToken })).status).toBe(204);
    const seen = await api.get(url, { token: visitor.accessToken });
    const none = { blocking: false, muting: false, requested: false };
    expect(seen.body.viewer).toEqual({ following: true, followedBy: false, ...none });
    const back = await api.get(`/v1/users/${visitor.user.username}`, { token: owner.accessToken });
    expect(back.body.viewer).toEqual({ following: false, followedBy: true, ...none });
    expect((await api.get(url)).body.viewer).toBeUndefined();
    expect((await api.get(url, { token: owner.accessToken })).body.viewer).toBeUndefined();
    expect((await api.delete(`${url}/follow`, { token: visitor.accessToken })).status).toBe(204);
    expect((await api.get(url, { token: visitor.accessToken })).body.viewer.following).toBe(false);
  });

  it('tells the reader whether they mute or block the owner, or wait for a follow request', async () => {
    const url = `/v1/users/${owner.user.username}`;
    const viewer = async () => (await api.get(url, { token: visitor.accessToken })).body.viewer;
    expect((await api.put(`${url}/mute`, undefined, { token: visitor.accessToken })).status).toBe(204);
    expect(await viewer()).toMatchObject({ muting: true, blocking: false, requested: false });
    expect((await api.patch('/v1/me', { protected: true }, { token: owner.accessToken })).status).toBe(200);
    expect((await api.put(`${url}/follow`, undefined, { token: visitor.accessToken })).status).toBe(202);
    expect(await viewer()).toMatchObject({ following: false, requested: true });
    expect((await api.put(`${url}/block`, undefined, { token: visitor.accessToken })).status).toBe(204);
    // The block withdrew the request.
    expect(await viewer()).toMatchObject({ blocking: true, muting: true, requested: false });
    for (const kind of ['block', 'mute']) {
      expect((await api.delete(`${url}/${kind}`, { token: visitor.accessToken })).status).toBe(204);
    }
    expect((await api.patch('/v1/me', { protected: false }, { token: owner.accessToken })).status).toBe(200);
    expect(await viewer()).toEqual({
      following: false,
      followedBy: false,
      blocking: false,
      muting: false,
      requested: false,
    });
  });

  it('refuses a low-contrast theme with the computed ratios, and changes nothing', async () => {
    const before = await profileItems();
    const response = await api.patch(
      '/v1/me',
      { design: { backgroundColor: '#ffffff', textColor: '#eeeeee' } },
      { token: visitor.accessToken },
    );
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('low_contrast');
    const text = response.body.error.details.contrast.find(
      (check: { pair: string }) => check.pair === 'textOnBackground',
    );
    expect(text).toMatchObject({ passes: false, minimum: 4.5 });
    expect(text.ratio).toBeLessThan(1.2);
    expect(await profileItems()).toBe(before);
  });

  it('shows a business account with its type and category', async () => {
    const cafe = await insertVerifiedUser({ firstName: 'Blue', lastName: 'Bottle' });
    const saved = await api.patch(
      '/v1/me',
      { accountType: 'business', category: 'Café' },
      { token: cafe.accessToken },
    );
    expect(saved.status).toBe(200);
    const page = await api.get(`/v1/users/${cafe.user.username}`);
    expect(page.body).toMatchObject({ accountType: 'business', category: 'Café' });
  });

  it.each([
    ['a colour in another form', { design: { linkColor: 'blue' } }, 'invalid_color'],
    ['a javascript: website', { website: 'javascript:alert(document.cookie)' }, 'invalid_url'],
    [
      'a data: background image',
      { design: { backgroundImageUrl: 'data:image/svg+xml,<svg/>' } },
      'invalid_url',
    ],
    ['an over-long bio', { bio: 'b'.repeat(161) }, 'bio_too_long'],
    ['a bidi override in a name', { lastName: 'Evil\u202Eexe.txt' }, 'invalid_name'],
    ['a business without a category', { accountType: 'business' }, 'category_required'],
    ['an unknown field', { verified: true }, 'validation_failed'],
  ])('refuses %s with 400 %s and writes nothing', async (_label, patch, code) => {
    const before = await profileItems();
    const response = await api.patch('/v1/me', patch, { token: visitor.accessToken });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe(code);
    expect(await profileItems()).toBe(before);
  });

  it('needs a token to edit, and answers 404 for an unknown page', async () => {
    expect((await api.patch('/v1/me', { bio: 'x' })).status).toBe(401);
    const missing = await api.get('/v1/users/nobody_by_this_name');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'user_not_found']);
  });

  it('publishes the design rules and presets in /v1/config', async () => {
    const { body } = await api.get('/v1/config');
    expect(body.profiles.design.presets.midnight).toEqual(DESIGN_PRESETS.midnight);
    expect(body.profiles.design.contrast).toMatchObject({ textOnBackground: 4.5, linkOnBackground: 3 });
  });
});

describe('user search', () => {
  const tag = `s${run}`.slice(0, 10);
  let jose: TestUser;

  beforeAll(async () => {
    jose = await insertVerifiedUser({ username: `${tag}_jose`, firstName: 'José', lastName: 'García' });
    await insertVerifiedUser({ username: `${tag}`, firstName: 'Exact', lastName: 'Match' });
    await insertVerifiedUser({ username: `${tag}_zed`, firstName: 'Zed', lastName: 'Zulu' });
    await insertVerifiedUser({ username: `other_${tag}`, firstName: `${tag}mann`, lastName: 'Named' });
    await stack.streams.drain();
  });

  it('puts the exact username first, then username prefixes, then names', async () => {
    const { items } = await search(tag.toUpperCase());
    expect(items.map((user) => user.username)).toEqual([tag, `${tag}_jose`, `${tag}_zed`, `other_${tag}`]);
  });

  it('finds people by first and last name, accents folded and case ignored', async () => {
    const byFirst = await search('JOSE');
    expect(byFirst.items.map((user) => user.username)).toContain(jose.user.username);
    const byLast = await search('garcía');
    expect(byLast.items.map((user) => user.username)).toContain(jose.user.username);
    const byFullName = await search('jose garc');
    expect(byFullName.items.map((user) => user.username)).toContain(jose.user.username);
  });

  it('pages through results with a cursor, each user once', async () => {
    const first = await search(tag, 2);
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await search(tag, 2, first.nextCursor ?? undefined);
    const all = [...first.items, ...second.items].map((user) => user.username);
    expect(all).toEqual([tag, `${tag}_jose`, `${tag}_zed`, `other_${tag}`]);
    const third = second.nextCursor ? await search(tag, 2, second.nextCursor) : { items: [] };
    expect(third.items).toEqual([]);
  });

  it('does not find unverified accounts until they verify', async () => {
    const username = `${tag}_unv`;
    const registered = await api.post('/v1/auth/register', {
      firstName: 'Quentin',
      lastName: 'Unverified',
      username,
      email: `${username}@example.org`,
      password: 'a long enough passphrase',
    });
    expect(registered.status).toBe(202);
    await stack.streams.drain();
    expect((await search(username)).items).toEqual([]);
    expect((await api.get(`/v1/users/${username}`)).status).toBe(404);

    expect((await api.get(verifyApiPath(await latestMailTo(api, `${username}@example.org`)))).status).toBe(
      200,
    );
    await stack.streams.drain();
    expect((await search(username)).items.map((user) => user.username)).toEqual([username]);
    expect((await api.get(`/v1/users/${username}`)).status).toBe(200);
  });

  it('updates results when a user renames themselves', async () => {
    const renamed = await insertVerifiedUser({ firstName: 'Oldname', lastName: `Before${tag}` });
    await stack.streams.drain();
    expect((await search(`before${tag}`)).items.map((user) => user.username)).toEqual([
      renamed.user.username,
    ]);
    const patched = await api.patch('/v1/me', { lastName: `After${tag}` }, { token: renamed.accessToken });
    expect(patched.status).toBe(200);
    await stack.streams.drain();
    expect((await search(`before${tag}`)).items).toEqual([]);
    expect((await search(`after${tag}`)).items.map((user) => user.username)).toEqual([renamed.user.username]);
  });

  it.each([
    ['an empty query', ''],
    ['a 51-character query', 'q'.repeat(51)],
  ])('refuses %s with 400', async (_label, q) => {
    const response = await api.get(`/v1/users?q=${encodeURIComponent(q)}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_query');
  });

  it('refuses a missing query and a tampered cursor', async () => {
    expect((await api.get('/v1/users')).status).toBe(400);
    const tampered = await api.get(
      `/v1/users?q=${tag}&cursor=${Buffer.from('[1,{"PK":"USER#x","SK":"PROFILE"}]').toString('base64url')}`,
    );
    expect([tampered.status, tampered.body.error.code]).toEqual([400, 'invalid_cursor']);
  });
});

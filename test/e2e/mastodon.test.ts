/**
 * The Mastodon-compatible API driven by a real client library (masto 7) against the local stack: register an
 * app, complete the authorization-code flow with PKCE by driving the authorize page over HTTP, then post,
 * reply, read the context, follow, page the home timeline, relationships, search, and revoke the token.
 * The same flow runs with form-encoded and JSON bodies for the OAuth steps.
 */
import { createHash, randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createOAuthAPIClient, createRestAPIClient, type mastodon } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack';
import { hashPassword } from '#shared/adapters/password-hasher';
import { db, tableName } from '#shared/db/client';
import { keys } from '#shared/db/keys';
import { apiClient } from '#test/factories/api-client';
import { latestMailTo, verifyApiPath } from '#test/factories/mailbox';
import { insertVerifiedUser } from '#test/factories/users';
import { startTestStack } from '#test/support/local-stack';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack();
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const PASSWORD = 'correct horse battery staple 42';
const REDIRECT_URI = 'com.example.skylarktest:/oauth-callback';

/** A verified user who can sign in with a password (the factory's users have no credentials item). */
async function userWithPassword() {
  const test = await insertVerifiedUser();
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.credentials(test.user.id),
        type: 'CREDENTIALS',
        passwordHash: await hashPassword(PASSWORD),
        tokensValidAfter: 0,
      },
    }),
  );
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.emailClaim(test.user.email), type: 'EMAIL', userId: test.user.id },
    }),
  );
  return { ...test.user, v1Token: test.accessToken };
}

type Encoding = 'form' | 'json' | 'masto';

function encode(body: Record<string, string>, encoding: Exclude<Encoding, 'masto'>): RequestInit {
  return encoding === 'json'
    ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
    : {
        body: new URLSearchParams(body).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      };
}

async function registerApp(encoding: Encoding) {
  const params = {
    client_name: `Test app (${encoding})`,
    redirect_uris: REDIRECT_URI,
    scopes: 'read write follow',
  };
  if (encoding === 'masto') {
    const rest = createRestAPIClient({ url: stack.url });
    const app = await rest.v1.apps.create({
      clientName: params.client_name,
      redirectUris: REDIRECT_URI,
      scopes: params.scopes,
    });
    return { clientId: String(app.clientId), clientSecret: String(app.clientSecret) };
  }
  const response = await fetch(`${stack.url}/api/v1/apps`, { method: 'POST', ...encode(params, encoding) });
  expect(response.status).toBe(200);
  const app = (await response.json()) as { client_id: string; client_secret: string; redirect_uri: string };
  expect(app.redirect_uri).toBe(REDIRECT_URI);
  return { clientId: app.client_id, clientSecret: app.client_secret };
}

/** Opens the authorize page, signs in on it, and returns the code from the redirect. */
async function authorize(clientId: string, login: string, verifier: string, state: string) {
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const query = new URLSearchParams({
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'read write follow',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const page = await fetch(`${stack.url}/oauth/authorize?${query}`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  const html = await page.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  const cookie = page.headers.get('set-cookie')?.split(';')[0];
  expect(csrf).toBeDefined();
  expect(cookie).toMatch(/^skylark_oauth_csrf=/);
  const form = new URLSearchParams(query);
  form.set('csrf', csrf ?? '');
  form.set('login', login);
  form.set('password', PASSWORD);
  form.set('decision', 'approve');
  const submitted = await fetch(`${stack.url}/oauth/authorize`, {
    method: 'POST',
    redirect: 'manual',
    body: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie ?? '' },
  });
  expect(submitted.status).toBe(302);
  const location = new URL(submitted.headers.get('location') ?? '');
  expect(`${location.protocol}${location.pathname}`).toBe(REDIRECT_URI);
  expect(location.searchParams.get('state')).toBe(state);
  return location.searchParams.get('code') ?? '';
}

async function signIn(encoding: Encoding, login: string): Promise<string> {
  const app = await registerApp(encoding);
  const verifier = randomBytes(32).toString('base64url');
  const code = await authorize(app.clientId, login, verifier, `state-${encoding}`);
  if (encoding === 'masto') {
    const oauth = createOAuthAPIClient({ url: stack.url });
    const token = await oauth.token.create({
      grantType: 'authorization_code',
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri: REDIRECT_URI,
      code,
      codeVerifier: verifier,
    } as Parameters<typeof oauth.token.create>[0]);
    return token.accessToken;
  }
  const response = await fetch(`${stack.url}/oauth/token`, {
    method: 'POST',
    ...encode(
      {
        grant_type: 'authorization_code',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        redirect_uri: REDIRECT_URI,
        code,
        code_verifier: verifier,
      },
      encoding,
    ),
  });
  expect(response.status).toBe(200);
  const token = (await response.json()) as { access_token: string; token_type: string; scope: string };
  expect(token.token_type).toBe('Bearer');
  expect(token.scope).toBe('read write follow');
  return token.access_token;
}

describe('a Mastodon client on Skylark (masto 7)', () => {
  it('signs in with PKCE, posts, replies, follows, pages the home timeline, searches and revokes', async () => {
    const alice = await userWithPassword();
    const bob = await userWithPassword();
    const aliceToken = await signIn('masto', alice.username);
    const bobToken = await signIn('form', bob.email);
    const asAlice = createRestAPIClient({ url: stack.url, accessToken: aliceToken });
    const asBob = createRestAPIClient({ url: stack.url, accessToken: bobToken });

    const me = await asAlice.v1.accounts.verifyCredentials();
    expect(me.id).toBe(alice.id);
    expect(me.acct).toBe(alice.username);
    // On the public base URL (PUBLIC_URL), which the local stack names localhost.
    expect(new URL(me.avatar).pathname).toBe('/avatars/original/missing.png');
    const avatar = await fetch(`${stack.url}${new URL(me.avatar).pathname}`);
    expect(avatar.headers.get('content-type')).toBe('image/png');

    const instance = await asAlice.v2.instance.fetch();
    expect(instance.configuration.statuses.maxCharacters).toBe(140);

    await asBob.v1.accounts.$select(alice.id).follow();
    const [relationship] = await asBob.v1.accounts.relationships.fetch({ id: [alice.id] });
    expect(relationship?.following).toBe(true);
    expect(relationship?.followedBy).toBe(false);

    const posted: mastodon.v1.Status[] = [];
    for (const text of ['one #skylark', 'two', `three @${bob.username}`]) {
      posted.push(await asAlice.v1.statuses.create({ status: text }));
    }
    expect(posted[0]?.content).toContain('class="mention hashtag"');
    expect(posted[2]?.mentions.map((mention) => mention.id)).toEqual([bob.id]);
    const reply = await asBob.v1.statuses.create({ status: 'a reply', inReplyToId: posted[0]?.id ?? '' });
    expect(reply.inReplyToAccountId).toBe(alice.id);
    const context = await asAlice.v1.statuses.$select(posted[0]?.id ?? '').context.fetch();
    expect(context.descendants.map((status) => status.id)).toEqual([reply.id]);

    await expect(asAlice.v1.statuses.create({ status: 'x'.repeat(141) })).rejects.toMatchObject({
      statusCode: 422,
    });

    await stack.streams.drain();
    const seen: string[] = [];
    for await (const page of asBob.v1.timelines.home.list({ limit: 2 })) {
      seen.push(...page.map((status) => status.id));
      if (seen.length >= 10) break;
    }
    expect(seen).toEqual([reply.id, ...posted.map((status) => status.id).reverse()]);

    const found = await asBob.v2.search.list({ q: alice.username, type: 'accounts' });
    expect(found.accounts.map((account) => account.id)).toContain(alice.id);

    // The apps a user signed in to are listed and revocable on /v1 (with a /v1 session token).
    const v1 = { authorization: `Bearer ${alice.v1Token}` };
    const apps = (await (await fetch(`${stack.url}/v1/me/apps`, { headers: v1 })).json()) as {
      items: { id: string; name: string }[];
    };
    expect(apps.items.map((app) => app.name)).toEqual(['Test app (masto)']);

    await asAlice.v1.statuses.$select(posted[1]?.id ?? '').remove();
    const revoke = await fetch(`${stack.url}/oauth/revoke`, {
      method: 'POST',
      ...encode({ token: bobToken, client_id: 'unknown', client_secret: 'x' }, 'json'),
    });
    expect(revoke.status).toBe(401);
    const [grant] = apps.items;
    const removed = await fetch(`${stack.url}/v1/me/apps/${grant?.id}`, { method: 'DELETE', headers: v1 });
    expect(removed.status).toBe(204);
    await expect(asAlice.v1.accounts.verifyCredentials()).rejects.toMatchObject({ statusCode: 401 });
  }, 60_000);

  it('favourites and reblogs, sees them in notifications, favourites, counts, tags and search', async () => {
    const dora = await userWithPassword();
    const eric = await userWithPassword();
    const asDora = createRestAPIClient({ url: stack.url, accessToken: await signIn('masto', dora.username) });
    const asEric = createRestAPIClient({ url: stack.url, accessToken: await signIn('form', eric.username) });
    const tag = `masto${Date.now().toString(36)}`;
    const status = await asDora.v1.statuses.create({ status: `boost me #${tag}` });

    const favourited = await asEric.v1.statuses.$select(status.id).favourite();
    expect(favourited).toMatchObject({ id: status.id, favourited: true, favouritesCount: 1 });
    // A reblog answers Eric's wrapper status (the repost's id), as Mastodon does; again, the same one.
    const reblogged = await asEric.v1.statuses.$select(status.id).reblog();
    expect(reblogged).toMatchObject({ account: { id: eric.id }, reblogged: true });
    expect(reblogged.reblog).toMatchObject({ id: status.id, reblogged: true, reblogsCount: 1 });
    expect(reblogged.id).not.toBe(status.id);
    expect((await asEric.v1.statuses.$select(status.id).reblog()).id).toBe(reblogged.id);
    await stack.streams.drain();

    const fetched = await asEric.v1.statuses.$select(status.id).fetch();
    expect(fetched).toMatchObject({ favourited: true, reblogged: true, favouritesCount: 1, reblogsCount: 1 });
    expect((await asDora.v1.statuses.$select(status.id).fetch()).favourited).toBe(false);
    const favouritedBy = await asDora.v1.statuses.$select(status.id).favouritedBy.list();
    expect(favouritedBy.map((account) => account.id)).toEqual([eric.id]);
    const rebloggedBy = await asDora.v1.statuses.$select(status.id).rebloggedBy.list();
    expect(rebloggedBy.map((account) => account.id)).toEqual([eric.id]);
    const favourites = await asEric.v1.favourites.list();
    expect(favourites.map((item) => item.id)).toEqual([status.id]);

    // Eric's account shows the reblog as Mastodon does: a status of his wrapping Dora's.
    const ericsStatuses = await asDora.v1.accounts.$select(eric.id).statuses.list();
    expect(ericsStatuses[0]?.account.id).toBe(eric.id);
    expect(ericsStatuses[0]?.id).toBe(reblogged.id);
    expect(ericsStatuses[0]?.reblog).toMatchObject({ id: status.id, account: { id: dora.id } });
    const withoutReblogs = await asDora.v1.accounts.$select(eric.id).statuses.list({ excludeReblogs: true });
    expect(withoutReblogs).toEqual([]);

    const all = await asDora.v1.notifications.list();
    expect(all.map((item) => item.type).sort()).toEqual(['favourite', 'reblog']);
    expect(all.every((item) => item.account.id === eric.id && item.status?.id === status.id)).toBe(true);
    const onlyFavourites = await asDora.v1.notifications.list({ types: ['favourite'] });
    expect(onlyFavourites.map((item) => item.type)).toEqual(['favourite']);
    const noReblogs = await asDora.v1.notifications.list({ excludeTypes: ['reblog'] });
    expect(noReblogs.map((item) => item.type)).toEqual(['favourite']);
    // Paged by notification id, as clients build max_id / since_id / min_id; the Link header pages the same.
    const [newest, older] = all.map((item) => item.id);
    expect((await asDora.v1.notifications.list({ limit: 1, maxId: newest })).map((n) => n.id)).toEqual([
      older,
    ]);
    expect((await asDora.v1.notifications.list({ minId: older })).map((n) => n.id)).toEqual([newest]);
    expect((await asDora.v1.notifications.list({ sinceId: older })).map((n) => n.id)).toEqual([newest]);
    expect(await asDora.v1.notifications.list({ sinceId: newest })).toEqual([]);
    const paged: string[] = [];
    for await (const page of asDora.v1.notifications.list({ limit: 1 })) paged.push(...page.map((n) => n.id));
    expect(paged).toEqual([newest, older]);
    const one = await asDora.v1.notifications.$select(onlyFavourites[0]?.id ?? '').fetch();
    expect(one.type).toBe('favourite');
    await asDora.v1.notifications.$select(one.id).dismiss();
    expect((await asDora.v1.notifications.list()).map((item) => item.type)).toEqual(['reblog']);
    await asDora.v1.notifications.clear();
    expect(await asDora.v1.notifications.list()).toEqual([]);

    const tagged = await asEric.v1.timelines.tag.$select(tag).list();
    expect(tagged.map((item) => item.id)).toEqual([status.id]);
    expect(tagged[0]?.favourited).toBe(true);
    const search = await asEric.v2.search.list({ q: `#${tag}` });
    expect(search.statuses.map((item) => item.id)).toEqual([status.id]);
    expect(search.hashtags.map((hashtag) => hashtag.name)).toEqual([tag]);

    await asEric.v1.statuses.$select(status.id).unfavourite();
    const undone = await asEric.v1.statuses.$select(status.id).unreblog();
    expect(undone).toMatchObject({
      favourited: false,
      reblogged: false,
      favouritesCount: 0,
      reblogsCount: 0,
    });
    await expect(asEric.v1.statuses.$select('01JDZZZZZZZZZZZZZZZZZZZZZZ').favourite()).rejects.toMatchObject({
      statusCode: 404,
    });
  }, 90_000);

  it('blocks, mutes, and answers follow requests of a locked account, with the real relationship flags', async () => {
    const frank = await userWithPassword();
    const gina = await userWithPassword();
    const harry = await userWithPassword();
    const asFrank = createRestAPIClient({
      url: stack.url,
      accessToken: await signIn('masto', frank.username),
    });
    const asGina = createRestAPIClient({ url: stack.url, accessToken: await signIn('form', gina.username) });
    const asHarry = createRestAPIClient({
      url: stack.url,
      accessToken: await signIn('form', harry.username),
    });
    const locked = await fetch(`${stack.url}/v1/me`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${gina.v1Token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ protected: true }),
    });
    expect(locked.status).toBe(200);
    expect((await asFrank.v1.accounts.$select(gina.id).fetch()).locked).toBe(true);

    // Following a locked account asks; the account sees the request and authorizes one, rejects the other.
    expect(await asFrank.v1.accounts.$select(gina.id).follow()).toMatchObject({
      following: false,
      requested: true,
    });
    await asHarry.v1.accounts.$select(gina.id).follow();
    const requests = await asGina.v1.followRequests.list();
    expect(requests.map((account) => account.id).sort()).toEqual([frank.id, harry.id].sort());
    const [fromFrank] = await asGina.v1.accounts.relationships.fetch({ id: [frank.id] });
    expect(fromFrank).toMatchObject({ requestedBy: true, followedBy: false });
    expect(await asGina.v1.followRequests.$select(frank.id).authorize()).toMatchObject({
      followedBy: true,
      requestedBy: false,
    });
    await asGina.v1.followRequests.$select(harry.id).reject();
    expect(await asGina.v1.followRequests.list()).toEqual([]);
    const [frankToGina, harryToGina] = await asFrank.v1.accounts.relationships
      .fetch({ id: [gina.id] })
      .then(async (mine) => [...mine, ...(await asHarry.v1.accounts.relationships.fetch({ id: [gina.id] }))]);
    expect(frankToGina).toMatchObject({ following: true, requested: false });
    expect(harryToGina).toMatchObject({ following: false, requested: false });
    await expect(asGina.v1.followRequests.$select(harry.id).authorize()).rejects.toMatchObject({
      statusCode: 404,
    });

    // A mute quietens (notifications too); a timed mute is refused with the reason.
    expect(await asFrank.v1.accounts.$select(gina.id).mute()).toMatchObject({
      muting: true,
      mutingNotifications: true,
      following: true,
    });
    expect((await asFrank.v1.mutes.list()).map((account) => account.id)).toEqual([gina.id]);
    expect(await asFrank.v1.accounts.$select(gina.id).unmute()).toMatchObject({ muting: false });
    expect(await asFrank.v1.mutes.list()).toEqual([]);
    await expect(asFrank.v1.accounts.$select(gina.id).mute({ duration: 60 })).rejects.toMatchObject({
      statusCode: 422,
    });

    // A block ends the follows both ways; the blocked side sees blocked_by.
    expect(await asGina.v1.accounts.$select(frank.id).block()).toMatchObject({
      blocking: true,
      followedBy: false,
    });
    expect((await asGina.v1.blocks.list()).map((account) => account.id)).toEqual([frank.id]);
    const [blocked] = await asFrank.v1.accounts.relationships.fetch({ id: [gina.id] });
    expect(blocked).toMatchObject({ blockedBy: true, following: false });
    // Account search follows /v1 people search: neither side of a block finds the other; others still do.
    await stack.streams.drain();
    const searchIds = async (client: typeof asFrank, q: string) =>
      (await client.v1.accounts.search.list({ q })).map((account) => account.id);
    expect(await searchIds(asHarry, gina.username)).toContain(gina.id);
    expect(await searchIds(asFrank, gina.username)).not.toContain(gina.id);
    expect(await searchIds(asGina, frank.username)).not.toContain(frank.id);
    await expect(asGina.v1.accounts.$select(gina.id).block()).rejects.toMatchObject({ statusCode: 422 });
    expect(await asGina.v1.accounts.$select(frank.id).unblock()).toMatchObject({ blocking: false });
    expect(await asGina.v1.blocks.list()).toEqual([]);
  }, 60_000);

  it('serves the local public timeline: top-level posts of public accounts, id paged, signed out too', async () => {
    const ivy = await userWithPassword();
    const jay = await userWithPassword();
    const asIvy = createRestAPIClient({ url: stack.url, accessToken: await signIn('masto', ivy.username) });
    const asJay = createRestAPIClient({ url: stack.url, accessToken: await signIn('form', jay.username) });
    const first = await asIvy.v1.statuses.create({ status: 'public one' });
    const second = await asIvy.v1.statuses.create({ status: 'public two' });
    const reply = await asIvy.v1.statuses.create({ status: 'a reply', inReplyToId: first.id });
    await fetch(`${stack.url}/v1/me`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${jay.v1Token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ protected: true }),
    });
    const locked = await asJay.v1.statuses.create({ status: 'followers only' });

    const anonymous = createRestAPIClient({ url: stack.url });
    const shown = (await anonymous.v1.timelines.public.list({ local: true, limit: 40 })).map((s) => s.id);
    expect(shown.slice(0, 2)).toEqual([second.id, first.id]);
    expect(shown).not.toContain(reply.id);
    expect(shown).not.toContain(locked.id);
    const older = await asJay.v1.timelines.public.list({ local: true, limit: 1, maxId: second.id });
    expect(older.map((status) => status.id)).toEqual([first.id]);
    const newer = await anonymous.v1.timelines.public.list({ limit: 5, minId: first.id });
    expect(newer.map((status) => status.id)).toEqual([second.id]);
    expect(await anonymous.v1.timelines.public.list({ remote: true })).toEqual([]);
  }, 60_000);

  it('lists direct messages as conversations and sends direct statuses as messages, never as posts', async () => {
    const kim = await userWithPassword();
    const lee = await userWithPassword();
    const asKim = createRestAPIClient({ url: stack.url, accessToken: await signIn('masto', kim.username) });
    const asLee = createRestAPIClient({ url: stack.url, accessToken: await signIn('form', lee.username) });
    await asLee.v1.accounts.$select(kim.id).follow();
    const sent = await fetch(`${stack.url}/v1/messages/${lee.username}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kim.v1Token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: `hi @${lee.username} <b>tea</b>?` }),
    });
    expect(sent.status).toBe(201);
    const message = (await sent.json()) as { id: string };

    const [received] = await asLee.v1.conversations.list();
    expect(received).toMatchObject({ id: kim.id, unread: true, accounts: [{ id: kim.id }] });
    expect(received?.lastStatus).toMatchObject({
      id: message.id,
      visibility: 'direct',
      account: { id: kim.id },
      mentions: [{ id: lee.id }],
    });
    expect(received?.lastStatus?.content).toContain('&lt;b&gt;tea&lt;/b&gt;');
    const [own] = await asKim.v1.conversations.list();
    expect(own).toMatchObject({ id: lee.id, unread: false, lastStatus: { account: { id: kim.id } } });
    expect(await asLee.v1.conversations.$select(kim.id).read()).toMatchObject({ id: kim.id, unread: false });
    expect((await asLee.v1.conversations.list())[0]?.unread).toBe(false);
    const stranger = await userWithPassword();
    await expect(asLee.v1.conversations.$select(stranger.id).read()).rejects.toMatchObject({
      statusCode: 404,
    });
    await expect(asLee.v1.conversations.$select(kim.id).remove()).rejects.toMatchObject({ statusCode: 501 });

    const tampered = await fetch(`${stack.url}/api/v1/conversations?max_id=${encodeURIComponent('a b')}`, {
      headers: { authorization: `Bearer ${lee.v1Token}` },
    });
    expect(tampered.status).toBe(422);
    const direct = await asKim.v1.statuses.create({
      status: `@${lee.username} secret`,
      visibility: 'direct',
    });
    expect(direct).toMatchObject({ visibility: 'direct', mentions: [{ id: lee.id }] });
    expect((await asLee.v1.conversations.list())[0]).toMatchObject({
      unread: true,
      lastStatus: { id: direct.id },
    });
    await expect(asKim.v1.statuses.create({ status: 'nobody', visibility: 'direct' })).rejects.toMatchObject({
      statusCode: 422,
    });
    await expect(
      asKim.v1.statuses.create({ status: `@${lee.username} @${kim.username} two`, visibility: 'direct' }),
    ).rejects.toMatchObject({ statusCode: 422 });
    // Lee follows Kim, not the other way round: Lee cannot message Kim (the /v1 rule).
    await expect(
      asLee.v1.statuses.create({ status: `@${kim.username} back`, visibility: 'direct' }),
    ).rejects.toMatchObject({ statusCode: 403 });
    const kimsStatuses = await asLee.v1.accounts.$select(kim.id).statuses.list();
    expect(kimsStatuses).toEqual([]);
    // masto's paginator follows the Link header, paged by each conversation's last status.
    const mo = await userWithPassword();
    await asLee.v1.accounts.$select(mo.id).follow();
    const fromMo = await fetch(`${stack.url}/v1/messages/${lee.username}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mo.v1Token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hello from mo' }),
    });
    expect(fromMo.status).toBe(201);
    const paged: string[] = [];
    for await (const page of asLee.v1.conversations.list({ limit: 1 })) {
      paged.push(...page.map((conversation) => conversation.id));
    }
    expect(paged).toEqual([mo.id, kim.id]);

    // A message is never a status, not even for its sender or recipient, nor signed out.
    for (const id of [message.id, direct.id]) {
      for (const reader of [asKim, asLee]) {
        await expect(reader.v1.statuses.$select(id).fetch()).rejects.toMatchObject({ statusCode: 404 });
      }
      const signedOut = await fetch(`${stack.url}/api/v1/statuses/${id}`);
      expect(signedOut.status).toBe(404);
      expect(await signedOut.json()).toEqual({ error: 'Record not found' });
    }
  }, 60_000);

  it('counts confirmed accounts and posts in instance v1/v2 and nodeinfo (counters, not a Scan)', async () => {
    const rest = createRestAPIClient({ url: stack.url });
    const counts = async () => {
      const [v1, v2, nodeinfo] = await Promise.all([
        rest.v1.instance.fetch(),
        rest.v2.instance.fetch(),
        fetch(`${stack.url}/nodeinfo/2.0`).then(
          (response) =>
            response.json() as Promise<{ usage: { users: { total: number }; localPosts: number } }>,
        ),
      ]);
      expect(v2.usage.users.activeMonth).toBe(v1.stats.userCount);
      expect(nodeinfo.usage).toEqual({
        users: { total: v1.stats.userCount },
        localPosts: v1.stats.statusCount,
      });
      return { users: v1.stats.userCount, posts: v1.stats.statusCount };
    };
    const before = await counts();

    // Registering counts nothing until the address is confirmed; confirming twice counts once.
    const api = apiClient(stack.url);
    const tag = `${Date.now().toString(36)}`;
    const person = {
      firstName: 'Ida',
      lastName: 'Counter',
      username: `ida_${tag}`,
      email: `ida.${tag}@example.org`,
      password: `counting sheep ${tag}`,
    };
    expect((await api.post('/v1/auth/register', person)).status).toBe(202);
    expect(await counts()).toEqual(before);
    const link = verifyApiPath(await latestMailTo(api, person.email));
    expect((await api.get(link)).status).toBe(200);
    await api.get(link);
    expect(await counts()).toEqual({ users: before.users + 1, posts: before.posts });

    const writer = await userWithPassword();
    const asWriter = createRestAPIClient({
      url: stack.url,
      accessToken: await signIn('masto', writer.username),
    });
    const status = await asWriter.v1.statuses.create({ status: 'counted once' });
    const afterPost = await counts();
    expect(afterPost.posts).toBe(before.posts + 1);
    await asWriter.v1.statuses.$select(status.id).remove();
    expect((await counts()).posts).toBe(before.posts);
  }, 60_000);

  it('completes the same sign-in with JSON bodies, and a revoked token then answers 401', async () => {
    const carol = await userWithPassword();
    const app = await registerApp('json');
    const verifier = randomBytes(32).toString('base64url');
    const code = await authorize(app.clientId, carol.username, verifier, 'json-state');
    const exchange = (body: Record<string, string>) =>
      fetch(`${stack.url}/oauth/token`, { method: 'POST', ...encode(body, 'json') });
    const base = {
      grant_type: 'authorization_code',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      redirect_uri: REDIRECT_URI,
      code,
    };
    const wrong = await exchange({ ...base, code_verifier: randomBytes(32).toString('base64url') });
    expect(wrong.status).toBe(422);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });

    // The failed attempt used the code up: a code is single use, so sign in again.
    const again = await authorize(app.clientId, carol.username, verifier, 'json-state');
    const token = (await (await exchange({ ...base, code: again, code_verifier: verifier })).json()) as {
      access_token: string;
    };
    const asCarol = createRestAPIClient({ url: stack.url, accessToken: token.access_token });
    expect((await asCarol.v1.accounts.verifyCredentials()).id).toBe(carol.id);

    // A multipart body (as apps send with media) is read like the others, its limits included.
    const postMultipart = (status: string) => {
      const form = new FormData();
      form.set('status', status);
      form.set('visibility', 'public');
      return fetch(`${stack.url}/api/v1/statuses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token.access_token}` },
        body: form,
      });
    };
    const posted = await postMultipart('sent as multipart/form-data');
    expect(posted.status).toBe(200);
    const postedStatus = (await posted.json()) as { id: string; content: string };
    expect(postedStatus.content).toContain('sent as multipart/form-data');
    const tooLong = await postMultipart('m'.repeat(141));
    expect(tooLong.status).toBe(422);
    expect(await tooLong.json()).toMatchObject({ error: expect.stringContaining('140') });

    // Reading markers: none before the first save, then what the app saved, versioned, for the asked timelines.
    expect(await asCarol.v1.markers.fetch({ timeline: ['home', 'notifications'] })).toEqual({});
    const statusId = postedStatus.id;
    const saved = await asCarol.v1.markers.create({ home: { lastReadId: statusId } });
    expect(saved.home).toMatchObject({ lastReadId: statusId, version: 1 });
    const resaved = await asCarol.v1.markers.create({ home: { lastReadId: statusId } });
    expect(resaved.home?.version).toBe(2);
    // Form bodies use Rails' nested names, as apps other than masto send them.
    const form = await fetch(`${stack.url}/api/v1/markers`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token.access_token}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'notifications[last_read_id]=abc-123',
    });
    expect(form.status).toBe(200);
    expect(await asCarol.v1.markers.fetch({ timeline: ['home', 'notifications'] })).toMatchObject({
      home: { lastReadId: statusId, version: 2 },
      notifications: { lastReadId: 'abc-123', version: 1 },
    });
    expect(Object.keys(await asCarol.v1.markers.fetch({ timeline: ['notifications'] }))).toEqual([
      'notifications',
    ]);
    const nothing = await fetch(`${stack.url}/api/v1/markers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(nothing.status).toBe(422);
    expect(await nothing.json()).toMatchObject({ error: expect.stringContaining('last_read_id') });

    const revoked = await fetch(`${stack.url}/oauth/revoke`, {
      method: 'POST',
      ...encode(
        { token: token.access_token, client_id: app.clientId, client_secret: app.clientSecret },
        'json',
      ),
    });
    expect(revoked.status).toBe(200);
    await expect(asCarol.v1.accounts.verifyCredentials()).rejects.toMatchObject({ statusCode: 401 });
  }, 60_000);
});

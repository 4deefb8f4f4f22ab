/**
 * The account lifecycle over HTTP against the local stack (DynamoDB Local, the mail capture, the real handlers).
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyEntry } from '#local/signing-key';
import type { LocalStack } from '#local/stack';
import { type KeyEntry, parseKeySet } from '#shared/adapters/key-set';
import { db, tableName } from '#shared/db/client';
import { DEFAULT_RATE_LIMITS, windowOf } from '#shared/domain/rate-limits';
import { logger } from '#shared/observability';
import { type ApiClient, apiClient } from '#test/factories/api-client';
import { latestMailTo, linkIn, mailsTo, resetCodeIn, verifyApiPath } from '#test/factories/mailbox';
import { startTestStack } from '#test/support/local-stack';

const REUSE_LEEWAY_SECONDS = 1;
let stack: LocalStack;
let api: ApiClient;
let sequence = 0;

/** stdout as the handlers' logger writes it, to check no secret is ever logged. */
const logged: string[] = [];
const writeStdout = process.stdout.write.bind(process.stdout);

beforeAll(async () => {
  // Registration is limited per IP and the whole suite calls from 127.0.0.1: raise the IP limits only.
  process.env.RATE_LIMITS = JSON.stringify({
    'register:ip': { limit: 10_000, windowSeconds: 3600 },
    'resend:ip': { limit: 10_000, windowSeconds: 3600 },
    'forgot:ip': { limit: 10_000, windowSeconds: 3600 },
    'login:ip': { limit: 10_000, windowSeconds: 900 },
  });
  // Log everything, so the scan below sees every line: LOG_LEVEL for handler modules loaded by the stack (it
  // wins over the stack's default), setLogLevel for a logger this file already imported.
  process.env.LOG_LEVEL = 'DEBUG';
  // A short reuse leeway, so the reuse test need not wait the default 10 s.
  process.env.REFRESH_REUSE_LEEWAY_SECONDS = String(REUSE_LEEWAY_SECONDS);
  logger.setLogLevel('DEBUG');
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    logged.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return writeStdout(chunk, ...rest);
  }) as typeof process.stdout.write;
  stack = await startTestStack();
  api = apiClient(stack.url);
}, 60_000);

afterAll(async () => {
  process.stdout.write = writeStdout;
  await stack?.stop();
});

function newPerson() {
  sequence++;
  const tag = `${Date.now().toString(36)}${sequence}`;
  return {
    firstName: 'Ada',
    lastName: 'Lovelace',
    username: `ada_${tag}`,
    email: `ada.${tag}@example.org`,
    password: `analytical engine ${tag}`,
  };
}

async function registerAndVerify(person = newPerson()) {
  expect((await api.post('/v1/auth/register', person)).status).toBe(202);
  expect((await api.get(verifyApiPath(await latestMailTo(api, person.email)))).status).toBe(200);
  return person;
}

async function loginAs(person: { username: string; password: string }) {
  const response = await api.post('/v1/auth/login', { login: person.username, password: person.password });
  expect(response.status).toBe(200);
  return response.body as { accessToken: string; refreshToken: string };
}

/**
 * Items in the table other than rate-limit counters: counting attempts is the one write a refused request makes
 * (it is how attempts are limited), and those items hold only a digest of the IP or address.
 */
async function itemCount(): Promise<number> {
  // Settle what earlier requests set in motion (the search indexer writes from the stream) before counting.
  await stack.streams.drain();
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new ScanCommand({
        TableName: tableName(),
        Select: 'COUNT',
        FilterExpression: '#type <> :rate',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':rate': 'RATE' },
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

async function everyItem(): Promise<string> {
  const items: unknown[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new ScanCommand({ TableName: tableName(), ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return JSON.stringify(items);
}

describe('the account journey', () => {
  it('registers, mails a link, verifies by the link, logs in and reads /v1/me', async () => {
    const person = newPerson();
    const registered = await api.post('/v1/auth/register', person);
    expect(registered.status).toBe(202);
    expect(registered.body.status).toBe('pending_verification');

    const mail = await latestMailTo(api, person.email);
    expect(mail.subject).toMatch(/confirm/i);
    expect(mail.from).toMatch(/skylark/i);
    expect(mail.text).toContain('Ada');
    expect(mail.html).toContain('<a href=');

    const beforeVerifying = await api.post('/v1/auth/login', {
      login: person.email,
      password: person.password,
    });
    expect(beforeVerifying.status).toBe(403);
    expect(beforeVerifying.body.error.code).toBe('email_not_verified');

    // The mail links to the web client's page, which completes the flow through the API.
    const link = linkIn(mail);
    expect(link.origin).toBe(stack.publicUrl);
    expect(link.pathname).toBe('/confirm');
    const verified = await api.get(verifyApiPath(mail));
    expect(verified.status).toBe(200);
    expect(verified.body.status).toBe('verified');

    const session = await api.post('/v1/auth/login', {
      login: person.email.toUpperCase(),
      password: person.password,
    });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(session.body.user).toMatchObject({
      username: person.username,
      email: person.email,
      emailVerified: true,
    });

    const me = await api.get('/v1/me', { token: session.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      username: person.username,
      firstName: 'Ada',
      email: person.email,
      emailVerified: true,
      followerCount: 0,
    });
    expect(me.body.passwordHash).toBeUndefined();
  });

  it('verifies by POST too, and a used link then fails', async () => {
    const person = newPerson();
    await api.post('/v1/auth/register', person);
    const token = linkIn(await latestMailTo(api, person.email)).searchParams.get('token');
    expect((await api.post('/v1/auth/verify', { token })).status).toBe(200);
    const again = await api.post('/v1/auth/verify', { token });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('invalid_or_expired_token');
  });

  it('logs in by username in any case', async () => {
    const person = await registerAndVerify();
    const session = await api.post('/v1/auth/login', {
      login: person.username.toUpperCase(),
      password: person.password,
    });
    expect(session.status).toBe(200);
  });
});

describe('tokens', () => {
  it('lets exactly one of two concurrent uses of a link succeed', async () => {
    const person = newPerson();
    await api.post('/v1/auth/register', person);
    const path = verifyApiPath(await latestMailTo(api, person.email));
    const results = await Promise.all([api.get(path), api.get(path), api.get(path)]);
    expect(results.map((result) => result.status).sort()).toEqual([200, 400, 400]);
  });

  it('stops the old link working once a new one is sent', async () => {
    const person = newPerson();
    await api.post('/v1/auth/register', person);
    const oldMail = await latestMailTo(api, person.email);
    const oldLink = linkIn(oldMail);
    expect((await api.post('/v1/auth/resend-verification', { email: person.email })).status).toBe(202);
    const mails = await mailsTo(api, person.email);
    expect(mails).toHaveLength(2);
    const newMail = mails[0] ?? (await latestMailTo(api, person.email));
    expect(linkIn(newMail).search).not.toBe(oldLink.search);
    expect((await api.get(verifyApiPath(oldMail))).status).toBe(400);
    expect((await api.get(verifyApiPath(newMail))).status).toBe(200);
  });

  it('rotates refresh tokens and revokes the family when a rotated one is reused after the leeway', async () => {
    const person = await registerAndVerify();
    const first = await loginAs(person);
    const rotated = await api.post('/v1/auth/refresh', { refreshToken: first.refreshToken });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).not.toBe(first.refreshToken);
    expect((await api.get('/v1/me', { token: rotated.body.accessToken })).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, REUSE_LEEWAY_SECONDS * 1000 + 200));
    const replay = await api.post('/v1/auth/refresh', { refreshToken: first.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('invalid_refresh_token');
    const successor = await api.post('/v1/auth/refresh', { refreshToken: rotated.body.refreshToken });
    expect(successor.status).toBe(401);
  });

  it('lets two tabs refresh with the same token at once, each getting a token of its own', async () => {
    const person = await registerAndVerify();
    const session = await loginAs(person);
    const [one, two] = await Promise.all([
      api.post('/v1/auth/refresh', { refreshToken: session.refreshToken }),
      api.post('/v1/auth/refresh', { refreshToken: session.refreshToken }),
    ]);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect(one.body.refreshToken).not.toBe(two.body.refreshToken);
    expect((await api.post('/v1/auth/refresh', { refreshToken: one.body.refreshToken })).status).toBe(200);
    expect((await api.post('/v1/auth/refresh', { refreshToken: two.body.refreshToken })).status).toBe(200);
  });

  it('revokes the session on logout', async () => {
    const person = await registerAndVerify();
    const session = await loginAs(person);
    expect((await api.post('/v1/auth/logout', { refreshToken: session.refreshToken })).status).toBe(204);
    expect((await api.post('/v1/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
  });

  it.each([
    ['alg none', async () => `${b64({ alg: 'none', kid: currentKid() })}.${b64(claims())}.`],
    ['a bad signature', async () => sign(claims(), generateKeyEntry())],
    ['a wrong audience', async () => sign({ ...claims(), aud: 'someone-else' })],
    ['an expired token', async () => sign({ ...claims(), iat: now() - 3600, exp: now() - 60 })],
    ['an HS256 token (algorithm confusion)', async () => hs256(claims())],
    ['a token without a kid', async () => sign(claims(), currentKey(), { kid: false })],
  ])('refuses %s with 401', async (_label, makeToken) => {
    const response = await api.get('/v1/me', { token: await makeToken() });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('invalid_token');
  });
});

const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claims = () => ({
  sub: 'someone',
  username: 'someone',
  iss: 'skylark',
  aud: 'skylark-api',
  iat: now(),
  exp: now() + 600,
});
/** The stack's own current key (ACCESS_TOKEN_KEYS, set by the local stack for its handlers). */
function currentKey(): KeyEntry {
  return parseKeySet(process.env.ACCESS_TOKEN_KEYS ?? '', 'ACCESS_TOKEN_KEYS').current;
}
const currentKid = () => currentKey().kid;
async function sign(payload: Record<string, unknown>, key: KeyEntry = currentKey(), options = { kid: true }) {
  const privateKey = await importJWK({ ...key.publicKey, d: key.privateKey }, 'ES256');
  // A foreign key signs under the stack's kid: only the signature is wrong.
  const header = options.kid ? { alg: 'ES256', kid: currentKid() } : { alg: 'ES256' };
  return new SignJWT(payload).setProtectedHeader(header).sign(privateKey);
}
function hs256(payload: Record<string, unknown>) {
  const secret = new TextEncoder().encode(JSON.stringify(currentKey().publicKey));
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid: currentKid() }).sign(secret);
}

describe('password reset', () => {
  it('mails a single-use code that sets a new password and signs out every session', async () => {
    const person = await registerAndVerify();
    const session = await loginAs(person);
    expect((await api.post('/v1/auth/password/forgot', { email: person.email })).status).toBe(202);
    const code = resetCodeIn(await latestMailTo(api, person.email));
    const newPassword = 'a brand new passphrase';
    const reset = await api.post('/v1/auth/password/reset', { token: code, password: newPassword });
    expect(reset.status).toBe(200);
    expect((await api.post('/v1/auth/password/reset', { token: code, password: newPassword })).status).toBe(
      400,
    );
    expect((await api.post('/v1/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
    const oldLogin = await api.post('/v1/auth/login', { login: person.username, password: person.password });
    expect(oldLogin.status).toBe(401);
    expect((await api.post('/v1/auth/login', { login: person.username, password: newPassword })).status).toBe(
      200,
    );
  });

  it('refuses a common new password', async () => {
    const response = await api.post('/v1/auth/password/reset', {
      token: 'A'.repeat(43),
      password: 'password1',
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('password_too_common');
  });
});

describe('no account enumeration', () => {
  it('answers registration of a known email exactly like a new one, and mails the owner a notice', async () => {
    const owner = await registerAndVerify();
    const fresh = newPerson();
    const forNew = await api.post('/v1/auth/register', fresh);
    const intruder = { ...newPerson(), email: owner.email.toUpperCase() };
    const before = await itemCount();
    const forKnown = await api.post('/v1/auth/register', intruder);
    expect(forKnown.status).toBe(forNew.status);
    expect(forKnown.text).toBe(forNew.text);
    expect(await itemCount()).toBe(before);
    const notice = await latestMailTo(api, owner.email);
    expect(notice.subject).toMatch(/already have/i);
    const login = await api.post('/v1/auth/login', { login: intruder.username, password: intruder.password });
    expect(login.status).toBe(401);
  });

  it('answers resend and forgot identically for known and unknown addresses', async () => {
    const known = await registerAndVerify();
    const unknown = newPerson().email;
    for (const path of ['/v1/auth/resend-verification', '/v1/auth/password/forgot']) {
      const forKnown = await api.post(path, { email: known.email });
      const forUnknown = await api.post(path, { email: unknown });
      expect(forKnown.status).toBe(202);
      expect([forUnknown.status, forUnknown.text]).toEqual([forKnown.status, forKnown.text]);
    }
  });

  it('answers an unknown login and a wrong password with the same 401', async () => {
    const person = await registerAndVerify();
    const wrongPassword = await api.post('/v1/auth/login', {
      login: person.username,
      password: 'not my password',
    });
    const unknownUser = await api.post('/v1/auth/login', {
      login: 'nobody_here_at_all',
      password: 'not my password',
    });
    expect(wrongPassword.status).toBe(401);
    expect([unknownUser.status, unknownUser.text]).toEqual([wrongPassword.status, wrongPassword.text]);
  });
});

describe('bad registrations write nothing', () => {
  const person = () => newPerson();
  it.each([
    ['a bad username form', () => ({ ...person(), username: 'no spaces' }), 'invalid_username'],
    ['a reserved username', () => ({ ...person(), username: 'Admin' }), 'username_reserved'],
    ['a malformed email', () => ({ ...person(), email: 'ada@@example' }), 'invalid_email'],
    ['a short password', () => ({ ...person(), password: 'short' }), 'password_too_short'],
    ['a common password', () => ({ ...person(), password: 'iloveyou1' }), 'password_too_common'],
    ['a 257-character password', () => ({ ...person(), password: 'p'.repeat(257) }), 'password_too_long'],
    ['a control character in a name', () => ({ ...person(), firstName: 'Ada\u0000' }), 'invalid_name'],
    ['a bidi override in a name', () => ({ ...person(), lastName: '\u202Eecalevol' }), 'invalid_name'],
    ['an unknown field', () => ({ ...person(), role: 'admin' }), 'validation_failed'],
    ['a wrong type', () => ({ ...person(), firstName: 7 }), 'validation_failed'],
  ])('refuses %s with its code', async (_label, makeBody, code) => {
    const before = await itemCount();
    const response = await api.post('/v1/auth/register', makeBody());
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe(code);
    expect(await itemCount()).toBe(before);
  });

  it('refuses a missing body, malformed JSON and a non-JSON body', async () => {
    const before = await itemCount();
    const missing = await api.post('/v1/auth/register');
    expect([missing.status, missing.body.error.code]).toEqual([400, 'validation_failed']);
    const malformed = await api.post('/v1/auth/register', undefined, {
      rawBody: '{"firstName":',
      headers: { 'content-type': 'application/json' },
    });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'malformed_json']);
    const form = await api.post('/v1/auth/register', undefined, {
      rawBody: 'firstName=Ada',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect([form.status, form.body.error.code]).toEqual([415, 'unsupported_media_type']);
    expect(await itemCount()).toBe(before);
  });

  it('refuses a taken username in another case with 409, writing no account', async () => {
    const owner = await registerAndVerify();
    const before = await itemCount();
    const response = await api.post('/v1/auth/register', {
      ...newPerson(),
      username: owner.username.toUpperCase(),
    });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('username_taken');
    expect(await itemCount()).toBe(before);
  });
});

describe('throttling', () => {
  it('answers the 11th failed login for one account in a window with 429 and Retry-After', async () => {
    const person = await registerAndVerify();
    // The limiter counts in fixed windows aligned to the clock: start the 11 attempts well inside one, or a window
    // ending half-way would split them (seen once in CI).
    const { secondsLeft } = windowOf(DEFAULT_RATE_LIMITS['login:account'], Date.now());
    if (secondsLeft < 30) await new Promise((resolve) => setTimeout(resolve, (secondsLeft + 1) * 1000));
    for (let attempt = 1; attempt <= 10; attempt++) {
      // By username and by email alike: both name the same account and share its budget.
      const login = attempt % 2 === 0 ? person.username : person.email;
      const response = await api.post('/v1/auth/login', { login, password: `wrong ${attempt}` });
      expect(response.status).toBe(401);
    }
    const eleventh = await api.post('/v1/auth/login', { login: person.username, password: person.password });
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.error.code).toBe('rate_limited');
    expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(eleventh.headers.get('retry-after'))).toBeLessThanOrEqual(900);
  }, 90_000);
});

describe('secrets', () => {
  it('never writes raw passwords, tokens or reset codes to the logs or the table', async () => {
    const person = await registerAndVerify();
    const session = await loginAs(person);
    await api.post('/v1/auth/password/forgot', { email: person.email });
    const resetCode = resetCodeIn(await latestMailTo(api, person.email));
    const verifyToken = linkIn(
      (await mailsTo(api, person.email)).at(-1) ?? (await latestMailTo(api, person.email)),
    ).searchParams.get('token');
    const secrets = [
      person.password,
      session.refreshToken,
      session.accessToken,
      resetCode,
      verifyToken ?? 'missing',
    ];
    const table = await everyItem();
    const logs = logged.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(table).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });
});

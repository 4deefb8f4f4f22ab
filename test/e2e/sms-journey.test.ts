/**
 * SMS over HTTP against the local stack: phone verification through the SMS capture, then inbound SMS through
 * `POST /_local/sms/inbound` (the SNS event AWS delivers, built by local/inbound-sms.ts) into the real handler.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_REGION } from '#local/aws-clients';
import { inboundSmsTopicArn } from '#local/inbound-sms';
import type { LocalStack } from '#local/stack';
import { type ApiClient, apiClient } from '#test/factories/api-client';
import { randomPhoneNumber } from '#test/factories/sms-events';
import { insertVerifiedUser, type TestUser } from '#test/factories/users';
import { startTestStack } from '#test/support/local-stack';

let stack: LocalStack;
let api: ApiClient;

beforeAll(async () => {
  // As the API stack does in AWS: the function accepts only the inbound topic the local stack publishes on.
  process.env.SMS_INBOUND_TOPIC_ARN = inboundSmsTopicArn(LOCAL_REGION);
  stack = await startTestStack();
  api = apiClient(stack.url);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

interface CapturedSms {
  to: string;
  message: string;
}

async function smsTo(phoneNumber: string): Promise<CapturedSms[]> {
  const { body } = await api.get<{ items: CapturedSms[] }>(
    `/_local/sms?to=${encodeURIComponent(phoneNumber)}`,
  );
  return body.items;
}

async function text(from: string, body: string) {
  const response = await api.post('/_local/sms/inbound', { from, body });
  expect(response.status).toBe(202);
  expect(response.body.deliveredTo).toEqual(['InboundSms']);
}

async function latestSmsTo(phoneNumber: string): Promise<string | undefined> {
  return (await smsTo(phoneNumber))[0]?.message;
}

describe('SMS over HTTP', () => {
  let alice: TestUser;
  let bob: TestUser;
  const phoneNumber = randomPhoneNumber();

  beforeAll(async () => {
    alice = await insertVerifiedUser();
    bob = await insertVerifiedUser();
  });

  it('adds a phone: the code arrives in the SMS capture, verifying it links the number', async () => {
    const added = await api.post('/v1/me/phone', { phoneNumber }, { token: alice.accessToken });
    expect(added.status).toBe(202);
    expect(added.body).toEqual({
      status: 'code_sent',
      phone: { lastDigits: phoneNumber.slice(-4) },
      expiresInSeconds: 600,
    });
    const code = /\b(\d{6})\b/.exec((await latestSmsTo(phoneNumber)) ?? '')?.[1];
    expect(code).toMatch(/^\d{6}$/);

    const pending = await api.get('/v1/me', { token: alice.accessToken });
    expect(pending.body.phone).toMatchObject({ status: 'pending', lastDigits: phoneNumber.slice(-4) });

    const verified = await api.post('/v1/me/phone/verify', { code }, { token: alice.accessToken });
    expect(verified.status).toBe(200);
    const me = await api.get('/v1/me', { token: alice.accessToken });
    expect(me.body.phone).toEqual({
      status: 'verified',
      lastDigits: phoneNumber.slice(-4),
      verifiedAt: expect.any(String),
      optedOut: false,
    });
    expect(me.text).not.toContain(phoneNumber);
  });

  it('refuses the number to another account, and numbers that cannot take SMS', async () => {
    const taken = await api.post('/v1/me/phone', { phoneNumber }, { token: bob.accessToken });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('phone_number_taken');
    const landline = await api.post(
      '/v1/me/phone',
      { phoneNumber: '+33 1 23 45 67 89' },
      { token: bob.accessToken },
    );
    expect(landline.status).toBe(400);
    expect(landline.body.error.code).toBe('phone_cannot_receive_sms');
    expect(landline.text).not.toContain('123456789');
  });

  it('posts "hello from my phone" to the user’s page and the followers’ timelines', async () => {
    expect(
      (await api.put(`/v1/users/${alice.user.username}/follow`, undefined, { token: bob.accessToken }))
        .status,
    ).toBe(204);
    await text(phoneNumber, 'hello from my phone');
    await stack.streams.drain();
    const page = await api.get(`/v1/users/${alice.user.username}/posts`);
    expect(page.body.items.map((post: { text: string }) => post.text)).toEqual(['hello from my phone']);
    const timeline = await api.get('/v1/timeline', { token: bob.accessToken });
    expect(timeline.body.items.map((post: { text: string }) => post.text)).toContain('hello from my phone');
    expect(await latestSmsTo(phoneNumber)).toBe('Posted.');
  });

  it('FOLLOW bob makes the follow; GET bob replies with Bob’s latest post', async () => {
    await text(phoneNumber, `FOLLOW ${bob.user.username}`);
    const followers = await api.get(`/v1/users/${bob.user.username}/followers`);
    expect(followers.body.items.map((user: { id: string }) => user.id)).toEqual([alice.user.id]);

    expect(
      (await api.post('/v1/posts', { text: 'bob’s latest 🎉' }, { token: bob.accessToken })).status,
    ).toBe(201);
    // Following by SMS turned notifications on for Bob: the fan-out texts his new post to Alice.
    await stack.streams.drain();
    expect(await latestSmsTo(phoneNumber)).toBe(`@${bob.user.username}: bob’s latest 🎉`);
    const notifications = (await smsTo(phoneNumber)).length;
    await text(phoneNumber, `get ${bob.user.username}`);
    expect((await smsTo(phoneNumber)).length).toBe(notifications + 1);
    expect(await latestSmsTo(phoneNumber)).toBe(`@${bob.user.username}: bob’s latest 🎉`);
  });

  it('STOP posts nothing and silences outbound SMS until START', async () => {
    await text(phoneNumber, 'STOP');
    const afterStop = (await smsTo(phoneNumber)).length;
    await text(phoneNumber, 'HELP');
    await text(phoneNumber, `whois ${bob.user.username}`);
    expect((await smsTo(phoneNumber)).length).toBe(afterStop);
    const page = await api.get(`/v1/users/${alice.user.username}/posts`);
    expect(page.body.items.map((post: { text: string }) => post.text)).not.toContain('STOP');
    expect((await api.get('/v1/me', { token: alice.accessToken })).body.phone.optedOut).toBe(true);

    await text(phoneNumber, 'start');
    expect(await latestSmsTo(phoneNumber)).toContain('back on');
  });

  it('unlinks the phone: the number is unknown again', async () => {
    expect((await api.delete('/v1/me/phone', { token: alice.accessToken })).status).toBe(204);
    expect((await api.get('/v1/me', { token: alice.accessToken })).body.phone).toEqual({ status: 'none' });
    await text(phoneNumber, 'are you there?');
    expect(await latestSmsTo(phoneNumber)).toContain('not linked to an account');
  });

  it('publishes the SMS rules in /v1/config', async () => {
    const { body } = await api.get('/v1/config');
    expect(body.sms.phoneCode).toEqual({ digits: 6, ttlSeconds: 600, maxAttempts: 5 });
    expect(body.sms.replyLength).toEqual({ gsm7Characters: 160, ucs2Characters: 70 });
    expect(body.sms.optOutKeywords).toEqual(expect.arrayContaining(['STOP', 'ARRET', 'UNSUBSCRIBE']));
  });

  it('updates notification settings in the profile', async () => {
    const updated = await api.patch(
      '/v1/me/sms',
      { dailyCap: 5, quietHours: { start: '22:00', end: '07:30' }, timeZone: 'Europe/Paris' },
      { token: alice.accessToken },
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({
      notifications: 'off',
      dailyCap: 5,
      quietHours: { start: '22:00', end: '07:30' },
      timeZone: 'Europe/Paris',
    });
    const invalid = await api.patch('/v1/me/sms', { timeZone: 'Mars/Olympus' }, { token: alice.accessToken });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('invalid_time_zone');
  });
});

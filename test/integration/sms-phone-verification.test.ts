/**
 * Phone verification against DynamoDB Local: the code's life (10 minutes, 5 tries, hashed), one account per
 * number, relinking and unlinking. SMS are captured by a fake sender; time is a fake clock.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { db, tableName } from '#shared/db/client';
import { keys } from '#shared/db/keys';
import { phoneStore } from '#shared/db/phone-repository';
import {
  confirmPhone,
  PHONE_CODE_RULES,
  type PhoneVerificationDeps,
  removePhone,
  startPhoneVerification,
} from '#shared/domain/sms/phone-verification';
import { smsProfile } from '#shared/domain/sms/sms-profile';
import { randomPhoneNumber } from '#test/factories/sms-events';

function harness(start = Date.now()) {
  let now = start;
  let nextCode = 0;
  const sent: { to: string; text: string }[] = [];
  const deps: PhoneVerificationDeps = {
    phones: phoneStore,
    rateLimit: async () => {},
    sendSms: async (to, text) => {
      sent.push({ to, text });
    },
    clock: { now: () => new Date(now) },
    newCode: () => String(123456 + nextCode++),
  };
  return {
    deps,
    sent,
    advance: (ms: number) => {
      now += ms;
    },
    codeSentTo: (to: string) =>
      /\b(\d{6})\b/.exec(sent.filter((sms) => sms.to === to).at(-1)?.text ?? '')?.[1],
  };
}

describe('phone verification', () => {
  it('sends a 6-digit code, stores only its hash, and links the number with it', async () => {
    const { deps, codeSentTo } = harness();
    const userId = ulid();
    const phoneNumber = randomPhoneNumber();
    const sent = await startPhoneVerification(deps, { userId, phoneNumber });
    expect(sent).toEqual({
      status: 'code_sent',
      phone: { lastDigits: phoneNumber.slice(-4) },
      expiresInSeconds: 600,
    });
    const code = codeSentTo(phoneNumber) ?? '';
    expect(code).toMatch(/^\d{6}$/);
    const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: keys.phoneCode(userId) }));
    expect(JSON.stringify(Item)).not.toContain(code);
    expect(Item?.codeHash).toMatch(/^[0-9a-f]{64}$/);

    const linked = await confirmPhone(deps, { userId, code });
    expect(linked.phone.lastDigits).toBe(phoneNumber.slice(-4));
    expect(await phoneStore.numberState(phoneNumber)).toEqual({ ownerId: userId, optedOut: false });
    const profile = await smsProfile({ phones: phoneStore, clock: deps.clock }, userId);
    expect(profile.phone).toEqual({
      status: 'verified',
      lastDigits: phoneNumber.slice(-4),
      verifiedAt: expect.any(String),
      optedOut: false,
    });
    expect(JSON.stringify(profile)).not.toContain(phoneNumber);
    await expect(confirmPhone(deps, { userId, code })).rejects.toMatchObject({
      code: 'invalid_or_expired_code',
    });
  });

  it('kills the code after 5 wrong tries: even the right code is refused then', async () => {
    const { deps, codeSentTo } = harness();
    const userId = ulid();
    const phoneNumber = randomPhoneNumber();
    await startPhoneVerification(deps, { userId, phoneNumber });
    const code = codeSentTo(phoneNumber) ?? '';
    const wrong = code === '000000' ? '000001' : '000000';
    for (let attempt = 1; attempt <= PHONE_CODE_RULES.maxAttempts; attempt++) {
      await expect(confirmPhone(deps, { userId, code: wrong })).rejects.toMatchObject({
        code: 'wrong_code',
        statusCode: 400,
        details: { attemptsLeft: PHONE_CODE_RULES.maxAttempts - attempt },
      });
    }
    await expect(confirmPhone(deps, { userId, code })).rejects.toMatchObject({
      code: 'invalid_or_expired_code',
    });
    expect((await phoneStore.numberState(phoneNumber)).ownerId).toBeUndefined();
  });

  it('gives at most 5 tries to concurrent guesses', async () => {
    const { deps } = harness();
    const userId = ulid();
    await startPhoneVerification(deps, { userId, phoneNumber: randomPhoneNumber() });
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => confirmPhone(deps, { userId, code: '999999' })),
    );
    const codes = results.map((result) => (result.status === 'rejected' ? result.reason.code : 'linked'));
    expect(codes.filter((code) => code === 'wrong_code')).toHaveLength(5);
    expect(codes.filter((code) => code === 'invalid_or_expired_code')).toHaveLength(7);
  });

  it('rejects an expired code', async () => {
    const { deps, codeSentTo, advance } = harness();
    const userId = ulid();
    const phoneNumber = randomPhoneNumber();
    await startPhoneVerification(deps, { userId, phoneNumber });
    advance(10 * 60 * 1000 + 1000);
    await expect(confirmPhone(deps, { userId, code: codeSentTo(phoneNumber) ?? '' })).rejects.toMatchObject({
      code: 'invalid_or_expired_code',
    });
  });

  it('makes a new code replace the previous one', async () => {
    const { deps, codeSentTo } = harness();
    const userId = ulid();
    const phoneNumber = randomPhoneNumber();
    await startPhoneVerification(deps, { userId, phoneNumber });
    const first = codeSentTo(phoneNumber) ?? '';
    await startPhoneVerification(deps, { userId, phoneNumber });
    await expect(confirmPhone(deps, { userId, code: first })).rejects.toMatchObject({ code: 'wrong_code' });
    await confirmPhone(deps, { userId, code: codeSentTo(phoneNumber) ?? '' });
  });

  it('keeps a number to one account: another account asking for it gets a 409', async () => {
    const { deps, codeSentTo } = harness();
    const [alice, mallory] = [ulid(), ulid()];
    const phoneNumber = randomPhoneNumber();
    await startPhoneVerification(deps, { userId: alice, phoneNumber });
    await confirmPhone(deps, { userId: alice, code: codeSentTo(phoneNumber) ?? '' });
    await expect(startPhoneVerification(deps, { userId: mallory, phoneNumber })).rejects.toMatchObject({
      code: 'phone_number_taken',
      statusCode: 409,
    });
    await expect(startPhoneVerification(deps, { userId: alice, phoneNumber })).rejects.toMatchObject({
      code: 'phone_already_verified',
    });
  });

  it('lets only one of two accounts racing for a number win', async () => {
    const { deps, codeSentTo } = harness();
    const [first, second] = [ulid(), ulid()];
    const phoneNumber = randomPhoneNumber();
    await startPhoneVerification(deps, { userId: first, phoneNumber });
    const firstCode = codeSentTo(phoneNumber) ?? '';
    await startPhoneVerification(deps, { userId: second, phoneNumber });
    const secondCode = codeSentTo(phoneNumber) ?? '';
    await confirmPhone(deps, { userId: first, code: firstCode });
    await expect(confirmPhone(deps, { userId: second, code: secondCode })).rejects.toMatchObject({
      code: 'phone_number_taken',
    });
  });

  it('releases the old number when another is linked, and the number when unlinked', async () => {
    const { deps, codeSentTo } = harness();
    const userId = ulid();
    const [oldNumber, newNumber] = [randomPhoneNumber(), randomPhoneNumber()];
    await startPhoneVerification(deps, { userId, phoneNumber: oldNumber });
    await confirmPhone(deps, { userId, code: codeSentTo(oldNumber) ?? '' });
    await startPhoneVerification(deps, { userId, phoneNumber: newNumber });
    await confirmPhone(deps, { userId, code: codeSentTo(newNumber) ?? '' });
    expect((await phoneStore.numberState(oldNumber)).ownerId).toBeUndefined();
    expect((await phoneStore.settings(userId)).phoneNumber).toBe(newNumber);

    await removePhone(deps, userId);
    await removePhone(deps, userId);
    expect((await phoneStore.numberState(newNumber)).ownerId).toBeUndefined();
    expect((await phoneStore.settings(userId)).phoneNumber).toBeUndefined();
  });

  it('sends no code to a number that opted out', async () => {
    const { deps, sent } = harness();
    const phoneNumber = randomPhoneNumber();
    await phoneStore.setOptOut(phoneNumber, true, new Date().toISOString());
    await expect(startPhoneVerification(deps, { userId: ulid(), phoneNumber })).rejects.toMatchObject({
      code: 'phone_opted_out',
    });
    expect(sent).toEqual([]);
  });
});

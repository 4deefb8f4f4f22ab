/**
 * Outbound notifications against DynamoDB Local: who gets a post by SMS, and the limits (opt-out, quiet hours,
 * daily cap, replays). The fan-out's stream changes are fed in directly; SMS go to a fake sender.
 */
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { followExists, followStore } from '#shared/db/follow-repository';
import { phoneStore } from '#shared/db/phone-repository';
import { deliveryLedger, smsPreferenceStore } from '#shared/db/sms-repository';
import type { Post } from '#shared/domain/post';
import { applySmsStreamChange, type SmsNotifierDeps } from '#shared/domain/sms/notifications';
import { linkVerifiedPhone } from '#test/factories/sms-phones';
import { insertVerifiedUser } from '#test/factories/users';

function harness(nowIso = '2026-05-01T12:00:00Z') {
  let now = new Date(nowIso);
  const sent: { to: string; text: string }[] = [];
  const deps: SmsNotifierDeps = {
    phones: phoneStore,
    preferences: smsPreferenceStore,
    deliveries: deliveryLedger,
    isFollowing: followExists,
    sendSms: async (to, text) => {
      sent.push({ to, text });
    },
    clock: { now: () => now },
  };
  return { deps, sent, setNow: (iso: string) => (now = new Date(iso)) };
}

function postBy(
  author: { id: string; username: string },
  text = 'news',
  replyTo: string | null = null,
): Post {
  return {
    id: ulid(),
    author: { id: author.id, username: author.username, firstName: 'A', lastName: 'B' },
    text,
    entities: { urls: [], mentions: [], hashtags: [] },
    replyTo,
    attachments: [],
    createdAt: new Date().toISOString(),
    replyCount: 0,
    likeCount: 0,
    repostCount: 0,
  };
}

async function follow(followerId: string, followeeId: string) {
  await followStore.follow({ followerId, followeeId, createdAt: new Date().toISOString() });
}

async function subscribed() {
  const author = (await insertVerifiedUser()).user;
  const reader = (await insertVerifiedUser()).user;
  const phoneNumber = await linkVerifiedPhone(reader.id);
  await follow(reader.id, author.id);
  await smsPreferenceStore.setPreference(reader.id, { authorId: author.id, enabled: true, source: 'user' });
  return { author, reader, phoneNumber };
}

describe('notifyFollowersBySms (through applySmsStreamChange)', () => {
  it('sends a new post to the subscribers once, however often the record is replayed', async () => {
    const { deps, sent } = harness();
    const { author, phoneNumber } = await subscribed();
    const post = postBy(author, 'fresh news');
    await applySmsStreamChange(deps, { kind: 'post_created', post });
    await applySmsStreamChange(deps, { kind: 'post_created', post });
    expect(sent).toEqual([{ to: phoneNumber, text: `@${author.username}: fresh news` }]);
  });

  it('sends nothing for a reply, nor to followers who did not turn SMS on', async () => {
    const { deps, sent } = harness();
    const { author } = await subscribed();
    const silent = (await insertVerifiedUser()).user;
    await linkVerifiedPhone(silent.id);
    await follow(silent.id, author.id);
    await applySmsStreamChange(deps, { kind: 'post_created', post: postBy(author, 're', ulid()) });
    expect(sent).toEqual([]);
    await applySmsStreamChange(deps, { kind: 'post_created', post: postBy(author) });
    expect(sent).toHaveLength(1);
  });

  it('respects an opt-out of the number', async () => {
    const { deps, sent } = harness();
    const { author, phoneNumber } = await subscribed();
    await phoneStore.setOptOut(phoneNumber, true, new Date().toISOString());
    await applySmsStreamChange(deps, { kind: 'post_created', post: postBy(author) });
    expect(sent).toEqual([]);
  });

  it('sends nothing to a user without a verified number any more', async () => {
    const { deps, sent } = harness();
    const { author, reader, phoneNumber } = await subscribed();
    await phoneStore.unlinkPhone(reader.id, phoneNumber);
    await applySmsStreamChange(deps, { kind: 'post_created', post: postBy(author) });
    expect(sent).toEqual([]);
  });

  it('keeps quiet during the user’s quiet hours, in their time zone', async () => {
    const { deps, sent, setNow } = harness('2026-05-01T21:30:00Z'); // 23:30 in Paris (summer time)
    const { author, reader } = await subscribed();
    await phoneStore.updateSettings(reader.id, {
      quietHours: { start: '22:00', end: '07:00' },
      timeZone: 'Europe/Paris',
    });
    await applySmsStreamChange(deps, { kind: 'post_created', post: postBy(author) });
    expect(sent).toEqual([]);
    setNow('2026-05-02T06:00:00Z'); // 08:00 in Paris
    await applySmsStreamChange(deps, { kind: 'post_created', post: postBy(author) });
    expect(sent).toHaveLength(1);
  });

  it('stops at the daily cap and starts again the next day', async () => {
    const { deps, sent, setNow } = harness('2026-05-01T10:00:00Z');
    const { author, reader } = await subscribed();
    await phoneStore.updateSettings(reader.id, { dailyCap: 2 });
    for (let index = 0; index < 4; index++) {
      await applySmsStreamChange(deps, { kind: 'post_created', post: postBy(author, `post ${index}`) });
    }
    expect(sent.map((sms) => sms.text)).toEqual([
      `@${author.username}: post 0`,
      `@${author.username}: post 1`,
    ]);
    setNow('2026-05-02T10:00:00Z');
    await applySmsStreamChange(deps, { kind: 'post_created', post: postBy(author, 'tomorrow') });
    expect(sent).toHaveLength(3);
  });
});

describe('follow changes', () => {
  it('turn SMS on for a new followee when ON is set for everyone, and off on unfollow', async () => {
    const { deps } = harness();
    const reader = (await insertVerifiedUser()).user;
    const author = (await insertVerifiedUser()).user;
    await linkVerifiedPhone(reader.id);
    await phoneStore.updateSettings(reader.id, { notifyAll: true });
    await follow(reader.id, author.id);
    await applySmsStreamChange(deps, {
      kind: 'follow_created',
      followerId: reader.id,
      followeeId: author.id,
    });
    expect(await smsPreferenceStore.preference(reader.id, author.id)).toEqual({
      authorId: author.id,
      enabled: true,
      source: 'all',
    });

    await followStore.unfollow({ followerId: reader.id, followeeId: author.id });
    await applySmsStreamChange(deps, {
      kind: 'follow_deleted',
      followerId: reader.id,
      followeeId: author.id,
    });
    expect(await smsPreferenceStore.preference(reader.id, author.id)).toBeUndefined();
  });

  it('leave an author turned OFF one by one off, even with ON for everyone', async () => {
    const { deps } = harness();
    const reader = (await insertVerifiedUser()).user;
    const author = (await insertVerifiedUser()).user;
    await phoneStore.updateSettings(reader.id, { notifyAll: true });
    await follow(reader.id, author.id);
    await smsPreferenceStore.setPreference(reader.id, {
      authorId: author.id,
      enabled: false,
      source: 'user',
    });
    await applySmsStreamChange(deps, {
      kind: 'follow_created',
      followerId: reader.id,
      followeeId: author.id,
    });
    expect(await smsPreferenceStore.preference(reader.id, author.id)).toMatchObject({ enabled: false });
  });
});

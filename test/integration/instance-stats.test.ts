/**
 * The instance counters (nodeinfo, Mastodon instance stats) against DynamoDB Local: each count changes in the
 * transaction that confirms or erases an account and creates or deletes a post, exactly once however often the
 * write is repeated.
 */
import { describe, expect, it } from 'vitest';
import { newSecretToken } from '#shared/adapters/secret-tokens';
import { accountErasureStore } from '#shared/db/account-lifecycle-repository';
import * as accounts from '#shared/db/account-repository';
import { readInstanceStats } from '#shared/db/instance-stats-repository';
import { postStore } from '#shared/db/post-repository';
import { relationshipReads } from '#shared/db/relationship-repository';
import { userDirectory } from '#shared/db/user-directory';
import { systemClock, ulidIds } from '#shared/domain/clock';
import { createPost, deletePost } from '#shared/domain/post';
import { insertVerifiedUser } from '#test/factories/users';

const DAY_S = 24 * 3600;
const postDeps = {
  posts: postStore,
  users: userDirectory,
  relationships: relationshipReads,
  clock: systemClock,
  ids: ulidIds,
};

let sequence = 0;
async function unconfirmedAccount() {
  sequence++;
  const verification = newSecretToken();
  const userId = ulidIds.next(new Date());
  const username = `stats_${Date.now().toString(36)}${sequence}`;
  const nowSeconds = Math.floor(Date.now() / 1000);
  expect(
    await accounts.createAccount({
      userId,
      username,
      firstName: 'Ada',
      lastName: 'Count',
      email: `${username}@example.org`,
      passwordHash: '$scrypt$ln=17,r=8,p=1$c2FsdA==$aGFzaA==',
      createdAt: new Date().toISOString(),
      verification: { tokenHash: verification.hash, expiresAt: nowSeconds + DAY_S },
      unverifiedExpiresAt: nowSeconds + 7 * DAY_S,
    }),
  ).toBe('created');
  return { user: { id: userId, username, email: `${username}@example.org` }, verification };
}

describe('instance counters', () => {
  it('count an account once when its address is confirmed, however often the link is used', async () => {
    const before = await readInstanceStats();
    const { verification, user } = await unconfirmedAccount();
    expect((await readInstanceStats()).users).toBe(before.users);
    expect(await accounts.verifyEmail(verification.hash, Date.now())).toBe(user.id);
    expect(await accounts.verifyEmail(verification.hash, Date.now())).toBeUndefined();
    expect((await readInstanceStats()).users).toBe(before.users + 1);
  });

  it('count an account confirmed by a password reset once, and a reset of a confirmed one not at all', async () => {
    const { user } = await unconfirmedAccount();
    const before = await readInstanceStats();
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    const first = newSecretToken();
    await accounts.storeResetToken(user, first.hash, expiresAt);
    expect(await accounts.resetPassword(first.hash, 'new-hash', Date.now())).toBe(user.id);
    expect((await readInstanceStats()).users).toBe(before.users + 1);
    const second = newSecretToken();
    await accounts.storeResetToken(user, second.hash, expiresAt);
    expect(await accounts.resetPassword(second.hash, 'newer-hash', Date.now())).toBe(user.id);
    expect((await readInstanceStats()).users).toBe(before.users + 1);
  });

  it('count a post once when created and once when deleted, a second delete changing nothing', async () => {
    const { user } = await insertVerifiedUser();
    const before = await readInstanceStats();
    const post = await createPost(postDeps, { authorId: user.id, text: 'counted' });
    expect((await readInstanceStats()).posts).toBe(before.posts + 1);
    await deletePost(postDeps, { callerId: user.id, postId: post.id });
    await postStore.remove(post);
    expect((await readInstanceStats()).posts).toBe(before.posts);
  });

  it('uncount a confirmed account when it is erased, once even when the erasure runs again', async () => {
    const { verification, user } = await unconfirmedAccount();
    await accounts.verifyEmail(verification.hash, Date.now());
    const before = await readInstanceStats();
    const schedule = {
      userId: user.id,
      username: user.username,
      email: user.email,
      deactivatedAt: '2026-12-01T00:00:00.000Z',
      erasureDueAt: '2026-12-01T00:00:01.000Z',
    };
    await accountErasureStore.removeOwnPartitions(schedule);
    await accountErasureStore.removeOwnPartitions(schedule);
    expect((await readInstanceStats()).users).toBe(before.users - 1);
  });
});

/**
 * Resend and forgot answer in the same time for known and unknown addresses: the work a known address causes
 * (a write, a mail) is padded out to UNIFORM_RESPONSE_MS. A fake clock makes the time exact.
 */
import { describe, expect, it } from 'vitest';
import { type MailingAccountDeps, UNIFORM_RESPONSE_MS } from '#shared/domain/accounts/deps';
import { forgotPassword } from '#shared/domain/accounts/password-reset';
import type { AccountStore } from '#shared/domain/accounts/ports';
import { resendVerification } from '#shared/domain/accounts/registration';
import { makeUser } from '#test/factories/user-records';

const known = makeUser({ emailVerified: false });

/** Deps whose every I/O step costs 40 fake milliseconds (a mail 150). */
function fakeDeps() {
  let clock = 0;
  const mails: string[] = [];
  const step = async (ms = 40) => {
    clock += ms;
  };
  const accounts = {
    findUserByEmail: async (email: string) => {
      await step();
      return email === known.email ? known : undefined;
    },
    replaceVerificationToken: async () => {
      await step();
      return true;
    },
    storeResetToken: async () => step(),
  } as unknown as AccountStore;
  const deps = {
    accounts,
    rateLimit: async () => step(),
    sendMail: async (message: { to: string }) => {
      await step(150);
      mails.push(message.to);
    },
    newSecretToken: () => ({ token: 't'.repeat(43), hash: 'h' }),
    now: () => clock,
    sleep: async (ms: number) => {
      clock += ms;
    },
    publicUrl: 'http://127.0.0.1:3000',
  } as unknown as MailingAccountDeps;
  return { deps, mails, elapsed: () => clock };
}

describe.each([
  ['resend-verification', resendVerification],
  ['forgot-password', forgotPassword],
])('%s', (_name, useCase) => {
  it('takes exactly as long for a known address as for an unknown one', async () => {
    const forKnown = fakeDeps();
    await useCase(forKnown.deps, known.email, '203.0.113.9');
    const forUnknown = fakeDeps();
    await useCase(forUnknown.deps, 'nobody@example.org', '203.0.113.9');
    expect(forKnown.mails).toEqual([known.email]);
    expect(forUnknown.mails).toEqual([]);
    expect(forKnown.elapsed()).toBe(forUnknown.elapsed());
    // Two rate-limit checks before the padded part, then the floor.
    expect(forKnown.elapsed()).toBe(2 * 40 + UNIFORM_RESPONSE_MS);
  });
});

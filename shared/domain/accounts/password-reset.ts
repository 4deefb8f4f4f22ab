/**
 * Forgotten passwords: a one-hour, single-use code by mail; using it sets the new password and signs out every
 * session (all refresh tokens issued before are void).
 */
import { passwordResetMail, resetPageLink } from '#shared/domain/emails';
import { type AccountDeps, type MailingAccountDeps, RESET_TTL_MINUTES, withUniformTiming } from './deps';
import { expiry, invalidLink } from './registration';

export async function forgotPassword(
  deps: MailingAccountDeps,
  email: string,
  sourceIp: string,
): Promise<void> {
  await deps.rateLimit('forgot:ip', sourceIp);
  await deps.rateLimit('forgot:email', email);
  await withUniformTiming(deps, () => mailResetCode(deps, email));
}

async function mailResetCode(deps: MailingAccountDeps, email: string): Promise<void> {
  const user = await deps.accounts.findUserByEmail(email);
  if (!user) return;
  const reset = deps.newSecretToken();
  await deps.accounts.storeResetToken(user, reset.hash, expiry(deps.now(), RESET_TTL_MINUTES * 60));
  await deps.sendMail({
    to: user.email,
    ...passwordResetMail({
      firstName: user.firstName,
      link: resetPageLink(deps.publicUrl, reset.token),
      validMinutes: RESET_TTL_MINUTES,
    }),
  });
}

export async function resetPassword(deps: AccountDeps, token: string, password: string, sourceIp: string) {
  await deps.rateLimit('reset:ip', sourceIp);
  const passwordHash = await deps.passwords.hash(password);
  const userId = await deps.accounts.resetPassword(deps.hashToken(token), passwordHash, deps.now());
  if (!userId) throw invalidLink();
}

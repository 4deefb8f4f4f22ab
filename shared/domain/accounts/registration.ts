/**
 * Registration and email verification. Registering an address that already has an account answers exactly
 * like a new registration and mails the owner a notice instead: nobody learns which addresses have accounts.
 */
import { alreadyRegisteredMail, confirmPageLink, verificationMail } from '#shared/domain/emails';
import { ConflictError, ValidationError } from '#shared/errors';
import type { RegisterInput } from '#shared/schemas/new-password';
import {
  type AccountDeps,
  type MailingAccountDeps,
  UNVERIFIED_ACCOUNT_TTL_DAYS,
  VERIFICATION_TTL_HOURS,
  withUniformTiming,
} from './deps';

export const REGISTRATION_ACCEPTED = {
  status: 'pending_verification',
  message: 'Check your inbox: we sent a link to confirm your email address.',
} as const;

export const EMAIL_VERIFIED = {
  status: 'verified',
  message: 'Your email address is confirmed. You can sign in now.',
} as const;

export async function register(
  deps: MailingAccountDeps,
  input: RegisterInput,
  sourceIp: string,
): Promise<void> {
  await deps.rateLimit('register:ip', sourceIp);
  await deps.rateLimit('register:email', input.email);
  // Hash before looking anything up, so both outcomes take the same time.
  const passwordHash = await deps.passwords.hash(input.password);
  const verification = deps.newSecretToken();
  const now = deps.now();
  const result = await deps.accounts.createAccount({
    userId: deps.newId(),
    username: input.username,
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email,
    passwordHash,
    createdAt: new Date(now).toISOString(),
    verification: { tokenHash: verification.hash, expiresAt: expiry(now, VERIFICATION_TTL_HOURS * 3600) },
    unverifiedExpiresAt: expiry(now, UNVERIFIED_ACCOUNT_TTL_DAYS * 86_400),
  });
  if (result === 'username_taken') {
    throw new ConflictError('username_taken', 'This username is taken; choose another');
  }
  if (result === 'email_taken') {
    const owner = await deps.accounts.findUserByEmail(input.email);
    if (owner) {
      await deps.sendMail({
        to: input.email,
        ...alreadyRegisteredMail({ firstName: owner.firstName, username: owner.username }),
      });
    }
    return;
  }
  await deps.sendMail({
    to: input.email,
    ...verificationMail({
      firstName: input.firstName,
      link: verifyLink(deps, verification.token),
      validHours: VERIFICATION_TTL_HOURS,
    }),
  });
}

export async function verifyEmail(deps: AccountDeps, token: string): Promise<void> {
  const userId = await deps.accounts.verifyEmail(deps.hashToken(token), deps.now());
  if (!userId) throw invalidLink();
}

/** A new link for an unverified account; the old link stops working. Known or not, the answer is the same. */
export async function resendVerification(
  deps: MailingAccountDeps,
  email: string,
  sourceIp: string,
): Promise<void> {
  await deps.rateLimit('resend:ip', sourceIp);
  await deps.rateLimit('resend:email', email);
  await withUniformTiming(deps, () => sendNewLink(deps, email));
}

async function sendNewLink(deps: MailingAccountDeps, email: string): Promise<void> {
  const user = await deps.accounts.findUserByEmail(email);
  if (!user || user.emailVerified) return;
  const verification = deps.newSecretToken();
  const replaced = await deps.accounts.replaceVerificationToken(
    user,
    verification.hash,
    expiry(deps.now(), VERIFICATION_TTL_HOURS * 3600),
  );
  if (!replaced) return;
  await deps.sendMail({
    to: user.email,
    ...verificationMail({
      firstName: user.firstName,
      link: verifyLink(deps, verification.token),
      validHours: VERIFICATION_TTL_HOURS,
    }),
  });
}

export function verifyLink(deps: Pick<AccountDeps, 'publicUrl'>, token: string): string {
  return confirmPageLink(deps.publicUrl, token);
}

/** Epoch seconds (DynamoDB TTL) `seconds` from `nowMs`. */
export function expiry(nowMs: number, seconds: number): number {
  return Math.floor(nowMs / 1000) + seconds;
}

export function invalidLink(): ValidationError {
  return new ValidationError('invalid_or_expired_token', 'This link or code is invalid, used or expired');
}

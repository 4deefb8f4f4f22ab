/**
 * Linking a phone number to an account: a 6-digit code is sent to the number, and typing it back proves the
 * number is the caller's. The code is stored only as a SHA-256 bound to the account and the number; a million
 * possible codes make that hash weak against an offline search, so what protects a code is that it lives 10
 * minutes and allows 5 tries, each try consumed atomically before it is judged.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { ConflictError, ValidationError } from '#shared/errors';
import type { Clock } from '../clock';
import type { ConsumeRateLimit } from '../rate-limits';
import { lastDigits } from './phone-digits';
import type { PendingPhoneCode, PhoneStore, SendSms } from './ports';
import { verificationCodeText } from './replies';

export const PHONE_CODE_RULES = { digits: 6, ttlSeconds: 10 * 60, maxAttempts: 5 } as const;

export interface PhoneVerificationDeps {
  phones: PhoneStore;
  rateLimit: ConsumeRateLimit;
  sendSms: SendSms;
  clock: Clock;
  /** A uniformly random code of PHONE_CODE_RULES.digits digits. */
  newCode(): string;
}

export function randomPhoneCode(): string {
  return String(randomInt(0, 10 ** PHONE_CODE_RULES.digits)).padStart(PHONE_CODE_RULES.digits, '0');
}

export function hashPhoneCode(userId: string, phoneNumber: string, code: string): string {
  return createHash('sha256').update(`${userId}\n${phoneNumber}\n${code}`, 'utf8').digest('hex');
}

export interface PhoneCodeSent {
  status: 'code_sent';
  phone: { lastDigits: string };
  expiresInSeconds: number;
}

/**
 * Sends a verification code to `phoneNumber` (E.164, already checked to take SMS).
 * @throws RateLimitedError; ConflictError phone_number_taken / phone_already_verified / phone_opted_out;
 *   ServiceUnavailableError sms_unavailable
 */
export async function startPhoneVerification(
  deps: PhoneVerificationDeps,
  input: { userId: string; phoneNumber: string },
): Promise<PhoneCodeSent> {
  await deps.rateLimit('phone-code:user', input.userId);
  await deps.rateLimit('phone-code:number', input.phoneNumber);
  const number = await deps.phones.numberState(input.phoneNumber);
  if (number.ownerId === input.userId) {
    throw new ConflictError('phone_already_verified', 'This number is already linked to your account');
  }
  if (number.ownerId) throw numberTaken();
  if (number.optedOut) {
    throw new ConflictError(
      'phone_opted_out',
      'This number has opted out of Skylark SMS: text START to the Skylark number from it first',
    );
  }
  const code = deps.newCode();
  const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
  await deps.phones.savePendingCode(input.userId, {
    phoneNumber: input.phoneNumber,
    codeHash: hashPhoneCode(input.userId, input.phoneNumber, code),
    expiresAt: nowSeconds + PHONE_CODE_RULES.ttlSeconds,
    attempts: 0,
  });
  await deps.sendSms(input.phoneNumber, verificationCodeText(code, PHONE_CODE_RULES.ttlSeconds / 60));
  return {
    status: 'code_sent',
    phone: { lastDigits: lastDigits(input.phoneNumber) },
    expiresInSeconds: PHONE_CODE_RULES.ttlSeconds,
  };
}

/**
 * Checks a code and links the number. Every call uses one of the code's 5 tries; after the fifth the code is
 * dead even if it is then typed right.
 * @throws ValidationError invalid_or_expired_code (no live code: never sent, expired, used, or out of tries),
 *   wrong_code (with details.attemptsLeft); ConflictError phone_number_taken
 */
export async function confirmPhone(
  deps: Pick<PhoneVerificationDeps, 'phones' | 'clock'>,
  input: { userId: string; code: string },
): Promise<{ status: 'verified'; phone: { lastDigits: string; verifiedAt: string } }> {
  const now = deps.clock.now();
  const pending = await deps.phones.consumeCodeAttempt(
    input.userId,
    Math.floor(now.getTime() / 1000),
    PHONE_CODE_RULES.maxAttempts,
  );
  if (!pending) throw deadCode();
  if (!sameHash(pending.codeHash, hashPhoneCode(input.userId, pending.phoneNumber, input.code))) {
    const attemptsLeft = Math.max(0, PHONE_CODE_RULES.maxAttempts - pending.attempts);
    throw new ValidationError(
      'wrong_code',
      attemptsLeft > 0
        ? 'This code is wrong'
        : 'This code is wrong, and it was the last try: ask for a new code',
      { attemptsLeft },
    );
  }
  return link(deps, input.userId, pending, now);
}

async function link(
  deps: Pick<PhoneVerificationDeps, 'phones'>,
  userId: string,
  pending: PendingPhoneCode,
  now: Date,
) {
  const settings = await deps.phones.settings(userId);
  const at = now.toISOString();
  const result = await deps.phones.linkPhone({
    userId,
    code: pending,
    previousNumber: settings.phoneNumber,
    at,
  });
  if (result === 'number_taken') throw numberTaken();
  if (result === 'code_gone') throw deadCode();
  return {
    status: 'verified' as const,
    phone: { lastDigits: lastDigits(pending.phoneNumber), verifiedAt: at },
  };
}

/** Unlinks the caller's number (and drops a pending code). Idempotent. */
export async function removePhone(
  deps: Pick<PhoneVerificationDeps, 'phones'>,
  userId: string,
): Promise<void> {
  const settings = await deps.phones.settings(userId);
  await deps.phones.deletePendingCode(userId);
  if (settings.phoneNumber) await deps.phones.unlinkPhone(userId, settings.phoneNumber);
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

function numberTaken(): ConflictError {
  return new ConflictError('phone_number_taken', 'This number is linked to another account');
}

function deadCode(): ValidationError {
  return new ValidationError(
    'invalid_or_expired_code',
    'There is no live code: it expired, was used, or was tried 5 times; ask for a new one',
  );
}

/** Verified phone numbers linked straight through the repository, for tests whose subject is not verification. */
import { linkPhone, savePendingCode } from '#shared/db/phone-repository';
import { randomPhoneNumber } from './sms-events';

export async function linkVerifiedPhone(userId: string, phoneNumber = randomPhoneNumber()): Promise<string> {
  const code = { phoneNumber, codeHash: 'test', expiresAt: Math.floor(Date.now() / 1000) + 600, attempts: 0 };
  await savePendingCode(userId, code);
  const result = await linkPhone({ userId, code, previousNumber: undefined, at: new Date().toISOString() });
  if (result !== 'linked') throw new Error(`Could not link ${phoneNumber}: ${result}`);
  return phoneNumber;
}

import { removePhone } from '#shared/domain/sms/phone-verification';
import { httpHandler } from '#shared/http/handler';
import { noContent } from '#shared/http/responses';
import { phoneUnlinkDeps } from './deps';

/** Idempotent: without a linked number it is the same 204. */
export const handler = httpHandler({ auth: 'required' }, async ({ caller }) => {
  await removePhone(phoneUnlinkDeps, caller.userId);
  return noContent();
});

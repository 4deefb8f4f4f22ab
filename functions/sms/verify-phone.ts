import { confirmPhone } from '#shared/domain/sms/phone-verification';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { VerifyPhoneBody } from '#shared/schemas/sms';
import { phoneConfirmationDeps } from './deps';

export const handler = httpHandler(
  { schemas: { body: VerifyPhoneBody }, auth: 'required' },
  async ({ body, caller }) =>
    ok(await confirmPhone(phoneConfirmationDeps, { userId: caller.userId, code: body.code })),
);

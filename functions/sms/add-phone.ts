import { startPhoneVerification } from '#shared/domain/sms/phone-verification';
import { httpHandler } from '#shared/http/handler';
import { accepted } from '#shared/http/responses';
import { AddPhoneBody } from '#shared/schemas/phone-number';
import { phoneVerificationDeps } from './deps';

/** Sends a 6-digit code to the number; `POST /v1/me/phone/verify` links it. */
export const handler = httpHandler(
  { schemas: { body: AddPhoneBody }, auth: 'required' },
  async ({ body, caller }) =>
    accepted(
      await startPhoneVerification(phoneVerificationDeps, {
        userId: caller.userId,
        phoneNumber: body.phoneNumber,
      }),
    ),
);

import { EMAIL_VERIFIED, verifyEmail } from '#shared/domain/accounts/registration';
import { publicHttpHandler } from '#shared/http/public-handler';
import { ok } from '#shared/http/responses';
import { TokenBody } from '#shared/schemas/auth';
import { accountDeps } from './deps';

export const handler = publicHttpHandler({ schemas: { body: TokenBody } }, async ({ body }) => {
  await verifyEmail(accountDeps, body.token);
  return ok(EMAIL_VERIFIED);
});

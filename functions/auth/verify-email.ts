import { verifyEmail } from '#shared/domain/accounts/registration';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { TokenBody } from '#shared/schemas/auth';
import { accountDeps } from './deps';

export const handler = httpHandler({ schemas: { body: TokenBody } }, async ({ body }) => {
  await verifyEmail(accountDeps, body.token);
  return ok({ status: 'verified', message: 'Your email address is confirmed. You can sign in now.' });
});

import { EMAIL_VERIFIED, verifyEmail } from '#shared/domain/accounts/registration';
import { publicHttpHandler } from '#shared/http/public-handler';
import { ok } from '#shared/http/responses';
import { TokenQuery } from '#shared/schemas/auth';
import { accountDeps } from './deps';

/** GET /v1/auth/verify?token=… — the link in the verification mail. */
export const handler = publicHttpHandler({ schemas: { query: TokenQuery } }, async ({ query }) => {
  await verifyEmail(accountDeps, query.token);
  return ok(EMAIL_VERIFIED);
});

import { logout } from '#shared/domain/accounts/sessions';
import { httpHandler } from '#shared/http/handler';
import { noContent } from '#shared/http/responses';
import { RefreshBody } from '#shared/schemas/auth';
import { accountDeps } from './deps';

export const handler = httpHandler({ schemas: { body: RefreshBody } }, async ({ body }) => {
  await logout(accountDeps, body.refreshToken);
  return noContent();
});

import { refresh } from '#shared/domain/accounts/sessions';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { RefreshBody } from '#shared/schemas/auth';
import { accountDeps } from './deps';

export const handler = httpHandler({ schemas: { body: RefreshBody } }, async ({ body, sourceIp }) =>
  ok(await refresh(accountDeps, body.refreshToken, sourceIp)),
);

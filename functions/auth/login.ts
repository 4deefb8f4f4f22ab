import { login } from '#shared/domain/accounts/sessions';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { LoginBody } from '#shared/schemas/auth';
import { accountDeps } from './deps';

export const handler = httpHandler({ schemas: { body: LoginBody } }, async ({ body, sourceIp }) =>
  ok(await login(accountDeps, body, sourceIp)),
);

import { REGISTRATION_ACCEPTED, register } from '#shared/domain/accounts/registration';
import { publicHttpHandler } from '#shared/http/public-handler';
import { accepted } from '#shared/http/responses';
import { RegisterBody } from '#shared/schemas/auth';
import { accountDeps } from './deps';

export const handler = publicHttpHandler({ schemas: { body: RegisterBody } }, async ({ body, sourceIp }) => {
  await register(accountDeps, body, sourceIp);
  return accepted(REGISTRATION_ACCEPTED);
});

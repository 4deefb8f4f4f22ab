import { REGISTRATION_ACCEPTED, register } from '#shared/domain/accounts/registration';
import { publicHttpHandler } from '#shared/http/public-handler';
import { accepted } from '#shared/http/responses';
import { RegisterBody } from '#shared/schemas/new-password';
import { mailingAccountDeps } from './mail-deps';

export const handler = publicHttpHandler({ schemas: { body: RegisterBody } }, async ({ body, sourceIp }) => {
  await register(mailingAccountDeps, body, sourceIp);
  return accepted(REGISTRATION_ACCEPTED);
});

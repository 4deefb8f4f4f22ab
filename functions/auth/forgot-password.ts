import { forgotPassword } from '#shared/domain/accounts/password-reset';
import { publicHttpHandler } from '#shared/http/public-handler';
import { accepted } from '#shared/http/responses';
import { EmailBody } from '#shared/schemas/auth';
import { mailingAccountDeps } from './mail-deps';

export const handler = publicHttpHandler({ schemas: { body: EmailBody } }, async ({ body, sourceIp }) => {
  await forgotPassword(mailingAccountDeps, body.email, sourceIp);
  return accepted({
    status: 'accepted',
    message: 'If this address has an account, a reset code is on its way.',
  });
});

import { resendVerification } from '#shared/domain/accounts/registration';
import { publicHttpHandler } from '#shared/http/public-handler';
import { accepted } from '#shared/http/responses';
import { EmailBody } from '#shared/schemas/auth';
import { mailingAccountDeps } from './mail-deps';

export const handler = publicHttpHandler({ schemas: { body: EmailBody } }, async ({ body, sourceIp }) => {
  await resendVerification(mailingAccountDeps, body.email, sourceIp);
  return accepted({
    status: 'accepted',
    message: 'If this address has an unconfirmed account, a new confirmation link is on its way.',
  });
});

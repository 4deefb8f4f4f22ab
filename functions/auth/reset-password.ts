import { resetPassword } from '#shared/domain/accounts/password-reset';
import { publicHttpHandler } from '#shared/http/public-handler';
import { ok } from '#shared/http/responses';
import { ResetPasswordBody } from '#shared/schemas/new-password';
import { accountDeps } from './deps';

export const handler = publicHttpHandler(
  { schemas: { body: ResetPasswordBody } },
  async ({ body, sourceIp }) => {
    await resetPassword(accountDeps, body.token, body.password, sourceIp);
    return ok({
      status: 'password_changed',
      message: 'Your password is changed and every session is signed out.',
    });
  },
);

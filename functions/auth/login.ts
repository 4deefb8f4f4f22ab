import { REFRESH_TTL_DAYS } from '#shared/domain/accounts/deps';
import { login } from '#shared/domain/accounts/sessions';
import { publicHttpHandler } from '#shared/http/public-handler';
import { ok } from '#shared/http/responses';
import { cookieSessionReply, sessionCookieOptions, wantsCookieSession } from '#shared/http/session-cookies';
import { LoginBody } from '#shared/schemas/auth';
import { sessionAccountDeps } from './session-deps';

export const handler = publicHttpHandler(
  { schemas: { body: LoginBody } },
  async ({ body, sourceIp, headers }) => {
    const session = await login(sessionAccountDeps, body, sourceIp);
    return wantsCookieSession(headers)
      ? cookieSessionReply(session, { ...sessionCookieOptions(), maxAgeSeconds: REFRESH_TTL_DAYS * 86_400 })
      : ok(session);
  },
);

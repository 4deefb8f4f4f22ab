import { logout } from '#shared/domain/accounts/sessions';
import { publicHttpHandler } from '#shared/http/public-handler';
import { noContent } from '#shared/http/responses';
import {
  clearedRefreshCookies,
  presentedRefreshToken,
  sessionCookieOptions,
} from '#shared/http/session-cookies';
import { OptionalRefreshBody } from '#shared/schemas/auth';
import { accountDeps } from './deps';

export const handler = publicHttpHandler(
  { schemas: { body: OptionalRefreshBody } },
  async ({ body, event, headers }) => {
    const presented = presentedRefreshToken(body, event, headers);
    if (presented) await logout(accountDeps, presented.token);
    // Cleared whatever was presented: a browser that signs out ends up without a session cookie.
    return { ...noContent(), cookies: clearedRefreshCookies(sessionCookieOptions()) };
  },
);

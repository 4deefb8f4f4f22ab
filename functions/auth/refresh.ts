import { REFRESH_TTL_DAYS } from '#shared/domain/accounts/deps';
import { refresh } from '#shared/domain/accounts/sessions';
import { publicHttpHandler } from '#shared/http/public-handler';
import { ok } from '#shared/http/responses';
import {
  cookieSessionReply,
  noRefreshToken,
  presentedRefreshToken,
  sessionCookieOptions,
} from '#shared/http/session-cookies';
import { OptionalRefreshBody } from '#shared/schemas/auth';
import { sessionAccountDeps } from './session-deps';

export const handler = publicHttpHandler(
  { schemas: { body: OptionalRefreshBody } },
  async ({ body, sourceIp, event, headers }) => {
    const presented = presentedRefreshToken(body, event, headers);
    if (!presented) throw noRefreshToken();
    const session = await refresh(sessionAccountDeps, presented.token, sourceIp);
    // The refreshed cookie keeps the family's 30 days from now, as the rotated token's record does.
    return presented.viaCookie
      ? cookieSessionReply(session, { ...sessionCookieOptions(), maxAgeSeconds: REFRESH_TTL_DAYS * 86_400 })
      : ok(session);
  },
);

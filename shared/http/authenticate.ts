import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { verifyAccessToken } from '#shared/adapters/access-tokens';
import type { AuthMode } from '#shared/catalog';
import type { Identity } from '#shared/domain/identity';
import { UnauthorizedError } from '#shared/errors';

export type { AuthMode };

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/** The caller's identity from `Authorization: Bearer <accessToken>`, as the route's auth mode demands. */
export async function authenticate(
  event: APIGatewayProxyEventV2,
  mode: AuthMode,
): Promise<Identity | undefined> {
  if (mode === 'none') return undefined;
  const token = bearerToken(event, mode);
  return token === undefined ? undefined : verifyAccessToken(token);
}

/** The bearer token of the request; undefined when there is none and the mode allows that. */
export function bearerToken(event: APIGatewayProxyEventV2, mode: AuthMode): string | undefined {
  const header = event.headers.authorization;
  if (header === undefined) {
    if (mode !== 'required') return undefined;
    throw new UnauthorizedError('unauthorized', 'This route needs Authorization: Bearer <accessToken>');
  }
  const match = BEARER.exec(header.trim());
  if (!match?.[1])
    throw new UnauthorizedError('invalid_token', 'The Authorization header is not a bearer token');
  return match[1];
}

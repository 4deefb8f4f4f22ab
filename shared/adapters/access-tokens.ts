/**
 * Access tokens: short-lived HS256 JWTs. Only HS256 is accepted, so `alg: none` and algorithm confusion fail;
 * issuer, audience and expiry are always checked.
 */
import { errors, jwtVerify, SignJWT } from 'jose';
import { ACCESS_TOKEN_TTL_SECONDS } from '#shared/domain/accounts/deps';
import type { Identity } from '#shared/domain/identity';
import { UnauthorizedError } from '#shared/errors';
import { signingKey } from './signing-key';

const ISSUER = 'skylark';
const AUDIENCE = 'skylark-api';
const ALGORITHM = 'HS256';

export type { Identity };

export async function issueAccessToken(identity: Identity, now = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ username: identity.username })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(identity.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ACCESS_TOKEN_TTL_SECONDS)
    .sign(await signingKey());
}

/** Verifies a token; every failure is the same 401 so clients learn nothing about why. */
export async function verifyAccessToken(token: string): Promise<Identity> {
  try {
    const { payload } = await jwtVerify(token, await signingKey(), {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    if (typeof payload.sub !== 'string' || typeof payload.username !== 'string') throw invalidToken();
    return { userId: payload.sub, username: payload.username };
  } catch (error) {
    if (error instanceof errors.JOSEError || error instanceof UnauthorizedError) throw invalidToken();
    throw error;
  }
}

function invalidToken(): UnauthorizedError {
  return new UnauthorizedError(
    'invalid_token',
    'The access token is missing, malformed, expired or not valid',
  );
}

/**
 * Access tokens: short-lived ES256 JWTs with a `kid` header. Only ES256 is accepted, so `alg: none`, HS256 and
 * algorithm confusion fail; the kid must name a key of the set in force (next, current, or previous while its
 * overlap lasts: shared/adapters/key-set.ts); issuer, audience and expiry are always checked.
 */
import { createLocalJWKSet, decodeProtectedHeader, errors, type JSONWebKeySet, jwtVerify } from 'jose';
import { ACCESS_TOKEN_TTL_SECONDS } from '#shared/domain/accounts/deps';
import type { Identity } from '#shared/domain/identity';
import { UnauthorizedError } from '#shared/errors';
import { type KeySet, verificationKeys } from './key-set';
import { currentSigner, keySet } from './signing-key';

const ISSUER = 'skylark';
const AUDIENCE = 'skylark-api';
const ALGORITHM = 'ES256';

export type { Identity };

export async function issueAccessToken(identity: Identity, now = new Date()): Promise<string> {
  const signer = await currentSigner();
  const issuedAt = Math.floor(now.getTime() / 1000);
  const header = encode({ alg: ALGORITHM, typ: 'JWT', kid: signer.kid });
  const payload = encode({
    sub: identity.userId,
    username: identity.username,
    iss: ISSUER,
    aud: AUDIENCE,
    iat: issuedAt,
    exp: issuedAt + ACCESS_TOKEN_TTL_SECONDS,
  });
  const signingInput = `${header}.${payload}`;
  const signature = await signer.sign(new TextEncoder().encode(signingInput));
  return `${signingInput}.${Buffer.from(signature).toString('base64url')}`;
}

/** Verifies a token; every failure is the same 401 so clients learn nothing about why. */
export async function verifyAccessToken(token: string, now = new Date()): Promise<Identity> {
  try {
    if (typeof protectedHeaderOf(token).kid !== 'string') throw invalidToken();
    const { payload } = await jwtVerify(token, await verifier(now), {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['sub', 'exp', 'iat'],
      currentDate: now,
    });
    if (typeof payload.sub !== 'string' || typeof payload.username !== 'string') throw invalidToken();
    return { userId: payload.sub, username: payload.username };
  } catch (error) {
    if (error instanceof errors.JOSEError || error instanceof UnauthorizedError) throw invalidToken();
    throw error;
  }
}

/** jose throws a plain TypeError (not a JOSEError) for a token that is not three dot-separated parts. */
function protectedHeaderOf(token: string): ReturnType<typeof decodeProtectedHeader> {
  try {
    return decodeProtectedHeader(token);
  } catch {
    throw invalidToken();
  }
}

type Verifier = ReturnType<typeof createLocalJWKSet>;
/** jose's local JWK set imports each key once; one per (key set, accepted kids) is kept. */
let cachedVerifier: { set: KeySet; kids: string; verifier: Verifier } | undefined;

async function verifier(now: Date): Promise<Verifier> {
  const set = await keySet();
  const keys = verificationKeys(set, now);
  const kids = keys.map((key) => key.kid).join(',');
  if (cachedVerifier?.set !== set || cachedVerifier.kids !== kids) {
    const jwks: JSONWebKeySet = {
      keys: keys.map((key) => ({ ...key.publicKey, kid: key.kid, alg: ALGORITHM, use: 'sig' })),
    };
    cachedVerifier = { set, kids, verifier: createLocalJWKSet(jwks) };
  }
  return cachedVerifier.verifier;
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function invalidToken(): UnauthorizedError {
  return new UnauthorizedError(
    'invalid_token',
    'The access token is missing, malformed, expired or not valid',
  );
}

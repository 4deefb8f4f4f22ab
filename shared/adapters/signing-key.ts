/**
 * The HS256 key that signs access tokens. In AWS it lives in Secrets Manager (created by the stateful stack)
 * and is cached for five minutes through Powertools Parameters; locally it comes from SIGNING_KEY, which the
 * local stack generates into .skylark/.
 *
 * The key is handed to jose as a CryptoKey imported once per secret value: given raw bytes, jose imports them
 * again on every sign and verify.
 */
import { webcrypto } from 'node:crypto';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { config } from '#shared/config';

const CACHE_SECONDS = 300;
const MIN_KEY_BYTES = 32;

let cached: { encoded: string; key: Promise<webcrypto.CryptoKey> } | undefined;

export async function signingKey(): Promise<webcrypto.CryptoKey> {
  const { SIGNING_KEY, SIGNING_KEY_SECRET_ARN } = config();
  const encoded = SIGNING_KEY ?? (await secretValue(SIGNING_KEY_SECRET_ARN));
  // A rotated secret (seen once the five-minute cache expires) gets a key of its own.
  if (cached?.encoded !== encoded) cached = { encoded, key: importKey(encoded, SIGNING_KEY !== undefined) };
  return cached.key;
}

function importKey(encoded: string, local: boolean): Promise<webcrypto.CryptoKey> {
  // Secrets Manager generates printable text; the local key is base64url. Both are used as raw bytes.
  const bytes = local ? Buffer.from(encoded, 'base64url') : Buffer.from(encoded, 'utf8');
  if (bytes.length < MIN_KEY_BYTES)
    return Promise.reject(new Error('The signing key is shorter than 32 bytes'));
  return webcrypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

async function secretValue(arn: string | undefined): Promise<string> {
  if (!arn) throw new Error('No signing key configured');
  const value = await getSecret(arn, { maxAge: CACHE_SECONDS });
  if (typeof value !== 'string' || value.length === 0) throw new Error('The signing key secret is empty');
  return value;
}

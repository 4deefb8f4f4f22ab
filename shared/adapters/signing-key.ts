/**
 * The HS256 key that signs access tokens. In AWS it lives in Secrets Manager (created by the stateful stack)
 * and is cached for five minutes through Powertools Parameters; locally it comes from SIGNING_KEY, which the
 * local stack generates into .skylark/.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { config } from '#shared/config';

const CACHE_SECONDS = 300;
const MIN_KEY_BYTES = 32;

export async function signingKey(): Promise<Uint8Array> {
  const { SIGNING_KEY, SIGNING_KEY_SECRET_ARN } = config();
  const encoded = SIGNING_KEY ?? (await secretValue(SIGNING_KEY_SECRET_ARN));
  // Secrets Manager generates printable text; the local key is base64url. Both are used as raw bytes.
  const key = SIGNING_KEY ? Buffer.from(encoded, 'base64url') : Buffer.from(encoded, 'utf8');
  if (key.length < MIN_KEY_BYTES) throw new Error('The signing key is shorter than 32 bytes');
  return key;
}

async function secretValue(arn: string | undefined): Promise<string> {
  if (!arn) throw new Error('No signing key configured');
  const value = await getSecret(arn, { maxAge: CACHE_SECONDS });
  if (typeof value !== 'string' || value.length === 0) throw new Error('The signing key secret is empty');
  return value;
}

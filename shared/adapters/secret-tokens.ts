/**
 * Random bearer secrets (email links, reset links, refresh tokens). The secret goes to its owner once; only its
 * SHA-256 is stored, so a leaked table reveals no usable token.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SecretToken } from '#shared/domain/accounts/ports';

const TOKEN_BYTES = 32;

/** `token`: 43 base64url characters, sent to the user; `hash`: its hex SHA-256, stored. */
export type { SecretToken };

export function newSecretToken(): SecretToken {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

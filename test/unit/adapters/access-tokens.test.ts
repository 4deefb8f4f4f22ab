/**
 * ES256 access tokens over a key set: kid header, rotation overlap, and the AWS path (public set from the table,
 * signatures from KMS) with the SDK mocked at its edge. Each test loads the adapter afresh (vi.resetModules)
 * because configuration is read once per process, as in Lambda.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateKeyEntry, generateKeySet, LOCAL_OVERLAP_SECONDS } from '#local/signing-key';
import { type KeyEntry, publicKeySet, rotateKeySet } from '#shared/adapters/key-set';

const original = { ...process.env };
afterEach(() => {
  process.env = { ...original };
  vi.resetModules();
});

const identity = { userId: 'user-1', username: 'ada' };
const minutes = (n: number) => n * 60_000;

async function adapterWith(env: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  vi.resetModules();
  return import('#shared/adapters/access-tokens');
}

describe('access tokens', () => {
  it('signs with ES256 and names the current key in the kid header', async () => {
    const set = generateKeySet();
    const tokens = await adapterWith({ ACCESS_TOKEN_KEYS: JSON.stringify(set) });
    const token = await tokens.issueAccessToken(identity);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', typ: 'JWT', kid: set.current.kid });
    await expect(tokens.verifyAccessToken(token)).resolves.toEqual(identity);
  });

  it('refuses a token whose kid is not in the set', async () => {
    const stranger = generateKeySet();
    const issuer = await adapterWith({ ACCESS_TOKEN_KEYS: JSON.stringify(stranger) });
    const token = await issuer.issueAccessToken(identity);
    const verifier = await adapterWith({ ACCESS_TOKEN_KEYS: JSON.stringify(generateKeySet()) });
    await expect(verifier.verifyAccessToken(token)).rejects.toMatchObject({ statusCode: 401 });
  });

  it('refuses a token that is not three dot-separated parts with the same 401, not a 500', async () => {
    const tokens = await adapterWith({ ACCESS_TOKEN_KEYS: JSON.stringify(generateKeySet()) });
    for (const token of ['not-a-token', 'a.b', 'e30.e30.', '....']) {
      await expect(tokens.verifyAccessToken(token)).rejects.toMatchObject({
        statusCode: 401,
        code: 'invalid_token',
      });
    }
  });

  describe('rotation', () => {
    const rotatedAt = new Date('2026-06-01T12:00:00Z');
    const before = generateKeySet(new Date(rotatedAt.getTime() - minutes(60)));
    const { set: after } = rotateKeySet(
      before,
      generateKeyEntry(rotatedAt),
      rotatedAt,
      LOCAL_OVERLAP_SECONDS,
    );

    it('moves next to current and current to previous with an overlap', () => {
      expect(after.current.kid).toBe(before.next?.kid);
      expect(after.previous?.kid).toBe(before.current.kid);
      expect(after.previous?.verifiesUntil).toBe('2026-06-01T13:00:00.000Z');
      expect(after.next?.kid).not.toBe(before.current.kid);
    });

    it('verifies a token signed with the previous key during the overlap, not after', async () => {
      const tokens = await adapterWith({ ACCESS_TOKEN_KEYS: JSON.stringify(after) });
      const previous = after.previous as KeyEntry;
      const during = new Date(rotatedAt.getTime() + minutes(50));
      const afterOverlap = new Date(rotatedAt.getTime() + minutes(61));
      // Each token is fresh at the moment it is checked, so only the key's overlap decides.
      await expect(tokens.verifyAccessToken(signWith(previous, during), during)).resolves.toEqual(identity);
      await expect(
        tokens.verifyAccessToken(signWith(previous, afterOverlap), afterOverlap),
      ).rejects.toMatchObject({ statusCode: 401 });
    });

    it('issues with the new current key, which verifiers already knew as next', async () => {
      const issuer = await adapterWith({ ACCESS_TOKEN_KEYS: JSON.stringify(after) });
      const token = await issuer.issueAccessToken(identity);
      expect(decodeProtectedHeader(token).kid).toBe(before.next?.kid);
      // A verifier still holding the set from before the rotation (cached) accepts it.
      const stale = await adapterWith({ ACCESS_TOKEN_KEYS: JSON.stringify(before) });
      await expect(stale.verifyAccessToken(token)).resolves.toEqual(identity);
    });
  });

  describe('in AWS', () => {
    it('reads the public set from the table and signs through KMS, never holding a private key', async () => {
      const set = generateKeySet();
      const table = mockClient(DynamoDBDocumentClient);
      const kms = mockClient(KMSClient);
      table
        .on(GetCommand, { Key: { PK: 'CONFIG', SK: 'ACCESS_TOKEN_KEYS' } })
        .resolves({ Item: { keySet: JSON.stringify(publicKeySet(set)) } });
      // Stands in for KMS: a DER signature by the private key KMS would hold.
      kms.on(SignCommand).callsFake((input: { KeyId: string; Message: Uint8Array }) => {
        expect(input.KeyId).toBe(set.current.kid);
        return { Signature: derSignature(set.current, input.Message), KeyId: input.KeyId };
      });
      const tokens = await adapterWith({ ACCESS_TOKEN_KEYS: undefined });
      const token = await tokens.issueAccessToken(identity);
      await expect(tokens.verifyAccessToken(token)).resolves.toEqual(identity);
      await expect(tokens.verifyAccessToken(token)).resolves.toEqual(identity);
      // The item is cached: two verifications and an issue read it once.
      expect(table.commandCalls(GetCommand)).toHaveLength(1);
      expect(kms.commandCalls(SignCommand)).toHaveLength(1);
      table.restore();
      kms.restore();
    });

    it('re-reads the item once the cache has expired, so a rotation reaches warm functions', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        const first = generateKeySet();
        const rotated = generateKeySet();
        const table = mockClient(DynamoDBDocumentClient);
        table
          .on(GetCommand)
          .resolvesOnce({ Item: { keySet: JSON.stringify(first) } })
          .resolves({ Item: { keySet: JSON.stringify(rotated) } });
        const tokens = await adapterWith({ ACCESS_TOKEN_KEYS: undefined });
        const before = await tokens.issueAccessToken(identity);
        expect(decodeProtectedHeader(before).kid).toBe(first.current.kid);
        vi.setSystemTime(Date.now() + minutes(4));
        expect(decodeProtectedHeader(await tokens.issueAccessToken(identity)).kid).toBe(first.current.kid);
        vi.setSystemTime(Date.now() + minutes(2));
        expect(decodeProtectedHeader(await tokens.issueAccessToken(identity)).kid).toBe(rotated.current.kid);
        expect(table.commandCalls(GetCommand)).toHaveLength(2);
        table.restore();
      } finally {
        vi.useRealTimers();
      }
    });

    it('fails with a clear error when no key set was published', async () => {
      const table = mockClient(DynamoDBDocumentClient);
      table.on(GetCommand).resolves({});
      const tokens = await adapterWith({ ACCESS_TOKEN_KEYS: undefined });
      await expect(tokens.issueAccessToken(identity)).rejects.toThrow(/No access-token key set in the table/);
      table.restore();
    });
  });
});

describe('derToJoseSignature', () => {
  it('turns a DER ECDSA signature into the r‖s form JWS verifies', async () => {
    const { derToJoseSignature } = await import('#shared/adapters/signing-key');
    const key = generateKeyEntry();
    const { createPublicKey, verify } = await import('node:crypto');
    const publicKey = createPublicKey({ key: key.publicKey, format: 'jwk' });
    for (let i = 0; i < 20; i++) {
      const message = Buffer.from(`message ${i}`);
      const jose = derToJoseSignature(derSignature(key, message));
      expect(jose).toHaveLength(64);
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jose)).toBe(true);
    }
  });

  it('refuses bytes that are not DER', async () => {
    const { derToJoseSignature } = await import('#shared/adapters/signing-key');
    expect(() => derToJoseSignature(new Uint8Array(64))).toThrow(/DER/);
  });
});

function derSignature(key: KeyEntry, message: Uint8Array): Uint8Array {
  const privateKey = createPrivateKey({ key: { ...key.publicKey, d: key.privateKey }, format: 'jwk' });
  return new Uint8Array(sign('sha256', message, { key: privateKey, dsaEncoding: 'der' }));
}

/** A token for `identity`, fresh at `at`, signed with `key` and naming it. */
function signWith(key: KeyEntry, at: Date): string {
  const iat = Math.floor(at.getTime() / 1000);
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${b64({ alg: 'ES256', typ: 'JWT', kid: key.kid })}.${b64({
    sub: identity.userId,
    username: identity.username,
    iss: 'skylark',
    aud: 'skylark-api',
    iat,
    exp: iat + 900,
  })}`;
  const privateKey = createPrivateKey({ key: { ...key.publicKey, d: key.privateKey }, format: 'jwk' });
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

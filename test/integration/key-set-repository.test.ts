/**
 * The AWS path of the access-token keys against DynamoDB Local: the rotation publishes the key set as a table
 * item and the token adapter, without ACCESS_TOKEN_KEYS, reads it from there (the same GetItem verifiers make in
 * Lambda). The set published here keeps its private key so the local signer can issue; in AWS it holds only
 * public keys and KMS signs.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateKeySet } from '#local/signing-key';
import { publicKeySet } from '#shared/adapters/key-set';
import { publishKeySet, readPublishedKeySet } from '#shared/db/key-set-repository';

const original = { ...process.env };
afterEach(() => {
  process.env = { ...original };
  vi.resetModules();
});

describe('the published access-token key set', () => {
  it('round-trips through the table and is what verifiers trust', async () => {
    const set = generateKeySet();
    await publishKeySet(JSON.stringify(set));
    expect(JSON.parse((await readPublishedKeySet()) ?? '')).toEqual(set);

    delete process.env.ACCESS_TOKEN_KEYS;
    vi.resetModules();
    const tokens = await import('#shared/adapters/access-tokens');
    const identity = { userId: 'key-set-user', username: 'keyset' };
    const token = await tokens.issueAccessToken(identity);
    await expect(tokens.verifyAccessToken(token)).resolves.toEqual(identity);

    // A token signed by a key outside the published set is refused.
    process.env.ACCESS_TOKEN_KEYS = JSON.stringify(generateKeySet());
    vi.resetModules();
    const foreign = await (await import('#shared/adapters/access-tokens')).issueAccessToken(identity);
    await expect(tokens.verifyAccessToken(foreign)).rejects.toMatchObject({ statusCode: 401 });
  });

  it('a later publication replaces the earlier one', async () => {
    const first = publicKeySet(generateKeySet());
    const second = publicKeySet(generateKeySet());
    await publishKeySet(JSON.stringify(first));
    await publishKeySet(JSON.stringify(second));
    expect(JSON.parse((await readPublishedKeySet()) ?? '')).toEqual(second);
  });
});

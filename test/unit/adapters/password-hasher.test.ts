import { describe, expect, it } from 'vitest';
import {
  CURRENT_PARAMETERS,
  hashPassword,
  needsRehash,
  verifyAgainstDummy,
  verifyPassword,
} from '#shared/adapters/password-hasher';

const FAST = { logN: 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('uses scrypt at OWASP cost by default and stores the parameters with the hash', async () => {
    expect(CURRENT_PARAMETERS).toEqual({ logN: 17, r: 8, p: 1 });
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/);
    expect(hash).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
  });

  it('refuses a wrong password and salts every hash', async () => {
    const first = await hashPassword('passphrase one', FAST);
    const second = await hashPassword('passphrase one', FAST);
    expect(first).not.toBe(second);
    expect(await verifyPassword('passphrase two', first)).toBe(false);
    expect(await verifyPassword('passphrase one', second)).toBe(true);
  });

  it('never truncates: passwords differing only after 200 characters differ', async () => {
    const base = 'x'.repeat(200);
    const hash = await hashPassword(`${base}a`, FAST);
    expect(await verifyPassword(`${base}b`, hash)).toBe(false);
  });

  it('treats NFC and NFD spellings of a password as the same', async () => {
    const hash = await hashPassword('Jos\u00e9 secret', FAST);
    expect(await verifyPassword('Jose\u0301 secret', hash)).toBe(true);
  });

  it('asks for a rehash when stored parameters are weaker than current, or the hash is not ours', async () => {
    expect(needsRehash(await hashPassword('weak hash here', FAST))).toBe(true);
    expect(needsRehash('$2b$10$notscrypt')).toBe(true);
    expect(await verifyPassword('anything', 'garbage')).toBe(false);
  });

  it('verifies against a dummy hash for unknown accounts and always fails', async () => {
    expect(await verifyAgainstDummy('whatever you typed')).toBe(false);
  });
});

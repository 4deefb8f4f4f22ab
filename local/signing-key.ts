/**
 * The local access-token key set (ES256). AWS keeps the private keys in KMS and the public set in SSM; locally
 * the set, private keys included, is generated once into the data directory (readable by the owner only), so
 * access tokens survive a restart. With --in-memory it lives only as long as the process.
 * `rotateLocalKeySet` applies the same rotation step the scheduled rotation applies in AWS.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type KeyEntry, type KeySet, parseKeySet, rotateKeySet } from '#shared/adapters/key-set';

/** Locally a rotation's previous key verifies for as long as an access token lives (15 min) plus a margin. */
export const LOCAL_OVERLAP_SECONDS = 3_600;

/** A fresh P-256 key pair as a key-set entry (the private scalar kept, since nothing else holds it). */
export function generateKeyEntry(now = new Date()): KeyEntry {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' });
  if (!jwk.x || !jwk.y || !jwk.d) throw new Error('node:crypto exported an incomplete P-256 key');
  return {
    kid: `local-${randomUUID()}`,
    publicKey: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y },
    privateKey: jwk.d,
    createdAt: now.toISOString(),
  };
}

/** A new key set: a current key and the next one, as the first rotation in AWS creates them. */
export function generateKeySet(now = new Date()): KeySet {
  return { current: generateKeyEntry(now), next: generateKeyEntry(now) };
}

/** The key set JSON stored at `path`, created on first use; no path = a fresh set for this process only. */
export async function loadOrCreateKeySet(path: string | undefined): Promise<string> {
  if (path === undefined) return JSON.stringify(generateKeySet());
  const existing = await readKeySet(path);
  if (existing !== undefined) return existing;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const text = JSON.stringify(generateKeySet(), null, 2);
  // 'wx': never overwrite a key set another process has just written.
  await writeFile(path, `${text}\n`, { mode: 0o600, flag: 'wx' });
  return text;
}

/** One rotation step on the stored set (the stack reads the file at start: restart it afterwards). */
export async function rotateLocalKeySet(path: string, now = new Date()): Promise<KeySet> {
  const text = await readKeySet(path);
  if (text === undefined) throw new Error(`${path} does not exist; start the stack once first`);
  const { set } = rotateKeySet(parseKeySet(text, path), generateKeyEntry(now), now, LOCAL_OVERLAP_SECONDS);
  await writeFile(`${path}.tmp`, `${JSON.stringify(set, null, 2)}\n`, { mode: 0o600 });
  await rename(`${path}.tmp`, path);
  return set;
}

async function readKeySet(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const set = parseKeySet(text, `${path} (delete it to get a new key set)`);
  if (!set.current.privateKey) throw new Error(`${path}: the current key has no private part`);
  // A key file copied around by hand may have lost its mode; only the owner should read it.
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  return JSON.stringify(set);
}

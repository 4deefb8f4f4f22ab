/**
 * The local JWT signing key. AWS keeps it in Secrets Manager; locally it is generated once into the data
 * directory (readable by the owner only), so access tokens survive a restart. With --in-memory it lives only
 * as long as the process.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const KEY_BYTES = 32;

export function generateSigningKey(): string {
  return randomBytes(KEY_BYTES).toString('base64url');
}

/** The key stored at `path`, created on first use; no path = a fresh key for this process only. */
export async function loadOrCreateSigningKey(path: string | undefined): Promise<string> {
  if (path === undefined) return generateSigningKey();
  const existing = await readKey(path);
  if (existing !== undefined) return existing;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const key = generateSigningKey();
  // 'wx': never overwrite a key another process has just written.
  await writeFile(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

async function readKey(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const key = text.trim();
  if (Buffer.from(key, 'base64url').length < KEY_BYTES) {
    throw new Error(
      `${path} does not hold a base64url key of at least ${KEY_BYTES} bytes; delete it to get a new one`,
    );
  }
  // A key copied around by hand may have lost its mode; only the owner should read it.
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  return key;
}

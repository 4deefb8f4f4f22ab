import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localArchiveStore, readLocalArchive, s3ArchiveLinks } from '#shared/adapters/archive-store';

const SECRET = 'a'.repeat(43);
const KEY = 'exports/01USER/01EXPORT.json';
let directory: string;
let now = Date.parse('2026-12-02T03:00:00.000Z');

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'archive-store-test-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function linkParts(url: string) {
  const { searchParams } = new URL(url);
  return {
    key: searchParams.get('key'),
    expires: searchParams.get('expires'),
    signature: searchParams.get('signature'),
  };
}

describe('the local archive store', () => {
  const settings = () => ({ directory, secret: SECRET, publicUrl: 'http://localhost:3000', now: () => now });

  it('serves an archive behind its signed link until the link expires', async () => {
    const store = localArchiveStore(settings());
    await store.put(KEY, '{"schemaVersion":1}');
    const url = await store.link(KEY, 900);
    expect(url).toMatch(/^http:\/\/localhost:3000\/_local\/export\?/);
    const read = await readLocalArchive(settings(), linkParts(url));
    expect(read.found && read.document.toString()).toBe('{"schemaVersion":1}');
    now += 901_000;
    expect(await readLocalArchive(settings(), linkParts(url))).toEqual({
      found: false,
      reason: 'link_expired',
    });
  });

  it('refuses a link whose key, expiry or signature was changed', async () => {
    const store = localArchiveStore(settings());
    await store.put(KEY, '{}');
    const parts = linkParts(await store.link(KEY, 900));
    for (const forged of [
      { ...parts, key: 'exports/01OTHER/01EXPORT.json' },
      { ...parts, expires: String(Number(parts.expires) + 3600) },
      { ...parts, signature: `${parts.signature?.slice(0, -1)}A` },
      { ...parts, key: '../../etc/passwd' },
    ]) {
      expect(await readLocalArchive(settings(), forged)).toEqual({ found: false, reason: 'invalid_link' });
    }
  });

  it('answers not found once the archive is removed, and refuses keys that leave the directory', async () => {
    const store = localArchiveStore(settings());
    await store.put(KEY, '{}');
    const parts = linkParts(await store.link(KEY, 900));
    await store.remove(KEY);
    expect(await readLocalArchive(settings(), parts)).toEqual({ found: false, reason: 'not_found' });
    await expect(store.put('exports/../x.json', '{}')).rejects.toThrow(/Not an archive key/);
  });
});

describe('the S3 archive links', () => {
  it('download the archive as a file and expire after the time asked for', async () => {
    const links = s3ArchiveLinks({
      bucket: 'skylark-exports',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' },
      now: () => new Date(now),
    });
    const { host, pathname, searchParams } = new URL(await links.link(KEY, 900));
    expect(host).toBe('skylark-exports.s3.eu-west-1.amazonaws.com');
    expect(pathname).toBe(`/${KEY}`);
    expect(searchParams.get('response-content-disposition')).toBe(
      'attachment; filename="skylark-export.json"',
    );
    expect(searchParams.get('X-Amz-Expires')).toBe('900');
  });
});

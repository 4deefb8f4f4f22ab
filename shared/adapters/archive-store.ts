/**
 * Where account archives live, behind the domain's ArchiveStore port, with two adapters chosen by the
 * configuration:
 * - in AWS (EXPORT_BUCKET): an object in the private export bucket, fetched through a presigned GET URL that
 *   expires (the bucket's lifecycle rule deletes objects after 7 days). No function bundles the S3 client:
 *   links are presigned GETs (./s3-presigned-url.ts), writing and deleting are presigned PUTs and DELETEs
 *   sent with fetch (./s3-objects.ts);
 * - in the local stack (EXPORT_DIR + EXPORT_LINK_SECRET): a file under the data directory, served by the local
 *   gateway at /_local/export behind an HMAC-signed link that expires (local/local-routes.ts verifies it).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
// In the Lambda bundles this is the environment alone (infra/constructs/function-bundle.ts BUNDLE_ALIASES).
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { config } from '#shared/config';
import type { ArchiveLinks, ArchiveStore } from '#shared/domain/account-lifecycle/export-ports';
import { ServiceUnavailableError } from '#shared/errors';
import { type S3Objects, s3Objects } from './s3-objects';
import { type S3PresignerSettings, s3GetPresigner } from './s3-presigned-url';

const CONTENT_TYPE = 'application/json; charset=utf-8';
/** The shape archiveKeyOf gives: no path tricks can reach a file outside the archive directory. */
const ARCHIVE_KEY = /^exports\/[0-9A-Za-z]{1,64}\/[0-9A-Za-z]{1,64}\.json$/;

const DOWNLOAD_DISPOSITION = 'attachment; filename="skylark-export.json"';

/** Links to the bucket's archives: presigned GETs that download as a file. */
export function s3ArchiveLinks(settings: S3PresignerSettings): ArchiveLinks {
  const presign = s3GetPresigner(settings);
  return {
    link: (key, expiresInSeconds) =>
      presign({ key, expiresInSeconds, responseContentDisposition: DOWNLOAD_DISPOSITION }),
  };
}

export function s3ArchiveStore(objects: S3Objects, links: ArchiveLinks): ArchiveStore {
  return {
    put: (key, document) => objects.put(key, document, CONTENT_TYPE),
    link: (key, expiresInSeconds) => links.link(key, expiresInSeconds),
    remove: (key) => objects.remove(key),
  };
}

export interface LocalArchiveSettings {
  directory: string;
  secret: string;
  publicUrl: string;
  now?: () => number;
}

/** The local adapter: files under `directory`, links to the gateway signed with `secret`. */
export function localArchiveStore(settings: LocalArchiveSettings): ArchiveStore {
  const now = settings.now ?? Date.now;
  const pathOf = (key: string) => join(settings.directory, checkedKey(key));
  return {
    async put(key, document) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeFile(path, document, { mode: 0o600 });
    },
    async link(key, expiresInSeconds) {
      const expires = Math.floor(now() / 1000) + expiresInSeconds;
      const query = new URLSearchParams({
        key: checkedKey(key),
        expires: String(expires),
        signature: linkSignature(settings.secret, key, expires),
      });
      return `${settings.publicUrl}/_local/export?${query}`;
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

export type LocalArchiveRead =
  | { found: true; document: Buffer }
  | { found: false; reason: 'invalid_link' | 'link_expired' | 'not_found' };

/** What the local gateway serves for a link: the archive, if the link is genuine, unexpired and it exists. */
export async function readLocalArchive(
  settings: Pick<LocalArchiveSettings, 'directory' | 'secret' | 'now'>,
  link: { key: string | null; expires: string | null; signature: string | null },
): Promise<LocalArchiveRead> {
  const expires = Number(link.expires);
  if (!link.key || !ARCHIVE_KEY.test(link.key) || !Number.isInteger(expires) || !link.signature) {
    return { found: false, reason: 'invalid_link' };
  }
  const expected = Buffer.from(linkSignature(settings.secret, link.key, expires));
  const given = Buffer.from(link.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { found: false, reason: 'invalid_link' };
  }
  if (expires * 1000 <= (settings.now ?? Date.now)()) return { found: false, reason: 'link_expired' };
  try {
    return { found: true, document: await readFile(join(settings.directory, link.key)) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { found: false, reason: 'not_found' };
    throw error;
  }
}

function linkSignature(secret: string, key: string, expires: number): string {
  return createHmac('sha256', secret).update(`${key}\n${expires}`).digest('base64url');
}

function checkedKey(key: string): string {
  if (!ARCHIVE_KEY.test(key)) throw new Error(`Not an archive key: ${key}`);
  return key;
}

type ArchiveBackend =
  | { kind: 's3'; bucket: string; region: string }
  | { kind: 'local'; settings: LocalArchiveSettings };

/** Which adapter this process is configured for; a clear 503 when neither is. */
function configuredBackend(): ArchiveBackend {
  const { EXPORT_BUCKET, EXPORT_DIR, EXPORT_LINK_SECRET, PUBLIC_URL, AWS_REGION } = config();
  if (EXPORT_BUCKET) return { kind: 's3', bucket: EXPORT_BUCKET, region: AWS_REGION };
  if (EXPORT_DIR && EXPORT_LINK_SECRET) {
    return {
      kind: 'local',
      settings: { directory: EXPORT_DIR, secret: EXPORT_LINK_SECRET, publicUrl: PUBLIC_URL },
    };
  }
  throw new ServiceUnavailableError(
    'export_unavailable',
    'Account exports are not configured on this instance (EXPORT_BUCKET)',
  );
}

function s3StoreOf(settings: S3PresignerSettings): ArchiveStore {
  return s3ArchiveStore(s3Objects(settings), s3ArchiveLinks(settings));
}

function s3SettingsOf(backend: ArchiveBackend & { kind: 's3' }): S3PresignerSettings {
  return { bucket: backend.bucket, region: backend.region, credentials: defaultProvider() };
}

let configuredStore: ArchiveStore | undefined;
let configuredLinks: ArchiveLinks | undefined;

/** The archive store this process is configured for. */
export function archiveStore(): ArchiveStore {
  if (!configuredStore) {
    const backend = configuredBackend();
    configuredStore =
      backend.kind === 's3' ? s3StoreOf(s3SettingsOf(backend)) : localArchiveStore(backend.settings);
  }
  return configuredStore;
}

/** Only the links of the configured store: what reading an export's state needs, without the S3 client. */
export function archiveLinks(): ArchiveLinks {
  if (!configuredLinks) {
    const backend = configuredBackend();
    configuredLinks =
      backend.kind === 's3' ? s3ArchiveLinks(s3SettingsOf(backend)) : localArchiveStore(backend.settings);
  }
  return configuredLinks;
}

/** The port, resolving the configured adapter on first use (so a function that never exports needs neither). */
export const configuredArchiveStore: ArchiveStore = {
  put: (key, document) => archiveStore().put(key, document),
  link: (key, expiresInSeconds) => archiveStore().link(key, expiresInSeconds),
  remove: (key) => archiveStore().remove(key),
};

/** The links alone, resolved on first use like configuredArchiveStore (GetExport references only these). */
export const configuredArchiveLinks: ArchiveLinks = {
  link: (key, expiresInSeconds) => archiveLinks().link(key, expiresInSeconds),
};

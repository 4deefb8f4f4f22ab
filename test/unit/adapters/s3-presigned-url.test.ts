import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
// The SDK's presigner is the reference here only: the functions presign without it (and without the S3 client).
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import {
  type PresignedGet,
  type SigningCredentials,
  s3GetPresigner,
  s3Presigner,
} from '#shared/adapters/s3-presigned-url';

const SIGNING_DATE = new Date('2026-12-03T15:04:05.000Z');
const BUCKET = 'skylark-prod-exportbucket-1a2b3c4d5e6f';
const SESSION_CREDENTIALS = {
  accessKeyId: 'ASIAEXAMPLEACCESSKEY',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+session/token=',
};
const ARCHIVE_GET: PresignedGet = {
  key: 'exports/01JEXAMPLEUSER/01JEXAMPLEEXPORT.json',
  expiresInSeconds: 900,
  responseContentDisposition: 'attachment; filename="skylark-export.json"',
};

interface Signing {
  region?: string;
  credentials?: SigningCredentials;
}

/** What the SDK's own presigner produces for the same object, credentials and signing time. */
function sdkPresignedUrl(
  get: PresignedGet,
  { region = 'eu-west-1', credentials = SESSION_CREDENTIALS }: Signing = {},
) {
  const client = new S3Client({ region, credentials });
  return getSignedUrl(
    client,
    new GetObjectCommand({
      Bucket: BUCKET,
      Key: get.key,
      ...(get.responseContentDisposition
        ? { ResponseContentDisposition: get.responseContentDisposition }
        : {}),
    }),
    { expiresIn: get.expiresInSeconds, signingDate: SIGNING_DATE },
  );
}

function presigner({ region = 'eu-west-1', credentials = SESSION_CREDENTIALS }: Signing = {}) {
  return s3GetPresigner({ bucket: BUCKET, region, credentials, now: () => SIGNING_DATE });
}

describe('a presigned S3 GET without the S3 client', () => {
  it('is the URL the SDK presigner gives: session token, disposition, expiry, virtual-hosted host', async () => {
    const url = await presigner()(ARCHIVE_GET);

    expect(url).toBe(await sdkPresignedUrl(ARCHIVE_GET));
    const { host, pathname, searchParams } = new URL(url);
    expect(host).toBe(`${BUCKET}.s3.eu-west-1.amazonaws.com`);
    expect(pathname).toBe(`/${ARCHIVE_GET.key}`);
    expect(searchParams.get('X-Amz-Expires')).toBe('900');
    expect(searchParams.get('X-Amz-Date')).toBe('20261203T150405Z');
    expect(searchParams.get('X-Amz-Security-Token')).toBe(SESSION_CREDENTIALS.sessionToken);
    expect(searchParams.get('response-content-disposition')).toBe(ARCHIVE_GET.responseContentDisposition);
    expect(searchParams.get('X-Amz-SignedHeaders')).toBe('host');
  });

  it('matches the SDK in us-east-1, with long-term keys, another expiry and no disposition', async () => {
    const longTermKeys = { accessKeyId: 'AKIAEXAMPLEACCESSKEY', secretAccessKey: 'secret/with+slash' };
    const get: PresignedGet = { key: 'exports/A/B.json', expiresInSeconds: 60 };

    const url = await presigner({ region: 'us-east-1', credentials: longTermKeys })(get);

    expect(url).toBe(await sdkPresignedUrl(get, { region: 'us-east-1', credentials: longTermKeys }));
    expect(new URL(url).searchParams.has('X-Amz-Security-Token')).toBe(false);
  });

  it('escapes a key as S3 expects, as the SDK does', async () => {
    const get: PresignedGet = { key: "exports/a b/it's (1)+*.json", expiresInSeconds: 300 };

    expect(await presigner()(get)).toBe(await sdkPresignedUrl(get));
  });

  it('signs a different URL for a different signing key', async () => {
    const other = { ...SESSION_CREDENTIALS, secretAccessKey: 'another-secret' };

    expect(await presigner({ credentials: other })(ARCHIVE_GET)).not.toBe(await presigner()(ARCHIVE_GET));
  });

  it('refuses a bucket it cannot address virtual-hosted style, and a region outside amazonaws.com', () => {
    const settings = { region: 'eu-west-1', credentials: SESSION_CREDENTIALS };
    expect(() => s3GetPresigner({ ...settings, bucket: 'my.dotted.bucket' })).toThrow(/virtual-hosted/);
    expect(() => s3GetPresigner({ ...settings, bucket: 'Upper' })).toThrow(/virtual-hosted/);
    expect(() => s3GetPresigner({ ...settings, bucket: BUCKET, region: 'cn-north-1' })).toThrow(/region/);
  });
});

describe('presigned S3 PUTs and DELETEs without the S3 client', () => {
  const key = 'exports/01JEXAMPLEUSER/01JEXAMPLEEXPORT.json';
  const checksum = 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=';
  const presign = s3Presigner({
    bucket: BUCKET,
    region: 'eu-west-1',
    credentials: SESSION_CREDENTIALS,
    now: () => SIGNING_DATE,
  });
  const client = new S3Client({ region: 'eu-west-1', credentials: SESSION_CREDENTIALS });

  it('is the PutObject URL the SDK presigner gives, the body checksum included', async () => {
    const url = await presign({
      method: 'PUT',
      key,
      expiresInSeconds: 300,
      query: { 'x-id': 'PutObject' },
      amzHeaders: { 'x-amz-checksum-sha256': checksum, 'x-amz-sdk-checksum-algorithm': 'SHA256' },
    });
    const sdk = await getSignedUrl(
      client,
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: key,
        ChecksumAlgorithm: 'SHA256',
        ChecksumSHA256: checksum,
      }),
      { expiresIn: 300, signingDate: SIGNING_DATE },
    );
    expect(url).toBe(sdk);
    expect(new URL(url).searchParams.get('x-amz-checksum-sha256')).toBe(checksum);
  });

  it('is the DeleteObject URL the SDK presigner gives', async () => {
    const url = await presign({
      method: 'DELETE',
      key,
      expiresInSeconds: 300,
      query: { 'x-id': 'DeleteObject' },
    });
    const sdk = await getSignedUrl(client, new DeleteObjectCommand({ Bucket: BUCKET, Key: key }), {
      expiresIn: 300,
      signingDate: SIGNING_DATE,
    });
    expect(url).toBe(sdk);
  });
});

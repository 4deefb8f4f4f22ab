/**
 * Writing and deleting archives without the S3 client (shared/adapters/s3-objects.ts), against a local HTTP
 * server that plays S3: it checks the body against the checksum in the signed URL, as S3 does, and answers
 * as scripted. The URLs themselves are compared with the SDK presigner's in ./s3-presigned-url.test.ts.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { S3RequestError, s3Objects } from '#shared/adapters/s3-objects';

const BUCKET = 'skylark-prod-exportbucket-1a2b3c4d5e6f';
const KEY = 'exports/01JEXAMPLEUSER/01JEXAMPLEEXPORT.json';
const CREDENTIALS = { accessKeyId: 'AKIAEXAMPLEACCESSKEY', secretAccessKey: 'secret' };

interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string | undefined;
  body: string;
}

/** What the server answers next: a status, for errors S3's XML error code, and how long it stalls first. */
type Answer = { status: number; code?: string; stallMs?: number };

let server: Server;
let base: string;
let received: Received[] = [];
let script: Answer[] = [];
const objects = new Map<string, string>();

function errorXml(code: string) {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>scripted</Message></Error>`;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://s3.local');
    const body = await bodyOf(request);
    received.push({
      method: request.method ?? '',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      contentType: request.headers['content-type'],
      body,
    });
    const answer = script.shift() ?? { status: request.method === 'DELETE' ? 204 : 200 };
    if (answer.stallMs) await new Promise((resolve) => setTimeout(resolve, answer.stallMs));
    // The client gave up on a stalled answer: nothing to answer.
    if (!response.socket || response.socket.destroyed) return;
    const digest = createHash('sha256').update(body).digest('base64');
    if (request.method === 'PUT' && url.searchParams.get('x-amz-checksum-sha256') !== digest) {
      response.writeHead(400, { 'x-amz-request-id': 'REQ-BAD' }).end(errorXml('BadDigest'));
      return;
    }
    if (answer.status >= 300) {
      response
        .writeHead(answer.status, {
          'x-amz-request-id': 'REQ-1',
          // A redirect names another endpoint, as S3's would (here the same server, another path).
          ...(answer.status < 400 ? { location: `${base}/elsewhere${url.pathname}` } : {}),
        })
        .end(errorXml(answer.code ?? 'InternalError'));
      return;
    }
    if (request.method === 'PUT') objects.set(url.pathname, body);
    if (request.method === 'DELETE') objects.delete(url.pathname);
    response.writeHead(answer.status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  received = [];
  script = [];
  objects.clear();
});

/** The bucket's real address swapped for the local server's; path and signed query kept. */
const toLocalServer: typeof fetch = (url, init) =>
  fetch(String(url).replace(`https://${BUCKET}.s3.eu-west-1.amazonaws.com`, base), init);

function store(overrides: Partial<Parameters<typeof s3Objects>[0]> = {}) {
  return s3Objects({
    bucket: BUCKET,
    region: 'eu-west-1',
    credentials: CREDENTIALS,
    fetch: toLocalServer,
    sleep: async () => undefined,
    ...overrides,
  });
}

describe('S3 objects through presigned requests', () => {
  it('puts the body with its content type and a checksum S3 verifies', async () => {
    const document = JSON.stringify({ posts: ['héllo wörld'] });
    await store().put(KEY, document, 'application/json; charset=utf-8');

    expect(received).toHaveLength(1);
    const [put] = received;
    expect(put).toMatchObject({
      method: 'PUT',
      path: `/${KEY}`,
      contentType: 'application/json; charset=utf-8',
    });
    expect(put?.query.get('x-id')).toBe('PutObject');
    expect(put?.query.get('X-Amz-Credential')).toMatch(
      /^AKIAEXAMPLEACCESSKEY\/\d{8}\/eu-west-1\/s3\/aws4_request$/,
    );
    expect(objects.get(`/${KEY}`)).toBe(document);
  });

  it('retries a throttled or failing write, signing each attempt, and succeeds', async () => {
    script = [{ status: 503, code: 'SlowDown' }, { status: 500 }];
    await store().put(KEY, '{}', 'application/json');

    expect(received.map((request) => request.method)).toEqual(['PUT', 'PUT', 'PUT']);
    expect(objects.get(`/${KEY}`)).toBe('{}');
  });

  it("fails with S3's code and request id, without retrying, when S3 refuses", async () => {
    script = [{ status: 403, code: 'AccessDenied' }];
    const error = await store()
      .put(KEY, '{}', 'application/json')
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(S3RequestError);
    expect(error).toMatchObject({
      operation: 'PutObject',
      status: 403,
      code: 'AccessDenied',
      requestId: 'REQ-1',
    });
    expect(received).toHaveLength(1);
  });

  it('gives up after the last attempt when S3 keeps failing', async () => {
    script = [
      { status: 503, code: 'SlowDown' },
      { status: 503, code: 'SlowDown' },
      { status: 503, code: 'SlowDown' },
    ];
    await expect(store().put(KEY, '{}', 'application/json')).rejects.toMatchObject({
      status: 503,
      code: 'SlowDown',
    });
    expect(received).toHaveLength(3);
    expect(objects.size).toBe(0);
  });

  it('retries a network failure, and rethrows it after the last attempt', async () => {
    let calls = 0;
    const unreachable: typeof fetch = async () => {
      calls++;
      throw new TypeError('fetch failed');
    };
    await expect(store({ fetch: unreachable, maxAttempts: 2 }).remove(KEY)).rejects.toThrow('fetch failed');
    expect(calls).toBe(2);
  });

  it('fails with the redirect S3 answers (a wrong region) instead of sending the body elsewhere', async () => {
    script = [{ status: 301, code: 'PermanentRedirect' }];
    await expect(store().put(KEY, '{}', 'application/json')).rejects.toMatchObject({
      status: 301,
      code: 'PermanentRedirect',
    });
    expect(received).toHaveLength(1);
  });

  it('abandons an attempt that stalls, and retries it', async () => {
    script = [{ status: 200, stallMs: 1_000 }];
    await store({ attemptTimeoutMs: 100 }).remove(KEY);
    expect(received).toHaveLength(2);
  });

  it('deletes an object, and a delete S3 answers with 204 again succeeds', async () => {
    await store().put(KEY, '{}', 'application/json');
    await store().remove(KEY);
    await store().remove(KEY);

    expect(received.map((request) => `${request.method} ${request.query.get('x-id')}`)).toEqual([
      'PUT PutObject',
      'DELETE DeleteObject',
      'DELETE DeleteObject',
    ]);
    expect(objects.size).toBe(0);
  });
});

/**
 * Writing and deleting objects of one bucket without the S3 client: each request is presigned with the SDK's
 * signer (./s3-presigned-url.ts, the URL `getSignedUrl` gives for the same PutObject or DeleteObject) and sent
 * with fetch. The S3 client would add ~160 KB to the outside-world reader for these two calls. What the
 * client did that this keeps: a checksum of the body that S3 verifies (SHA-256, in the signed URL), retries of
 * throttling, 5xx and network failures with jittered exponential back-off, and S3's error code in the error.
 * What it leaves out: multipart uploads (archives are one JSON document; S3 takes up to 5 GB in one PUT).
 */
import { createHash } from 'node:crypto';
import { type PresignedRequest, type S3PresignerSettings, s3Presigner } from './s3-presigned-url';

export interface S3ObjectSettings extends S3PresignerSettings {
  /** Injected in tests (a local server plays S3); the global fetch otherwise. */
  fetch?: typeof fetch;
  /** Attempts per request, the first included. */
  maxAttempts?: number;
  /** How long one attempt may take before it is abandoned (and retried). */
  attemptTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** S3 refused a request (or kept failing until the last attempt). */
export class S3RequestError extends Error {
  override name = 'S3RequestError';
  constructor(
    readonly operation: 'PutObject' | 'DeleteObject',
    readonly status: number,
    /** S3's error code (`AccessDenied`, `SlowDown`…), when its answer had one. */
    readonly code: string | undefined,
    readonly requestId: string | undefined,
  ) {
    super(
      `S3 ${operation} failed: ${status}${code ? ` ${code}` : ''}${requestId ? ` (request ${requestId})` : ''}`,
    );
  }
}

/** How long a signed request stays valid: it is sent at once, this only covers a slow retry. */
const SIGNED_FOR_SECONDS = 300;
/** Per attempt: a stalled connection fails and is retried instead of holding the reader to its timeout. */
const ATTEMPT_TIMEOUT_MS = 30_000;
const BASE_DELAY_MS = 100;

export function s3Objects(settings: S3ObjectSettings) {
  const presign = s3Presigner(settings);
  const send = settings.fetch ?? fetch;
  const maxAttempts = settings.maxAttempts ?? 3;
  const sleep = settings.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  /**
   * Each attempt's fetch options: a timeout (a stalled connection fails and is retried), and redirects
   * answered rather than followed (S3 redirects only a wrong region or endpoint; following one would send
   * the body to a host the signature is not for), so they fail with S3's code.
   */
  const oneHop = () => ({
    redirect: 'manual' as const,
    signal: AbortSignal.timeout(settings.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS),
  });

  /** One request, retried while S3 answers 429/5xx or the network fails; the response of the last try. */
  const attempt = async (request: () => Promise<Response>): Promise<Response> => {
    for (let tries = 1; ; tries++) {
      let response: Response | undefined;
      let networkError: unknown;
      try {
        response = await request();
      } catch (error) {
        networkError = error;
      }
      const transient = !response || response.status === 429 || response.status >= 500;
      if (!transient || tries >= maxAttempts) {
        if (response) return response;
        throw networkError;
      }
      // Drain the refused answer so its socket can be reused.
      await response?.arrayBuffer().catch(() => undefined);
      await sleep(Math.random() * BASE_DELAY_MS * 2 ** tries);
    }
  };

  const failed = async (operation: S3RequestError['operation'], response: Response) => {
    const body = await response.text().catch(() => '');
    const code = /<Code>([A-Za-z0-9.]{1,64})<\/Code>/.exec(body)?.[1];
    return new S3RequestError(
      operation,
      response.status,
      code,
      response.headers.get('x-amz-request-id') ?? undefined,
    );
  };

  /** One operation on `key`: signed (anew for each attempt), sent, retried while transient, checked. */
  const perform = async (
    operation: S3RequestError['operation'],
    key: string,
    signed: Pick<PresignedRequest, 'query' | 'amzHeaders'>,
    init: Pick<RequestInit, 'body' | 'headers'> = {},
  ): Promise<void> => {
    const method = operation === 'PutObject' ? 'PUT' : 'DELETE';
    const response = await attempt(async () =>
      send(await presign({ method, key, expiresInSeconds: SIGNED_FOR_SECONDS, ...signed }), {
        method,
        ...init,
        ...oneHop(),
      }),
    );
    if (!response.ok) throw await failed(operation, response);
    await response.arrayBuffer();
  };

  return {
    /** Writes `body` at `key`, replacing what was there. */
    put(key: string, body: string, contentType: string): Promise<void> {
      const bytes = Buffer.from(body, 'utf8');
      const checksum = createHash('sha256').update(bytes).digest('base64');
      return perform(
        'PutObject',
        key,
        {
          query: { 'x-id': 'PutObject' },
          amzHeaders: { 'x-amz-checksum-sha256': checksum, 'x-amz-sdk-checksum-algorithm': 'SHA256' },
        },
        { body: bytes, headers: { 'content-type': contentType } },
      );
    },
    /** Deletes the object at `key`; deleting one that is not there succeeds, as in S3. */
    remove(key: string): Promise<void> {
      return perform('DeleteObject', key, { query: { 'x-id': 'DeleteObject' } });
    },
  };
}

export type S3Objects = ReturnType<typeof s3Objects>;

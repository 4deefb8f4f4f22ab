/**
 * How the Mastodon-compatible surface speaks HTTP (functions/mastodon): bodies as JSON, urlencoded or multipart
 * with Rails-style bracketed names, query strings read the same way (API Gateway would join `id[]=1&id[]=2`
 * into one comma-separated value), write parameters also accepted from the query string, unknown fields ignored
 * by the schemas of this surface, and Mastodon's error shape: `{"error":"…"}`, 422 for validation failures.
 * OAuth endpoints answer RFC 6749 errors instead: `{"error":"invalid_grant","error_description":"…"}`.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { AppError, RateLimitedError, UnsupportedMediaTypeError } from '#shared/errors';
import { logger } from '#shared/observability';
import type { Authenticator, HttpDialect } from './dialect';
import { isExposedHttpError } from './error-mapper';
import { type FormObject, parseMultipart, parseUrlEncoded } from './form-body';
import type { PublicDialect } from './public-handler';
import { decodeJson, isJsonContentType, type RequestReader, rawBody } from './request-parser';
import type { Reply } from './responses';

export const formRequestReader: RequestReader = {
  body: (event, maxBodyBytes) => ({ ...readQuery(event), ...readFormBody(event, maxBodyBytes) }),
  query: readQuery,
};

function readQuery(event: APIGatewayProxyEventV2): FormObject {
  return parseUrlEncoded(event.rawQueryString ?? '');
}

function readFormBody(event: APIGatewayProxyEventV2, maxBodyBytes: number): Record<string, unknown> {
  const raw = rawBody(event, maxBodyBytes);
  if (raw === undefined) return {};
  const contentType = event.headers['content-type'] ?? '';
  if (isJsonContentType(contentType)) {
    const value = decodeJson(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  }
  if (/^application\/x-www-form-urlencoded\s*(?:;|$)/i.test(contentType)) {
    return parseUrlEncoded(raw.toString('utf8'));
  }
  if (/^multipart\/form-data\s*;/i.test(contentType)) return parseMultipart(raw, contentType);
  throw new UnsupportedMediaTypeError(
    'unsupported_media_type',
    'Send the body as application/json, application/x-www-form-urlencoded or multipart/form-data',
  );
}

/** Mastodon answers validation failures and conflicts (e.g. a taken name) with 422. */
function mastodonStatus(status: number): number {
  return status === 400 || status === 409 ? 422 : status;
}

function shapeError(
  error: unknown,
  requestId: string,
  body: (status: number, code: string, message: string) => unknown,
): Reply {
  if (error instanceof AppError) {
    // 501 is a pending feature, not a failure.
    if (error.statusCode >= 500 && error.statusCode !== 501)
      logger.error('Dependency failure', { error, requestId });
    const status = mastodonStatus(error.statusCode);
    const headers: Record<string, string> =
      error instanceof RateLimitedError ? { 'retry-after': String(error.retryAfterSeconds) } : {};
    return { statusCode: status, body: body(status, error.code, error.message), headers };
  }
  if (isExposedHttpError(error)) {
    const status = mastodonStatus(error.statusCode);
    return { statusCode: status, body: body(status, 'invalid_request', error.message) };
  }
  logger.error('Unhandled error', { error: error as Error, requestId });
  return { statusCode: 500, body: body(500, 'server_error', 'Internal error') };
}

export function mastodonErrorReply(error: unknown, requestId: string): Reply {
  return shapeError(error, requestId, (_status, _code, message) => ({ error: message }));
}

/** RFC 6749 §5.2: the code is the error, the sentence its description. */
export function oauthErrorReply(error: unknown, requestId: string): Reply {
  return shapeError(error, requestId, (_status, code, message) => ({
    error: code,
    error_description: message,
  }));
}

/** The Mastodon surface for routes that read no bearer token (discovery, app registration): no verifier. */
export const publicMastodonDialect: PublicDialect = {
  reader: formRequestReader,
  errorReply: mastodonErrorReply,
};

/** The OAuth endpoints: no bearer token either (clients authenticate with their credentials in the body). */
export const oauthDialect: PublicDialect = { reader: formRequestReader, errorReply: oauthErrorReply };

export function mastodonDialect(authenticate: Authenticator): HttpDialect {
  return { ...publicMastodonDialect, authenticate };
}

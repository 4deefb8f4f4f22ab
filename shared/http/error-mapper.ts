/**
 * The one place where errors become HTTP responses. AppErrors map to their status and code; anything else is a
 * 500 that says only "internal error" and is logged with the request id.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AppError, RateLimitedError } from '#shared/errors';
import { logger } from '#shared/observability';
import { type Reply, toApiGatewayResult } from './responses';

/** Errors raised by middy's own middlewares carry a status and `expose`. */
interface HttpErrorLike {
  statusCode: number;
  expose?: boolean;
  message: string;
}

const CODES_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
};

export function errorReply(error: unknown, requestId: string): Reply {
  if (error instanceof AppError) {
    const headers: Record<string, string> =
      error instanceof RateLimitedError ? { 'retry-after': String(error.retryAfterSeconds) } : {};
    const body = { error: { code: error.code, message: error.message, ...detailsOf(error.details) } };
    if (error.statusCode >= 500) logger.error('Dependency failure', { error, requestId });
    return { statusCode: error.statusCode, body, headers };
  }
  if (isExposedHttpError(error)) {
    const code = CODES_BY_STATUS[error.statusCode] ?? 'bad_request';
    return { statusCode: error.statusCode, body: { error: { code, message: error.message } } };
  }
  logger.error('Unhandled error', { error: error as Error, requestId });
  return {
    statusCode: 500,
    body: { error: { code: 'internal_error', message: 'Internal error', details: { requestId } } },
  };
}

function detailsOf(details: unknown): { details?: unknown } {
  return details === undefined ? {} : { details };
}

export function isExposedHttpError(error: unknown): error is HttpErrorLike {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as Partial<HttpErrorLike>;
  return (
    typeof candidate.statusCode === 'number' &&
    candidate.statusCode >= 400 &&
    candidate.statusCode < 500 &&
    candidate.expose === true
  );
}

export function errorMapper(
  reply: (error: unknown, requestId: string) => Reply = errorReply,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    onError: (request) => {
      const requestId = request.event.requestContext?.requestId ?? request.context.awsRequestId ?? 'unknown';
      request.response = toApiGatewayResult(reply(request.error, requestId));
    },
  };
}

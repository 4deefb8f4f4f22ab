/**
 * The error hierarchy. Domain and data code throw these; shared/http/error-mapper.ts is the one place that turns
 * them into HTTP responses. Anything else that escapes becomes a 500 that reveals nothing.
 */
export abstract class AppError extends Error {
  abstract readonly statusCode: number;

  constructor(
    /** Stable snake_case code clients can branch on. */
    readonly code: string,
    message: string,
    /** Safe, structured details for the client (e.g. the failing fields, a counted length). */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  readonly statusCode = 400;
}

export class UnauthorizedError extends AppError {
  readonly statusCode = 401;
  constructor(code = 'unauthorized', message = 'Authentication required', details?: unknown) {
    super(code, message, details);
  }
}

export class ForbiddenError extends AppError {
  readonly statusCode = 403;
}

export class NotFoundError extends AppError {
  readonly statusCode = 404;
}

export class ConflictError extends AppError {
  readonly statusCode = 409;
}

export class PayloadTooLargeError extends AppError {
  readonly statusCode = 413;
}

export class UnsupportedMediaTypeError extends AppError {
  readonly statusCode = 415;
}

export class RateLimitedError extends AppError {
  readonly statusCode = 429;
  constructor(
    /** Seconds until the client may try again (sent as Retry-After). */
    readonly retryAfterSeconds: number,
    message = 'Too many requests; try again later',
  ) {
    super('rate_limited', message, { retryAfterSeconds });
  }
}

/** A dependency we rely on is not available (e.g. the mail service refused); 503, safe to retry. */
export class ServiceUnavailableError extends AppError {
  readonly statusCode = 503;
}

/**
 * The one answer for a user that does not exist, is not verified yet, or is no longer there (the caller's own
 * account included): one code and one message, so no route tells those cases apart.
 */
export function userNotFound(username?: string): NotFoundError {
  return new NotFoundError(
    'user_not_found',
    username === undefined ? 'There is no such user' : `There is no user @${username.toLowerCase()}`,
  );
}

/** The answer when the caller blocks the account they act on (follow, reply, message): undo the block first. */
export function userBlocked(): ForbiddenError {
  return new ForbiddenError('user_blocked', 'You block this account; unblock it first');
}

/**
 * The shape of the function catalog (functions/catalog.ts): every Lambda function Skylark deploys, declared
 * once and read by both the CDK app (infra/) and the local stack (local/), so that what runs locally is what
 * deploys.
 */

/** What a function may touch; the CDK construct turns each into a least-privilege grant. */
export type Capability =
  | 'table:read'
  | 'table:write'
  /** Sends mail through SES. */
  | 'mail'
  /** Publishes SMS through SNS. */
  | 'sms'
  /**
   * Mints access tokens (sign-in, refresh). Verifying them needs no capability: it follows from the route's
   * auth mode (see `capabilitiesOf`), so a route cannot forget it.
   */
  | 'issue-tokens'
  /** Verifies access tokens; granted by `capabilitiesOf` to every route whose auth mode is not 'none'. */
  | 'verify-tokens'
  /** Writes and deletes account archives in the export bucket (the outside-world reader: build, retirement). */
  | 'export-archive:write'
  /** Reads account archives: what a presigned download link is signed with. */
  | 'export-archive:read';

export interface FunctionSettings {
  /** Stable PascalCase id: the CDK construct id and the local log prefix. */
  name: string;
  /** Module path from the repository root; the module exports `handler`. */
  entry: string;
  uses: readonly Capability[];
  memoryMb?: number;
  timeoutSeconds?: number;
}

export type AuthMode = 'required' | 'optional' | 'none';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRoute extends FunctionSettings {
  method: HttpMethod;
  /** API Gateway route path, with `{param}` placeholders. */
  path: string;
  /**
   * `Authorization: Bearer <accessToken>`: 'required' answers 401 without one, 'optional' serves anonymous
   * callers too, 'none' ignores it. Must equal the handler's own mode (a unit test compares them).
   */
  auth: AuthMode;
  /**
   * API Gateway's per-route throttle (stage route settings), for routes that are costly or abusable (password
   * hashing, SMS, OAuth): requests per second and burst, for all clients together. Unset: the stage default.
   */
  throttle?: RouteThrottle;
}

export interface RouteThrottle {
  rateLimit: number;
  burstLimit: number;
}

/** Password hashing takes 1 GB and about 0.6 s a request: a few per second is what a small stage can pay for. */
export const HASHING_ROUTE_THROTTLE: RouteThrottle = { rateLimit: 10, burstLimit: 20 };
/** Routes that send an SMS or mail or mint tokens. */
export const SENDING_ROUTE_THROTTLE: RouteThrottle = { rateLimit: 5, burstLimit: 10 };
export const TOKEN_ROUTE_THROTTLE: RouteThrottle = { rateLimit: 20, burstLimit: 40 };

/**
 * A Lambda event-source filter pattern over a DynamoDB stream record (the subset Skylark uses: nested objects
 * whose leaves are arrays of allowed values). The local stream poller applies the same patterns.
 */
export interface StreamFilterPattern {
  [field: string]: StreamFilterPattern | readonly (string | number | boolean)[];
}

export interface StreamConsumer extends FunctionSettings {
  /** Records delivered in one invocation. */
  batchSize: number;
  maxBatchingWindowSeconds: number;
  /** Retries of a failing batch before its records go to the on-failure destination. */
  retryAttempts: number;
  maxRecordAgeSeconds: number;
  bisectOnError: boolean;
  /** A record is delivered if it matches any of these patterns. */
  filters: readonly StreamFilterPattern[];
}

/**
 * How Skylark's stream consumers read the stream unless they say otherwise: batches of up to 100 within 1 s,
 * a failing batch bisected and retried 5 times within six hours, then sent to the on-failure destination.
 */
export const STREAM_CONSUMER_DEFAULTS = {
  batchSize: 100,
  maxBatchingWindowSeconds: 1,
  retryAttempts: 5,
  // Hours, not the stream's whole 24 h: a batch stuck this long is set aside (to S3, whole) so the shard moves on.
  maxRecordAgeSeconds: 6 * 3_600,
  bisectOnError: true,
} as const satisfies Partial<StreamConsumer>;

/**
 * A function run on a schedule: by an EventBridge rule in AWS, by a timer in the local stack
 * (local/job-timer.ts). Its handler receives no meaningful event and must be safe to run twice at once.
 */
export interface ScheduledJob extends FunctionSettings {
  /** Minutes between two runs. */
  everyMinutes: number;
}

/** A function subscribed to an SNS topic declared by the stateful stack. */
export interface TopicSubscriber extends FunctionSettings {
  topic: 'inbound-sms';
}

export function routeKey(route: Pick<HttpRoute, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/** What a function is granted: what it declares, plus token verification for routes that read a token. */
export function capabilitiesOf(settings: FunctionSettings & { auth?: AuthMode }): ReadonlySet<Capability> {
  const capabilities = new Set(settings.uses);
  if (settings.auth !== undefined && settings.auth !== 'none') capabilities.add('verify-tokens');
  return capabilities;
}

/**
 * A dialect is how one API surface speaks HTTP around the same middleware chain: how request bodies and query
 * strings are read, how callers are authenticated, and what an error looks like. /v1 is the default; the
 * Mastodon-compatible surface (functions/mastodon) brings its own (shared/http/mastodon-dialect.ts).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Identity } from '#shared/domain/identity';
import { type AuthMode, authenticate } from './authenticate';
import { errorReply } from './error-mapper';
import { jsonRequestReader, type RequestReader } from './request-parser';
import type { Reply } from './responses';

export type Authenticator = (
  event: APIGatewayProxyEventV2,
  mode: AuthMode,
  /** The scope the route demands (dialects without scopes ignore it). */
  scope: string | undefined,
) => Promise<Identity | undefined>;

export interface HttpDialect {
  reader: RequestReader;
  authenticate: Authenticator;
  errorReply(error: unknown, requestId: string): Reply;
}

export const v1Dialect: HttpDialect = {
  reader: jsonRequestReader,
  authenticate: (event, mode) => authenticate(event, mode),
  errorReply,
};

/**
 * Generates docs/openapi.json (OpenAPI 3.1) from the function catalog and the zod schemas each handler
 * validates with: `npm run openapi` writes it, `npm run openapi -- --check` fails when it is stale.
 *
 * Handler modules read their configuration at import, so the catalog and every handler are imported
 * dynamically, after the CLI has filled in a placeholder environment; nothing is invoked and no service is
 * contacted. Request schemas are converted in zod's input mode (what a client sends, before transforms);
 * refinements written as `.check()`/transforms cannot be expressed in JSON Schema and are left out.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateKeySet } from '#local/signing-key';
import type { HttpMethod, HttpRoute } from '#shared/catalog';
import type { RouteContract } from '#shared/http/handler';
import type { Schema } from '#shared/http/request-parser';
import * as z from '#shared/schemas/zod';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OPENAPI_PATH = resolve(ROOT, 'docs/openapi.json');

type JsonSchema = Record<string, unknown>;
type Document = Record<string, unknown>;

/**
 * The status each route answers on success (handlers choose it in code, so it is declared here; the test
 * checks that every catalog route has one and no stale name lingers).
 */
export const SUCCESS_STATUS: Readonly<Record<string, 200 | 201 | 202 | 204>> = {
  Health: 200,
  PublicConfig: 200,
  Register: 202,
  VerifyEmailLink: 200,
  VerifyEmail: 200,
  ResendVerification: 202,
  Login: 200,
  Refresh: 200,
  Logout: 204,
  ForgotPassword: 202,
  ResetPassword: 200,
  GetMe: 200,
  CreatePost: 201,
  GetPost: 200,
  DeletePost: 204,
  ListReplies: 200,
  ListUserPosts: 200,
  HomeTimeline: 200,
  Mentions: 200,
  FollowUser: 204,
  UnfollowUser: 204,
  ListFollowers: 200,
  ListFollowing: 200,
  SearchUsers: 200,
  GetUser: 200,
  UpdateMe: 200,
  AddPhone: 202,
  VerifyPhone: 200,
  RemovePhone: 204,
  UpdateSmsSettings: 200,
  ListMyApps: 200,
  RevokeMyApp: 204,
  ListConversations: 200,
  ReadConversation: 200,
  SendMessage: 201,
  HashtagPosts: 200,
  SearchPosts: 200,
  LikePost: 204,
  UnlikePost: 204,
  ListLikers: 200,
  RepostPost: 204,
  UndoRepost: 204,
  ListReposters: 200,
  ListUserLikes: 200,
  ListNotifications: 200,
  MarkNotificationsRead: 204,
  RequestExport: 202,
  GetExport: 200,
  DeleteAccount: 202,
  ReactivateAccount: 200,
  BlockUser: 204,
  UnblockUser: 204,
  ListBlocks: 200,
  MuteUser: 204,
  UnmuteUser: 204,
  ListMutes: 200,
  ListFollowRequests: 200,
  AcceptFollowRequest: 204,
  RejectFollowRequest: 204,
  FileReport: 202,
  ListReports: 200,
  ResolveReport: 200,
  SuspendUser: 200,
  UnsuspendUser: 200,
  DeletePostAsOperator: 204,
  ReadAuditLog: 200,
};

/** Routes that may answer a second success status, with the body it carries (docs/api.md). */
export const ALTERNATIVE_SUCCESS: Readonly<
  Record<string, { status: 200 | 201 | 202; description: string; schema: JsonSchema }>
> = {
  // 204 for a follow; 202 {"state":"requested"} when the account is protected and a request is pending.
  FollowUser: {
    status: 202,
    description: 'The account is protected: a follow request is pending its owner’s answer',
    schema: {
      type: 'object',
      properties: { state: { type: 'string', const: 'requested' } },
      required: ['state'],
      additionalProperties: false,
    },
  },
};

/** Error statuses every route may answer: the request pipeline, rate limits and the error mapper. */
const COMMON_ERRORS = [400, 404, 409, 413, 415, 429, 500, 503] as const;
/** Errors of public routes that are not about the bearer token (docs/api.md). */
const EXTRA_ERRORS: Readonly<Record<string, readonly ErrorStatus[]>> = {
  Login: [401, 403],
  Refresh: [401, 403],
  CreatePost: [403],
  DeletePost: [403],
  SendMessage: [403],
  DeleteAccount: [403],
  ReactivateAccount: [401],
  // user_blocked (the caller blocks the account), post_not_repostable (a protected account's post).
  FollowUser: [403],
  RepostPost: [403],
  // Moderation: 403 operator_only for anyone who is not an operator; a suspended reporter too.
  FileReport: [403],
  ListReports: [403],
  ResolveReport: [403],
  SuspendUser: [403],
  UnsuspendUser: [403],
  DeletePostAsOperator: [403],
  ReadAuditLog: [403],
};

const ERROR_RESPONSES = {
  400: { name: 'BadRequest', description: 'Invalid request (`details.fields` lists every failing field)' },
  401: { name: 'Unauthorized', description: 'Missing, expired or invalid credentials' },
  403: { name: 'Forbidden', description: 'Not allowed for this account' },
  404: { name: 'NotFound', description: 'No such route or resource' },
  409: { name: 'Conflict', description: 'Conflicts with the current state' },
  413: { name: 'PayloadTooLarge', description: 'The request body is larger than allowed' },
  415: { name: 'UnsupportedMediaType', description: 'The request body is not application/json' },
  429: { name: 'TooManyRequests', description: 'Rate limited; retry after `Retry-After` seconds' },
  500: { name: 'InternalError', description: 'Internal error; quote the request id' },
  503: { name: 'ServiceUnavailable', description: 'A dependency is busy or unavailable; safe to retry' },
} as const;
type ErrorStatus = keyof typeof ERROR_RESPONSES;

const METHOD_ORDER: readonly HttpMethod[] = ['GET', 'PUT', 'POST', 'PATCH', 'DELETE'];
const BEARER = 'bearerAuth';

/**
 * The document covers Skylark's own API (/v1). The Mastodon-compatible surface (functions/mastodon) follows
 * Mastodon's documentation instead (docs/mastodon.md).
 */
export function isV1Route(route: Pick<HttpRoute, 'path'>): boolean {
  return route.path.startsWith('/v1/');
}

/** Builds the document from the catalog's HTTP routes (all of them unless a subset is given). */
export async function buildOpenApi(routes?: readonly HttpRoute[]): Promise<Document> {
  const allRoutes = (routes ?? (await import('#functions/catalog')).httpRoutes).filter(isV1Route);
  const { routeContract } = await import('#shared/http/handler');
  const { version } = await readPackage();

  // Ordered by path, then method: the document does not change when the catalog is merely reordered.
  const sorted = [...allRoutes].sort(
    (a, b) => compare(a.path, b.path) || METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method),
  );
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of sorted) {
    const module: { handler?: unknown } = await import(pathToFileURL(resolve(ROOT, route.entry)).href);
    const contract = routeContract(module.handler);
    if (!contract) throw new Error(`${route.entry} does not export a handler built by httpHandler`);
    paths[route.path] ??= {};
    const item = paths[route.path] as Record<string, unknown>;
    item[route.method.toLowerCase()] = operation(route, contract);
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Skylark API',
      version,
      description: 'Generated from functions/catalog.ts and the request schemas by `npm run openapi`.',
    },
    servers: [{ url: 'http://127.0.0.1:3000', description: 'Local stack (npm start)' }],
    paths,
    components: {
      securitySchemes: { [BEARER]: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: ERROR_SCHEMA },
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([status, { name, description }]) => [
          name,
          {
            description,
            ...(status === '429' ? { headers: { 'Retry-After': RETRY_AFTER } } : {}),
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ),
    },
  };
}

/** The document as committed: 2-space JSON and a trailing newline. */
export function renderOpenApi(document: Document): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

function operation(route: HttpRoute, contract: RouteContract): Record<string, unknown> {
  // The catalog's mode decides the grants (a verifier needs the key), the handler's what it enforces.
  if (contract.auth !== route.auth) {
    throw new Error(
      `${route.name}: the catalog says auth ${route.auth}, the handler says '${contract.auth}'`,
    );
  }
  const { body, query, path } = contract.schemas;
  const parameters = [...pathParameters(route, path), ...queryParameters(route, query)];
  return {
    operationId: route.name,
    summary: summaryOf(route.name),
    ...(contract.auth === 'required' ? { security: [{ [BEARER]: [] }] } : {}),
    // An optional token: anonymous callers are served too.
    ...(contract.auth === 'optional' ? { security: [{ [BEARER]: [] }, {}] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body ? { requestBody: requestBody(route, body) } : {}),
    responses: responses(route, contract.auth === 'required'),
  };
}

function pathParameters(route: HttpRoute, schema: Schema | undefined): unknown[] {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
  const object = schema ? objectSchema(route, 'path', schema) : undefined;
  for (const name of Object.keys(object?.properties ?? {})) {
    if (!names.includes(name))
      throw new Error(`${route.name}: path schema has '${name}', not in ${route.path}`);
  }
  return names.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: object?.properties[name] ?? { type: 'string' },
  }));
}

function queryParameters(route: HttpRoute, schema: Schema | undefined): unknown[] {
  if (!schema) return [];
  const object = objectSchema(route, 'query', schema);
  return Object.entries(object.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: object.required.includes(name),
    schema: property,
  }));
}

function requestBody(route: HttpRoute, schema: Schema): unknown {
  return {
    required: !z.safeParse(schema, undefined).success,
    content: { 'application/json': { schema: jsonSchema(route, 'body', schema) } },
  };
}

function responses(route: HttpRoute, authenticated: boolean): Record<string, unknown> {
  const status = SUCCESS_STATUS[route.name];
  if (status === undefined) throw new Error(`${route.name}: no success status in SUCCESS_STATUS`);
  const errors = new Set<ErrorStatus>([...COMMON_ERRORS, ...(EXTRA_ERRORS[route.name] ?? [])]);
  if (authenticated) errors.add(401);
  const result: Record<string, unknown> = { [status]: success(status) };
  const alternative = ALTERNATIVE_SUCCESS[route.name];
  if (alternative) {
    result[alternative.status] = {
      description: alternative.description,
      content: { 'application/json': { schema: alternative.schema } },
    };
  }
  for (const code of [...errors].sort((a, b) => a - b)) {
    result[code] = { $ref: `#/components/responses/${ERROR_RESPONSES[code].name}` };
  }
  return result;
}

function success(status: 200 | 201 | 202 | 204): unknown {
  if (status === 204) return { description: 'No content' };
  // Response bodies are shaped in code, not validated by a schema: described as JSON objects only.
  const content = { 'application/json': { schema: { type: 'object' } } };
  if (status === 201) {
    return {
      description: 'Created',
      headers: { Location: { description: 'The new resource', schema: { type: 'string' } } },
      content,
    };
  }
  return { description: status === 202 ? 'Accepted' : 'OK', content };
}

function jsonSchema(route: HttpRoute, part: string, schema: Schema): JsonSchema {
  const { $schema: _dialect, ...converted } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  // Local definitions would be resolved against the document root, where they do not exist.
  if ('$defs' in converted) throw new Error(`${route.name}: the ${part} schema needs $defs (unsupported)`);
  return converted;
}

function objectSchema(
  route: HttpRoute,
  part: string,
  schema: Schema,
): { properties: Record<string, JsonSchema>; required: string[] } {
  const converted = jsonSchema(route, part, schema);
  if (converted.type !== 'object' || typeof converted.properties !== 'object') {
    throw new Error(`${route.name}: the ${part} schema is not an object of named fields`);
  }
  return {
    properties: converted.properties as Record<string, JsonSchema>,
    required: Array.isArray(converted.required) ? (converted.required as string[]) : [],
  };
}

/** Code-unit order, independent of the machine's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 'CreatePost' → 'Create post'. */
function summaryOf(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const RETRY_AFTER = {
  description: 'Seconds to wait before retrying',
  schema: { type: 'integer', minimum: 1 },
};

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', description: 'snake_case, stable: clients branch on it' },
        message: { type: 'string', description: 'A sentence for people' },
        details: { type: 'object', description: 'Present only where it helps (e.g. `fields`)' },
      },
    },
  },
};

async function readPackage(): Promise<{ version: string }> {
  const json: unknown = JSON.parse(await readFile(resolve(ROOT, 'package.json'), 'utf8'));
  return z.object({ version: z.string() }).parse(json);
}

/** Placeholders for what shared/config.ts requires: handlers are imported, never run. */
function placeholderEnvironment(): void {
  process.env.TABLE_NAME ??= 'skylark-openapi';
  process.env.PUBLIC_URL ??= 'http://127.0.0.1:3000';
  process.env.MAIL_FROM ??= 'Skylark <no-reply@skylark.invalid>';
  process.env.ACCESS_TOKEN_KEYS ??= JSON.stringify(generateKeySet());
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
}

async function main(args: readonly string[]): Promise<number> {
  placeholderEnvironment();
  const rendered = renderOpenApi(await buildOpenApi());
  if (args.includes('--check')) {
    const committed = await readFile(OPENAPI_PATH, 'utf8').catch(() => undefined);
    if (committed === rendered) return 0;
    process.stderr.write(
      'docs/openapi.json is out of date with the routes or schemas: run `npm run openapi`.\n',
    );
    return 1;
  }
  await writeFile(OPENAPI_PATH, rendered);
  process.stdout.write('wrote docs/openapi.json\n');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}

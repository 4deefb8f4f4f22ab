/**
 * Turns the raw event into validated input: body size limit (413), content type (415), JSON parse (400), then
 * zod validation of body, query and path parameters (400 with every failing field). Runs before the handler;
 * domain code never sees unparsed input.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '#shared/errors';
import * as z from '#shared/schemas/zod';

/** Any zod schema, mini or classic (both are built on zod's core). */
export type Schema = z.core.$ZodType;

export interface RequestSchemas {
  body?: Schema;
  query?: Schema;
  path?: Schema;
}

type Parsed<S extends Schema | undefined> = S extends Schema ? z.output<S> : undefined;

export interface ParsedRequest<S extends RequestSchemas> {
  body: Parsed<S['body']>;
  query: Parsed<S['query']>;
  path: Parsed<S['path']>;
}

export interface FieldProblem {
  field: string;
  /** A domain code from the schema (`params.code` of a custom issue), else zod's issue code. */
  code: string;
  message: string;
}

/** How a surface reads the raw parts of a request before validation (/v1: JSON bodies, plain query strings). */
export interface RequestReader {
  body(event: APIGatewayProxyEventV2, maxBodyBytes: number): unknown;
  query(event: APIGatewayProxyEventV2): Record<string, unknown>;
}

export const jsonRequestReader: RequestReader = {
  body: readJsonBody,
  query: (event) => ({ ...event.queryStringParameters }),
};

export function parseRequest<S extends RequestSchemas>(
  event: APIGatewayProxyEventV2,
  schemas: S,
  maxBodyBytes: number,
  reader: RequestReader = jsonRequestReader,
): ParsedRequest<S> {
  const problems: FieldProblem[] = [];
  const body = schemas.body
    ? validate('body', schemas.body, reader.body(event, maxBodyBytes), problems)
    : undefined;
  const query = schemas.query ? validate('query', schemas.query, reader.query(event), problems) : undefined;
  const path = schemas.path
    ? validate('path', schemas.path, { ...event.pathParameters }, problems)
    : undefined;
  if (problems.length > 0) {
    throw new ValidationError(errorCode(problems), describe(problems), { fields: problems });
  }
  return { body, query, path } as ParsedRequest<S>;
}

/** The decoded body as JSON, or undefined when there is none (the body schema then decides). */
function readJsonBody(event: APIGatewayProxyEventV2, maxBodyBytes: number): unknown {
  const raw = rawBody(event, maxBodyBytes);
  if (raw === undefined) return undefined;
  if (!isJsonContentType(event.headers['content-type'] ?? '')) {
    throw new UnsupportedMediaTypeError('unsupported_media_type', 'Send the body as application/json');
  }
  return decodeJson(raw);
}

/** The body's bytes within the size limit (413 beyond it), or undefined when there is no body. */
export function rawBody(event: APIGatewayProxyEventV2, maxBodyBytes: number): Buffer | undefined {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.length > maxBodyBytes) {
    throw new PayloadTooLargeError('payload_too_large', `The request body exceeds ${maxBodyBytes} bytes`, {
      maxBytes: maxBodyBytes,
    });
  }
  return raw;
}

export function isJsonContentType(contentType: string): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType);
}

export function decodeJson(raw: Buffer): unknown {
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  try {
    return JSON.parse(text.decode(raw));
  } catch {
    throw new ValidationError('malformed_json', 'The request body is not well-formed UTF-8 JSON');
  }
}

function validate(part: string, schema: Schema, value: unknown, problems: FieldProblem[]): unknown {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const domainCode = issue.code === 'custom' ? issue.params?.code : undefined;
    problems.push({
      field: [part, ...issue.path.map(String)].join('.'),
      code: typeof domainCode === 'string' ? domainCode : issue.code,
      message: issue.message,
    });
  }
  return undefined;
}

/**
 * Schemas name a domain code (e.g. `password_too_common`) on the rules clients act on; when every problem
 * carries the same one, it is the error's code. Anything else is `validation_failed`, with the fields listed.
 */
function errorCode(problems: readonly FieldProblem[]): string {
  const codes = new Set(problems.map((problem) => problem.code));
  const [only] = codes;
  return codes.size === 1 && only !== undefined && DOMAIN_CODE.test(only) && !ZOD_CODES.has(only)
    ? only
    : 'validation_failed';
}

const DOMAIN_CODE = /^[a-z]+(?:_[a-z]+)+$/;
const ZOD_CODES = new Set([
  'invalid_type',
  'too_big',
  'too_small',
  'invalid_format',
  'not_multiple_of',
  'unrecognized_keys',
  'invalid_union',
  'invalid_key',
  'invalid_element',
  'invalid_value',
]);

function describe(problems: readonly FieldProblem[]): string {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return first ? `Invalid ${first.field}: ${first.message}${more}` : 'Invalid request';
}

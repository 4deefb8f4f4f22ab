/**
 * Opaque keyset cursors: a DynamoDB LastEvaluatedKey, base64url-encoded JSON. Decoding checks the shape and
 * that the key belongs to the partition being listed, so a tampered or foreign cursor is a 400, never a read of
 * some other partition.
 */
import { ValidationError } from '#shared/errors';
import { KEY_ATTRIBUTES } from './table';

const VERSION = 1;
const MAX_CURSOR_LENGTH = 1024;
type Key = Record<string, string>;

export function encodeCursor(lastEvaluatedKey: Record<string, unknown> | undefined): string | null {
  if (!lastEvaluatedKey) return null;
  return Buffer.from(JSON.stringify([VERSION, lastEvaluatedKey]), 'utf8').toString('base64url');
}

/**
 * @param expected attributes the key must carry with exactly these values (the partition being listed)
 * @returns the ExclusiveStartKey, or undefined when there is no cursor
 */
export function decodeCursor(cursor: string | undefined, expected: Record<string, string>): Key | undefined {
  if (cursor === undefined) return undefined;
  const key = parse(cursor);
  for (const [name, value] of Object.entries(expected)) {
    if (key[name] !== value) throw invalidCursor();
  }
  return key;
}

function parse(cursor: string): Key {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw invalidCursor();
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(decoded) || decoded.length !== 2 || decoded[0] !== VERSION) throw invalidCursor();
  const key: unknown = decoded[1];
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalidCursor();
  const entries = Object.entries(key);
  const allowed = new Set<string>(KEY_ATTRIBUTES);
  if (
    entries.length === 0 ||
    !entries.every(([name, value]) => allowed.has(name) && typeof value === 'string')
  ) {
    throw invalidCursor();
  }
  return Object.fromEntries(entries) as Key;
}

function invalidCursor(): ValidationError {
  return new ValidationError(
    'invalid_cursor',
    'The cursor is not valid for this list; start again without it',
  );
}

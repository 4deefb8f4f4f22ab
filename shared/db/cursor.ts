/**
 * Opaque keyset cursors: a DynamoDB LastEvaluatedKey, base64url-encoded JSON. Decoding checks the shape: exactly
 * the key attributes of the table or index being listed, all strings, and the partition being listed, so a
 * tampered or foreign cursor is a 400, never a DynamoDB error or a read of another partition.
 */
import { ValidationError } from '#shared/errors';
import { TABLE } from './table';

const VERSION = 1;
const MAX_CURSOR_LENGTH = 1024;
type Key = Record<string, string>;

export function encodeCursor(lastEvaluatedKey: Record<string, unknown> | undefined): string | null {
  if (!lastEvaluatedKey) return null;
  return Buffer.from(JSON.stringify([VERSION, lastEvaluatedKey]), 'utf8').toString('base64url');
}

/**
 * @param partition the partition key attribute of the table or index being listed, with its value; the cursor
 *   must carry exactly that value and exactly that table's or index's key attributes
 * @returns the ExclusiveStartKey, or undefined when there is no cursor
 */
export function decodeCursor(cursor: string | undefined, partition: Record<string, string>): Key | undefined {
  if (cursor === undefined) return undefined;
  const key = parse(cursor);
  const required = keyAttributesFor(partition);
  const names = Object.keys(key);
  const exactKeys =
    names.length === required.length && required.every((name) => typeof key[name] === 'string');
  const samePartition = Object.entries(partition).every(([name, value]) => key[name] === value);
  if (!exactKeys || !samePartition) throw invalidCursor();
  return key;
}

/** A LastEvaluatedKey of a base-table Query has PK and SK; of an index Query, the index's keys as well. */
function keyAttributesFor(partition: Record<string, string>): string[] {
  const tableKeys = [TABLE.partitionKey, TABLE.sortKey];
  const index = TABLE.globalSecondaryIndexes.find((candidate) => candidate.partitionKey in partition);
  return index ? [index.partitionKey, index.sortKey, ...tableKeys] : tableKeys;
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
  return key as Key;
}

export function invalidCursor(): ValidationError {
  return new ValidationError(
    'invalid_cursor',
    'The cursor is not valid for this list; start again without it',
  );
}

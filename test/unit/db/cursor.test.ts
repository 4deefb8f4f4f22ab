import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '#shared/db/cursor';
import { ValidationError } from '#shared/errors';

const partition = { PK: 'TIMELINE#u1' };
const lastKey = { PK: 'TIMELINE#u1', SK: 'POST#01J0000000000000000000000' };
const indexPartition = { GSI2PK: 'REPLIES#p1' };
const indexKey = { GSI2PK: 'REPLIES#p1', GSI2SK: 'POST#02', PK: 'USER#a', SK: 'POST#02' };
const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('opaque cursors', () => {
  it('round-trips a LastEvaluatedKey of the table and of an index', () => {
    const cursor = encodeCursor(lastKey);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor ?? undefined, partition)).toEqual(lastKey);
    expect(decodeCursor(encodeCursor(indexKey) ?? undefined, indexPartition)).toEqual(indexKey);
  });

  it('encodes the end of a list as null and decodes no cursor as undefined', () => {
    expect(encodeCursor(undefined)).toBeNull();
    expect(decodeCursor(undefined, partition)).toBeUndefined();
  });

  it.each([
    ['garbage', 'not-a-cursor!', partition],
    ['base64 of non-JSON', Buffer.from('hello').toString('base64url'), partition],
    ['a wrong version', raw([2, lastKey]), partition],
    ['an extra attribute', raw([1, { ...lastKey, admin: 'x' }]), partition],
    ['a missing sort key', raw([1, { PK: 'TIMELINE#u1' }]), partition],
    ['a non-string value', raw([1, { PK: 'TIMELINE#u1', SK: 7 }]), partition],
    ['another partition', encodeCursor({ PK: 'TIMELINE#u2', SK: 'POST#x' }) ?? '', partition],
    ['a table key for an index list', encodeCursor(lastKey) ?? '', indexPartition],
    [
      'an index key without the table keys',
      raw([1, { GSI2PK: 'REPLIES#p1', GSI2SK: 'POST#02' }]),
      indexPartition,
    ],
    ['an over-long string', 'A'.repeat(5000), partition],
  ])('rejects %s with 400 invalid_cursor', (_label, cursor, expected) => {
    expect(() => decodeCursor(cursor, expected)).toThrowError(ValidationError);
    expect(() => decodeCursor(cursor, expected)).toThrowError(
      expect.objectContaining({ code: 'invalid_cursor' }),
    );
  });
});

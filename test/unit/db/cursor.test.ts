import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '#shared/db/cursor';
import { ValidationError } from '#shared/errors';

const partition = { PK: 'TIMELINE#u1' };
const lastKey = { PK: 'TIMELINE#u1', SK: 'POST#01J0000000000000000000000' };

describe('opaque cursors', () => {
  it('round-trips a LastEvaluatedKey', () => {
    const cursor = encodeCursor(lastKey);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor ?? undefined, partition)).toEqual(lastKey);
  });

  it('encodes the end of a list as null and decodes no cursor as undefined', () => {
    expect(encodeCursor(undefined)).toBeNull();
    expect(decodeCursor(undefined, partition)).toBeUndefined();
  });

  it.each([
    ['garbage', 'not-a-cursor!'],
    ['base64 of non-JSON', Buffer.from('hello').toString('base64url')],
    ['a wrong version', Buffer.from(JSON.stringify([2, lastKey])).toString('base64url')],
    [
      'a non-key attribute',
      Buffer.from(JSON.stringify([1, { ...lastKey, admin: 'x' }])).toString('base64url'),
    ],
    [
      'a non-string value',
      Buffer.from(JSON.stringify([1, { PK: 'TIMELINE#u1', SK: 7 }])).toString('base64url'),
    ],
    ['another partition', encodeCursor({ PK: 'TIMELINE#u2', SK: 'POST#x' }) ?? ''],
    ['an over-long string', 'A'.repeat(5000)],
  ])('rejects %s with 400 invalid_cursor', (_label, cursor) => {
    expect(() => decodeCursor(cursor, partition)).toThrowError(ValidationError);
    try {
      decodeCursor(cursor, partition);
    } catch (error) {
      expect((error as ValidationError).code).toBe('invalid_cursor');
    }
  });
});

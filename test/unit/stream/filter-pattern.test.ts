import { describe, expect, it } from 'vitest';
import {
  type FilterPattern,
  FilterPatternError,
  matchesAnyFilter,
  matchesFilterPattern,
  validateFilterPattern,
} from '#shared/stream/filter-pattern';

const postInsert = {
  eventName: 'INSERT',
  dynamodb: {
    Keys: { PK: { S: 'USER#1' }, SK: { S: 'POST#01' } },
    NewImage: { type: { S: 'POST' }, tags: { L: [{ S: 'a' }] }, mentions: { SS: ['ada', 'grace'] } },
  },
};

describe('matchesFilterPattern', () => {
  it('matches nested objects whose leaves list the allowed values', () => {
    expect(
      matchesFilterPattern(
        { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['POST'] } } } },
        postInsert,
      ),
    ).toBe(true);
  });

  it('requires every key of the pattern to match', () => {
    expect(
      matchesFilterPattern(
        { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['USER'] } } } },
        postInsert,
      ),
    ).toBe(false);
  });

  it('treats the values of a leaf as alternatives', () => {
    expect(matchesFilterPattern({ eventName: ['MODIFY', 'INSERT'] }, postInsert)).toBe(true);
  });

  it('does not match a field that is missing', () => {
    expect(matchesFilterPattern({ dynamodb: { OldImage: { type: { S: ['POST'] } } } }, postInsert)).toBe(
      false,
    );
  });

  it('compares exactly: case and type matter', () => {
    expect(matchesFilterPattern({ eventName: ['insert'] }, postInsert)).toBe(false);
    expect(matchesFilterPattern({ count: [1] }, { count: '1' })).toBe(false);
    expect(matchesFilterPattern({ count: [1] }, { count: 1 })).toBe(true);
  });

  it('matches an array field when any element is allowed', () => {
    expect(
      matchesFilterPattern({ dynamodb: { NewImage: { mentions: { SS: ['grace'] } } } }, postInsert),
    ).toBe(true);
    expect(
      matchesFilterPattern({ dynamodb: { NewImage: { mentions: { SS: ['linus'] } } } }, postInsert),
    ).toBe(false);
  });

  it('does not let a leaf match a whole object', () => {
    expect(matchesFilterPattern({ dynamodb: { NewImage: ['POST'] } }, postInsert)).toBe(false);
  });

  it('supports exists: true and exists: false', () => {
    expect(matchesFilterPattern({ dynamodb: { NewImage: { type: [{ exists: true }] } } }, postInsert)).toBe(
      true,
    );
    expect(matchesFilterPattern({ dynamodb: { OldImage: [{ exists: false }] } }, postInsert)).toBe(true);
    expect(matchesFilterPattern({ dynamodb: { OldImage: { type: [{ exists: false }] } } }, postInsert)).toBe(
      true,
    );
    expect(matchesFilterPattern({ dynamodb: { NewImage: [{ exists: false }] } }, postInsert)).toBe(false);
  });

  it('supports prefix and anything-but', () => {
    expect(
      matchesFilterPattern({ dynamodb: { Keys: { SK: { S: [{ prefix: 'POST#' }] } } } }, postInsert),
    ).toBe(true);
    expect(matchesFilterPattern({ eventName: [{ 'anything-but': ['REMOVE'] }] }, postInsert)).toBe(true);
    expect(matchesFilterPattern({ eventName: [{ 'anything-but': 'INSERT' }] }, postInsert)).toBe(false);
    expect(matchesFilterPattern({ missing: [{ 'anything-but': ['x'] }] }, postInsert)).toBe(false);
  });
});

describe('matchesAnyFilter', () => {
  const patterns: FilterPattern[] = [
    { eventName: ['REMOVE'] },
    { dynamodb: { NewImage: { type: { S: ['POST'] } } } },
  ];

  it('ORs the patterns of a consumer', () => {
    expect(matchesAnyFilter(patterns, postInsert)).toBe(true);
    expect(matchesAnyFilter(patterns, { eventName: 'MODIFY', dynamodb: {} })).toBe(false);
  });

  it('delivers everything when a consumer has no filters', () => {
    expect(matchesAnyFilter([], { anything: true })).toBe(true);
  });
});

describe('validateFilterPattern', () => {
  it('accepts the patterns the catalog uses', () => {
    expect(() =>
      validateFilterPattern({
        eventName: ['INSERT'],
        dynamodb: { NewImage: { type: { S: ['POST', 'FOLLOW'] } } },
      }),
    ).not.toThrow();
  });

  it('rejects operators the local matcher does not evaluate', () => {
    expect(() => validateFilterPattern({ size: [{ numeric: ['>', 1] }] })).toThrow(FilterPatternError);
  });

  it('rejects an empty list, which would silently match nothing', () => {
    expect(() => validateFilterPattern({ eventName: [] })).toThrow(/empty list/);
  });
});

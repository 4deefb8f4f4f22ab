/** Mastodon's id paging as one range Query reads it (shared/db/id-range.ts). */
import { describe, expect, it } from 'vitest';
import { idRangeRead } from '#shared/db/id-range';

describe('idRangeRead', () => {
  it('reads downwards from max_id to since_id, dropping both bounds, newest first', () => {
    const range = idRangeRead({ limit: 2, maxId: 'E', sinceId: 'A' });
    expect(range).toMatchObject({ lowerId: 'A', upperId: 'E', scanIndexForward: false, queryLimit: 3 });
    expect(['E', 'D', 'C', 'B'].filter((id) => !range.isBound(id))).toEqual(['D', 'C', 'B']);
    expect(range.page(['D', 'C', 'B'])).toEqual(['D', 'C']);
  });

  it('reads upwards from min_id (the ones right after it) and answers them newest first', () => {
    const range = idRangeRead({ limit: 2, minId: 'A', sinceId: 'B' });
    expect(range).toMatchObject({ lowerId: 'A', upperId: undefined, scanIndexForward: true });
    expect(range.page(['B', 'C', 'D'])).toEqual(['C', 'B']);
  });

  it('leaves both ends open without bounds', () => {
    const range = idRangeRead({ limit: 20 });
    expect(range).toMatchObject({ lowerId: undefined, upperId: undefined, scanIndexForward: false });
    expect(range.isBound('A')).toBe(false);
  });
});

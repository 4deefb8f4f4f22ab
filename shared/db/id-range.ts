/**
 * Mastodon's id paging over one sort-key range, as a single Query reads it: older than `maxId`, newer than
 * `sinceId` (the newest first) or `minId` (the ones right after it), newest first either way. The key
 * condition is `BETWEEN <lower> AND <upper>`, which is inclusive, so the bound ids themselves may come back and
 * are dropped; the Query asks for one more than the limit to make up for that.
 */
import type { IdPage } from '#shared/domain/mastodon/paging';

export interface IdRangeRead {
  /** The lower bound's id (`min_id` or `since_id`), or undefined for an open end. */
  lowerId: string | undefined;
  /** The upper bound's id (`max_id`), or undefined for an open end. */
  upperId: string | undefined;
  /** `min_id` reads upwards from its bound (the ones right after it); the others read downwards. */
  scanIndexForward: boolean;
  queryLimit: number;
  isBound(id: string): boolean;
  /** The items read, in Query order, as the page answered: at most `limit`, newest first. */
  page<T>(items: readonly T[]): T[];
}

export function idRangeRead(request: IdPage): IdRangeRead {
  const lowerId = request.minId ?? request.sinceId;
  const ascending = request.minId !== undefined;
  return {
    lowerId,
    upperId: request.maxId,
    scanIndexForward: ascending,
    queryLimit: request.limit + 1,
    isBound: (id) => id === lowerId || id === request.maxId,
    page: (items) => {
      const page = items.slice(0, request.limit);
      return ascending ? page.reverse() : page;
    },
  };
}

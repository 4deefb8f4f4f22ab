/** List endpoints take `?limit=` in this range and return `{ items, nextCursor }`. */
export const PAGE_LIMIT = { min: 1, max: 100, default: 20 } as const;

export interface Page<T> {
  items: T[];
  /** Opaque; pass as `?cursor=` for the next page. null on the last page. */
  nextCursor: string | null;
}

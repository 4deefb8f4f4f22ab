/** Mastodon list answers: the items, with the Link header clients page with (on the public base URL). */
import { linkHeader } from '#shared/domain/mastodon/paging';
import type { Reply } from '#shared/http/responses';

/** `position` is the id an item is paged by (its own id unless the list pages by another, as conversations do). */
export function listReply<T extends { id: string }>(
  items: readonly T[],
  page: {
    publicUrl: string;
    path: string;
    limit: number;
    extra?: Record<string, string | readonly string[] | undefined>;
    position?: (item: T) => string;
  },
): Reply {
  const position = page.position ?? ((item: T) => item.id);
  const first = items[0];
  const last = items.at(-1);
  const link = linkHeader(
    `${page.publicUrl}${page.path}`,
    page.extra ?? {},
    first && last ? { first: position(first), last: position(last) } : undefined,
    page.limit,
  );
  return { statusCode: 200, body: items, ...(link ? { headers: { link } } : {}) };
}

/**
 * A list paged with Skylark's opaque cursors: the next page's cursor rides in `max_id` of the Link header's
 * `rel="next"` (clients follow the header as given).
 */
export function cursorListReply(
  page: { items: readonly unknown[]; nextMaxId: string | null },
  at: { publicUrl: string; path: string; limit: number },
): Reply {
  const link = page.nextMaxId
    ? `<${at.publicUrl}${at.path}?limit=${at.limit}&max_id=${encodeURIComponent(page.nextMaxId)}>; rel="next"`
    : undefined;
  return { statusCode: 200, body: page.items, ...(link ? { headers: { link } } : {}) };
}

export function idPage(query: {
  max_id?: string | undefined;
  since_id?: string | undefined;
  min_id?: string | undefined;
  limit: number;
}) {
  return { maxId: query.max_id, sinceId: query.since_id, minId: query.min_id, limit: query.limit };
}

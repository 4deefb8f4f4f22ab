/**
 * Mastodon's id paging over Skylark's newest-first sources: `max_id` (older than), `since_id` (newer than, the
 * newest first), `min_id` (newer than, the ones right after it — still returned newest first), `limit`
 * (1–40, default 20). Post ids are ULIDs, so id order is time order. A source is read newest first in pages; a
 * bounded number of pages is read per request (MAX_SOURCE_READS), so `min_id` further back than that many
 * pages answers the oldest posts read so far.
 */
import type { Post } from '#shared/domain/post';

/** A list paged with Skylark's opaque cursors, carried as `max_id` in the Link header (as follow lists are). */
export interface CursorPage<T> {
  items: T[];
  nextMaxId: string | null;
}

export const MASTODON_LIMIT = { min: 1, max: 40, default: 20 } as const;
const MAX_SOURCE_READS = 10;

export interface IdPage {
  maxId?: string | undefined;
  sinceId?: string | undefined;
  minId?: string | undefined;
  limit: number;
}

/** Posts strictly older than `before` (from the newest when undefined), newest first. */
export type PostSource = (
  before: string | undefined,
  limit: number,
) => Promise<{ posts: Post[]; exhausted: boolean }>;

/** Where a post sits in a list: a repost at the repost's id (a reblog's status id), a post at its own. */
export function positionOf(post: Pick<Post, 'id' | 'repostId'>): string {
  return post.repostId ?? post.id;
}

export async function pagePosts(
  source: PostSource,
  page: IdPage,
  keep: (post: Post) => boolean = () => true,
): Promise<Post[]> {
  const lower = page.minId ?? page.sinceId;
  const collected: Post[] = [];
  let before = page.maxId;
  for (let read = 0; read < MAX_SOURCE_READS; read += 1) {
    const { posts, exhausted } = await source(before, page.limit);
    let reachedLower = false;
    for (const post of posts) {
      if (lower !== undefined && positionOf(post) <= lower) {
        reachedLower = true;
        break;
      }
      if (keep(post)) collected.push(post);
    }
    const last = posts.at(-1);
    if (reachedLower || exhausted || !last) break;
    if (page.minId === undefined && collected.length >= page.limit) break;
    before = positionOf(last);
  }
  return page.minId === undefined ? collected.slice(0, page.limit) : collected.slice(-page.limit);
}

/**
 * The `Link` header Mastodon clients page with: next = older (max_id of the last item), prev = newer (min_id of
 * the first), keeping the request's other parameters (`extra`). Nothing when the page is empty.
 */
export function linkHeader(
  pageUrl: string,
  extra: Record<string, string | readonly string[] | undefined>,
  ids: { first: string; last: string } | undefined,
  limit: number,
): string | undefined {
  if (!ids) return undefined;
  const url = (bound: Record<string, string>) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(extra)) {
      for (const one of typeof value === 'string' ? [value] : (value ?? [])) search.append(key, one);
    }
    search.set('limit', String(limit));
    for (const [key, value] of Object.entries(bound)) search.set(key, value);
    return `${pageUrl}?${search.toString()}`;
  };
  return `<${url({ max_id: ids.last })}>; rel="next", <${url({ min_id: ids.first })}>; rel="prev"`;
}

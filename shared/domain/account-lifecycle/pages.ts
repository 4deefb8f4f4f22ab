import type { Page } from '../pagination';
import type { PageRequest } from '../post';

/** The largest page a list access pattern serves (PAGE_LIMIT.max): the fewest requests per item. */
const FULL_PAGE = 100;

/**
 * Every item of a paged access pattern, page by page (each page one Query): what the export and the erasure
 * read a whole partition with, through the same named access patterns the API lists use.
 */
export async function* allPages<T>(fetchPage: (page: PageRequest) => Promise<Page<T>>): AsyncGenerator<T[]> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage({ limit: FULL_PAGE, ...(cursor ? { cursor } : {}) });
    if (page.items.length > 0) yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** Every item of a paged access pattern, in one array. */
export async function collectAll<T>(fetchPage: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  for await (const page of allPages(fetchPage)) items.push(...page);
  return items;
}

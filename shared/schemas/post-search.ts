/** Request schemas of the hashtag and post-search routes. */
import { z } from 'zod';
import { PageQuery } from './common';

/** `{tag}` without '#', as written (any case or accents); folded by the domain. */
export const HashtagPath = z.strictObject({ tag: z.string().min(1).max(100) });

export const SearchPostsQuery = z.strictObject({
  ...PageQuery.shape,
  /** `#tag`, or one word (a prefix of at least two letters); the domain judges it (400 invalid_query). */
  q: z.string().min(1).max(100),
});
export type SearchPostsQuery = z.infer<typeof SearchPostsQuery>;

export { PageQuery };

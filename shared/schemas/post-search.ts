/** Request schemas of the hashtag and post-search routes. */
import { PageQuery } from './common';
import * as z from './zod';

/** `{tag}` without '#', as written (any case or accents); folded by the domain. */
export const HashtagPath = z.strictObject({ tag: z.string().check(z.minLength(1), z.maxLength(100)) });

export const SearchPostsQuery = z.extend(PageQuery, {
  /** `#tag`, or one word (a prefix of at least two letters); the domain judges it (400 invalid_query). */
  q: z.string().check(z.minLength(1), z.maxLength(100)),
});
export type SearchPostsQuery = z.infer<typeof SearchPostsQuery>;

export { PageQuery };

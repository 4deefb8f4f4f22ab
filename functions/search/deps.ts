/** The production wiring of post search: the post index and the batched post read. */
import { postHydration } from '#shared/db/post-hydration';
import { loadIndexedPosts, postIndex } from '#shared/db/post-index-repository';
import { systemClock } from '#shared/domain/clock';
import type { PostSearchDeps } from '#shared/domain/post-search';

export const postSearchDeps: PostSearchDeps = {
  index: postIndex,
  loadPosts: loadIndexedPosts,
  clock: systemClock,
  hydration: postHydration,
};

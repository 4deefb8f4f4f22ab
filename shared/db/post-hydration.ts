/** The hydrate stage's batched reads (shared/domain/read-stages.ts): current posts and the reader's edges. */
import type { PostHydration } from '#shared/domain/read-stages';
import { engagementStore } from './engagement-repository';
import { getPostsByRefs } from './post-lookup';

export const postHydration: PostHydration = {
  currentPosts: getPostsByRefs,
  engagedBetween: engagementStore.engagedBetween,
};

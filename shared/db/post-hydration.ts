/**
 * The hydrate stage's batched reads (shared/domain/read-stages.ts): current posts, the reader's edges and
 * relationships.
 */
import type { PostHydration } from '#shared/domain/read-stages';
import { engagementStore } from './engagement-repository';
import { getPostsByRefs } from './post-lookup';
import { relationshipReads } from './relationship-repository';

export const postHydration: PostHydration = {
  currentPosts: getPostsByRefs,
  engagedBetween: engagementStore.engagedBetween,
  relationships: relationshipReads,
};

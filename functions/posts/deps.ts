/**
 * The production wiring of the posts routes: the DynamoDB repositories, the system clock and ULIDs. Each
 * export is built by a call marked pure, so a handler bundles only the stores its own export references
 * (DeletePost no hydration, only ListUserPosts the author page). Creating a post, with Powertools idempotency,
 * is wired in create-deps.ts: only CreatePost bundles it.
 */
import { authorPage } from '#shared/db/author-page';
import { postHydration } from '#shared/db/post-hydration';
import { postStore } from '#shared/db/post-repository';
import { relationshipReads } from '#shared/db/relationship-repository';
import { userDirectory } from '#shared/db/user-directory';
import { systemClock, ulidIds } from '#shared/domain/clock';
import type { PostDependencies } from '#shared/domain/post';
import type { PostReadDependencies, UserPageDependencies } from '#shared/domain/post-lists';

function postDepsWith<Extra extends object>(extra: Extra): PostDependencies & Extra {
  return {
    ...extra,
    posts: postStore,
    users: userDirectory,
    relationships: relationshipReads,
    clock: systemClock,
    ids: ulidIds,
  };
}

export const postDeps: PostDependencies = /* @__PURE__ */ postDepsWith({});

/** The public reads: the same stores, and the hydrate stage's batched reads (viewer state). */
export const postReadDeps: PostReadDependencies = /* @__PURE__ */ postDepsWith({ hydration: postHydration });

/** A user's page: the public reads and the posts-and-reposts read. */
export const userPageDeps: UserPageDependencies = /* @__PURE__ */ postDepsWith({
  hydration: postHydration,
  pages: { authorPosts: authorPage },
});

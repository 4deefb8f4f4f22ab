/**
 * Turns posts into Mastodon statuses in named stages: collect the ids they need (authors, mentioned users, the
 * parents' authors) → one batched profile read, parent lookups → map. One stage per kind of read, never a read
 * per status for the authors.
 */
import type { Post } from '#shared/domain/post';
import { hydratePosts, type PostHydration } from '#shared/domain/read-stages';
import type { User } from '#shared/domain/user';
import { NotFoundError } from '#shared/errors';
import { type MastodonStatus, toStatus } from './entities';
import type { LinkBase } from './html';

export interface PresentDeps extends LinkBase {
  usersByIds(ids: readonly string[]): Promise<User[]>;
  findPost(postId: string): Promise<Post | undefined>;
  /** The hydrate stage's viewer state (`favourited`, `reblogged` for the reader). */
  hydration?: PostHydration | undefined;
}

/**
 * Statuses for a reader: posts not hydrated yet go through the hydrate stage (what the reader may see —
 * protected and blocking authors' posts drop out, signed in or not — and the reader's viewer state, one Query
 * for the whole list), then authors, reposters and parents' authors are read in batches. `hydrated`: the list
 * came from a /v1 domain read that already ran the stage.
 */
export async function presentStatuses(
  deps: PresentDeps,
  given: readonly Post[],
  viewerId?: string,
  options: { hydrated?: boolean } = {},
): Promise<MastodonStatus[]> {
  const posts =
    !options.hydrated && given.some((post) => post.viewer === undefined)
      ? await hydratePosts(given, { viewerId, hydration: deps.hydration })
      : given;
  const parentIds = [...new Set(posts.flatMap((post) => (post.replyTo ? [post.replyTo] : [])))];
  const known = new Map(posts.map((post) => [post.id, post.author.id] as const));
  const [users, parents] = await Promise.all([
    deps.usersByIds([
      ...new Set(posts.flatMap((post) => [post.author.id, ...(post.repostedBy ? [post.repostedBy.id] : [])])),
    ]),
    Promise.all(parentIds.filter((id) => !known.has(id)).map((id) => deps.findPost(id))),
  ]);
  const parentAuthors = new Map(known);
  for (const parent of parents) if (parent) parentAuthors.set(parent.id, parent.author.id);
  const context = { users: new Map(users.map((user) => [user.id, user] as const)), parentAuthors };
  return posts.map((post) => toStatus(post, context, deps));
}

export async function presentStatus(
  deps: PresentDeps,
  post: Post,
  viewerId?: string,
): Promise<MastodonStatus> {
  const [status] = await presentStatuses(deps, [post], viewerId);
  // The reader may not see it (a protected author they do not follow, or one who blocks them).
  if (!status) throw new NotFoundError('not_found', 'Record not found');
  return status;
}

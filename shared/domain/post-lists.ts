/**
 * Lists of posts that are not timelines: a user's page and a post's replies, each read as stages
 * (shared/domain/read-stages.ts), so what hydration adds to a post reaches every list.
 */
import { NotFoundError, userNotFound, ValidationError } from '#shared/errors';
import * as z from '#shared/schemas/zod';
import type { Page } from './pagination';
import { getVisiblePost, type PageRequest, type Post, type PostDependencies } from './post';
import { hydratePosts, type PostHydration, presentPage, readPostList } from './read-stages';
import { assertCanSeeContentOf } from './relationships/visibility';
import type { TimelineReader } from './timeline';

/** What the public post reads need: the stores, and the hydrate stage's batched reads. */
export type PostReadDependencies = Pick<PostDependencies, 'posts' | 'users'> & { hydration?: PostHydration };

/** A user's page also reads their posts and reposts by position (as home timelines pull a celebrity). */
export type UserPageDependencies = PostReadDependencies & { pages: Pick<TimelineReader, 'authorPosts'> };

/**
 * A post, with the reader's viewer state when signed in. A post the reader may not see (a protected account's,
 * or across a block) is the same 404 as a missing one. @throws NotFoundError post_not_found
 */
export async function readPost(
  deps: PostReadDependencies,
  input: { postId: string; viewerId?: string | undefined },
): Promise<Post> {
  const post = await getVisiblePost(deps, input.postId);
  if (!deps.hydration) return post;
  const [hydrated] = await hydratePosts([post], { viewerId: input.viewerId, hydration: deps.hydration });
  if (!hydrated) throw new NotFoundError('post_not_found', 'No such post');
  return hydrated;
}

/**
 * A user's page: their posts and their reposts (marked with `repostedBy`), newest first by position, read as
 * stages: skeleton (one Query of the page's posts and reposts by position, the reposted posts read in one batch) →
 * hydrate (viewer state) → present (a cursor bound to this user's page).
 * @throws NotFoundError user_not_found; ValidationError invalid_cursor
 */
export async function listUserPosts(
  deps: UserPageDependencies,
  input: { username: string; viewerId?: string | undefined } & PageRequest,
): Promise<Page<Post>> {
  const user = await deps.users.findByUsername(input.username);
  if (!user) throw userNotFound(input.username);
  if (deps.hydration) await assertCanSeeContentOf(deps.hydration.relationships, input.viewerId, user);
  const before = input.cursor === undefined ? undefined : decodeUserPageCursor(input.cursor, user.id);
  const page = await deps.pages.authorPosts(user.id, { before, limit: input.limit });
  const posts = await hydratePosts(
    page.posts.map((entry) => entry.post),
    { viewerId: input.viewerId, hydration: deps.hydration },
  );
  const last = page.posts.at(-1)?.position;
  return presentPage(posts, last && !page.exhausted ? encodeUserPageCursor(user.id, last) : null);
}

const UserPageCursor = z.strictObject({
  v: z.literal(1),
  /** The user whose page it pages: a cursor of another list is refused. */
  user: z.string().check(z.minLength(1), z.maxLength(64)),
  /** Serve entries strictly older than this position (a post id, or a repost's id). */
  before: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)),
});

function encodeUserPageCursor(userId: string, before: string): string {
  return Buffer.from(JSON.stringify({ v: 1, user: userId, before }), 'utf8').toString('base64url');
}

function decodeUserPageCursor(cursor: string, userId: string): string {
  try {
    if (!/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) throw new Error('malformed');
    const decoded = UserPageCursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (decoded.user !== userId) throw new Error('another list');
    return decoded.before;
  } catch {
    throw new ValidationError(
      'invalid_cursor',
      'The cursor is not valid for this list; start again without it',
    );
  }
}

/**
 * The replies to a post the reader may see, oldest first, read as stages (replies the reader may not see are
 * left out). @throws NotFoundError post_not_found
 */
export async function listReplies(
  deps: PostReadDependencies,
  input: { postId: string; viewerId?: string | undefined } & PageRequest,
): Promise<Page<Post>> {
  await readPost(deps, input);
  return readPostList(() => deps.posts.pageReplies(input.postId, input), {
    viewerId: input.viewerId,
    hydration: deps.hydration,
  });
}

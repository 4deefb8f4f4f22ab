/**
 * Turns posts into Mastodon statuses in named stages: collect the ids they need (authors, mentioned users, the
 * parents' authors) → one batched profile read, parent lookups → map. One stage per kind of read, never a read
 * per status for the authors.
 */
import type { Post } from '#shared/domain/post';
import type { User } from '#shared/domain/user';
import { type MastodonStatus, toStatus } from './entities';
import type { LinkBase } from './html';

export interface PresentDeps extends LinkBase {
  usersByIds(ids: readonly string[]): Promise<User[]>;
  findPost(postId: string): Promise<Post | undefined>;
}

export async function presentStatuses(deps: PresentDeps, posts: readonly Post[]): Promise<MastodonStatus[]> {
  const parentIds = [...new Set(posts.flatMap((post) => (post.replyTo ? [post.replyTo] : [])))];
  const known = new Map(posts.map((post) => [post.id, post.author.id] as const));
  const [users, parents] = await Promise.all([
    deps.usersByIds([...new Set(posts.map((post) => post.author.id))]),
    Promise.all(parentIds.filter((id) => !known.has(id)).map((id) => deps.findPost(id))),
  ]);
  const parentAuthors = new Map(known);
  for (const parent of parents) if (parent) parentAuthors.set(parent.id, parent.author.id);
  const context = { users: new Map(users.map((user) => [user.id, user] as const)), parentAuthors };
  return posts.map((post) => toStatus(post, context, deps));
}

export async function presentStatus(deps: PresentDeps, post: Post): Promise<MastodonStatus> {
  const [status] = await presentStatuses(deps, [post]);
  if (!status) throw new Error('presentStatuses lost a post');
  return status;
}

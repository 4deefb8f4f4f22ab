/**
 * Posts: create, read, delete and list, as plain functions over the ports they need. The HTTP handlers in
 * functions/posts/ wire these to the DynamoDB repositories; unit tests pass fakes.
 */
import { ForbiddenError, NotFoundError, userBlocked, userNotFound } from '#shared/errors';
import { assertAccountActive, isAccountVisible } from './accounts/account-state';
import type { Clock, IdGenerator } from './clock';
import type { ViewerState } from './engagement/viewer-state';
import type { Page } from './pagination';
import { checkPostText, type HashtagEntity, type MentionEntity, type UrlEntity } from './post-text';
import type { RelationshipReads } from './relationships/ports';
import { loadAudience } from './relationships/visibility';
import type { User, UserSummary } from './user';
import { toUserSummary } from './user';

export const ATTACHMENT_KINDS = ['image', 'video', 'link'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export const ATTACHMENT_RULES = { maxAttachments: 4, maxUrlLength: 512, schemes: ['https'] } as const;

export interface Attachment {
  url: string;
  kind: AttachmentKind;
}

/** A mention of an existing, verified user. Mentions of unknown names stay plain text. */
export interface ResolvedMention extends MentionEntity {
  userId: string;
}

export interface PostEntities {
  urls: UrlEntity[];
  mentions: ResolvedMention[];
  hashtags: HashtagEntity[];
}

export interface Post {
  /** ULID. */
  id: string;
  author: UserSummary;
  /** NFC-normalised, stored and returned verbatim (never escaped or interpreted). */
  text: string;
  entities: PostEntities;
  replyTo: string | null;
  attachments: Attachment[];
  createdAt: string;
  replyCount: number;
  /** Exact: changes in the same transaction as the like edge. */
  likeCount: number;
  repostCount: number;
  /** For a signed-in reader: what they did with it (filled by the hydrate stage of every read). */
  viewer?: ViewerState;
  /**
   * The post reached this timeline (or user page) through a repost: the repost's id (the item's position in the
   * list, newer than the post's own id), who reposted it, and when.
   */
  repostId?: string;
  repostedBy?: UserSummary;
  repostedAt?: string;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

/** The post store (shared/db/post-repository.ts). */
export interface PostStore {
  /**
   * Writes the post, increments its author's post count and, for a reply, the parent's reply count, and counts
   * it in the author's current posting windows (POSTING_LIMIT_POLICIES), atomically.
   * Writing the same post again (a redelivered SMS) changes and counts nothing.
   * @throws RateLimitedError when a posting window is full (nothing written); NotFoundError parent_not_found
   *   when the parent is gone by the time of the write
   */
  insert(post: Post, parent?: Post): Promise<void>;
  findById(postId: string): Promise<Post | undefined>;
  /** Deletes the post and decrements the counts; a no-op when it is already gone. */
  remove(post: Post): Promise<void>;
  pageByAuthor(authorId: string, page: PageRequest): Promise<Page<Post>>;
  pageReplies(parentId: string, page: PageRequest): Promise<Page<Post>>;
}

export interface UserDirectory {
  getById(userId: string): Promise<User | undefined>;
  /** A verified user by username (any case). */
  findByUsername(username: string): Promise<User | undefined>;
}

export interface PostDependencies {
  posts: PostStore;
  users: UserDirectory;
  /** Replies and mentions across a block, and replies to posts the author may not see. */
  relationships: RelationshipReads;
  clock: Clock;
  ids: IdGenerator;
}

export interface CreatePostInput {
  authorId: string;
  text: string;
  replyTo?: string | undefined;
  attachments?: Attachment[] | undefined;
}

/**
 * Creates a post: checks the text rules, resolves mentions of verified users, checks the parent of a reply,
 * and writes everything, its count in the author's posting limits included, in one transaction. A mention of someone
 * blocked either way stays plain text (no mention entry, no notification). A reply to a post the author may not
 * see (a protected account's, or across a block) is `parent_not_found`, as if it did not exist; to an account
 * the author blocks, `user_blocked`.
 * @throws ValidationError for text that breaks a rule; NotFoundError parent_not_found / user_not_found;
 *   RateLimitedError over a posting limit; ForbiddenError account_suspended / account_deactivated, user_blocked
 */
export async function createPost(deps: PostDependencies, input: CreatePostInput): Promise<Post> {
  const checked = checkPostText(input.text);
  const [author, parent, mentions] = await Promise.all([
    deps.users.getById(input.authorId),
    input.replyTo ? deps.posts.findById(input.replyTo) : Promise.resolve(undefined),
    resolveMentions(deps.users, checked.entities.mentions),
  ]);
  if (!author?.emailVerified) throw userNotFound();
  assertAccountActive(author);
  if (input.replyTo && !parent) throw parentNotFound();
  const others = [...mentions.map((mention) => mention.userId), ...(parent ? [parent.author.id] : [])];
  const audience = others.length > 0 ? await loadAudience(deps.relationships, author.id, others) : undefined;
  if (parent && audience && !audience.canSeeContentOf(parent.author.id)) {
    if (audience.blocks(parent.author.id)) throw userBlocked();
    throw parentNotFound();
  }
  const now = deps.clock.now();
  const post: Post = {
    id: deps.ids.next(now),
    author: toUserSummary(author),
    text: checked.text,
    entities: {
      urls: checked.entities.urls,
      mentions: mentions.filter((mention) => !audience?.blockedEitherWay(mention.userId)),
      hashtags: checked.entities.hashtags,
    },
    replyTo: parent?.id ?? null,
    attachments: input.attachments ?? [],
    createdAt: now.toISOString(),
    replyCount: 0,
    likeCount: 0,
    repostCount: 0,
  };
  await deps.posts.insert(post, parent);
  return post;
}

async function resolveMentions(
  users: UserDirectory,
  mentions: readonly MentionEntity[],
): Promise<ResolvedMention[]> {
  const names = [...new Set(mentions.map((mention) => mention.username))];
  const found = await Promise.all(names.map((name) => users.findByUsername(name)));
  const ids = new Map(found.flatMap((user) => (user ? [[user.username, user.id] as const] : [])));
  return mentions.flatMap((mention) => {
    const userId = ids.get(mention.username);
    return userId ? [{ ...mention, userId }] : [];
  });
}

/** @throws NotFoundError post_not_found */
export async function getPost(deps: { posts: Pick<PostStore, 'findById'> }, postId: string): Promise<Post> {
  const post = await deps.posts.findById(postId);
  if (!post) throw postNotFound();
  return post;
}

/**
 * A post others may see: one whose author is active. A suspended or deactivated author's post answers the same
 * 404 as a missing one.
 * @throws NotFoundError post_not_found
 */
export async function getVisiblePost(
  deps: { posts: Pick<PostStore, 'findById'>; users: Pick<UserDirectory, 'getById'> },
  postId: string,
): Promise<Post> {
  const post = await getPost(deps, postId);
  const author = await deps.users.getById(post.author.id);
  if (!author || !isAccountVisible(author)) throw postNotFound();
  return post;
}

/**
 * Deletes a post; only its author may.
 * @throws NotFoundError post_not_found; ForbiddenError not_post_author
 */
export async function deletePost(
  deps: Pick<PostDependencies, 'posts'>,
  input: { callerId: string; postId: string },
): Promise<void> {
  const post = await getPost(deps, input.postId);
  if (post.author.id !== input.callerId) {
    throw new ForbiddenError('not_post_author', 'Only the author can delete a post');
  }
  await deps.posts.remove(post);
}

function parentNotFound(): NotFoundError {
  return new NotFoundError('parent_not_found', 'The post you are replying to does not exist');
}

function postNotFound(): NotFoundError {
  return new NotFoundError('post_not_found', 'No such post');
}

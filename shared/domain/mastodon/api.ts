/**
 * The Mastodon client API's use cases, over the same domain functions /v1 uses (posts, follows, timeline,
 * profiles, search): one set of rules, two surfaces. Each function takes Mastodon's inputs (account ids rather
 * than usernames, id paging) and returns Mastodon entities.
 */

import type { Clock } from '#shared/domain/clock';
import {
  type FollowDependencies,
  followUser,
  listFollowers,
  listFollowing,
  unfollowUser,
} from '#shared/domain/follow';
import type { Page } from '#shared/domain/pagination';
import {
  type CreatePostInput,
  deletePost,
  getVisiblePost,
  type Post,
  type PostDependencies,
  type UserDirectory,
} from '#shared/domain/post';
import { PROFILE_LIMITS, type ProfilePatch } from '#shared/domain/profile';
import type { PostHydration } from '#shared/domain/read-stages';
import { assertCanSeeContentOf } from '#shared/domain/relationships/visibility';
import { encodeTimelineCursor, readTimeline, type TimelineReader } from '#shared/domain/timeline';
import { type PublicUser, toPublicUser, type User } from '#shared/domain/user';
import type { PeopleSearch, ProfileStore } from '#shared/domain/users/ports';
import { searchPeople } from '#shared/domain/users/public-profile';
import { updateProfile } from '#shared/domain/users/update-profile';
import { NotFoundError, ValidationError } from '#shared/errors';
import {
  type MastodonAccount,
  type MastodonStatus,
  toAccount,
  toContext,
  toCredentialAccount,
} from './entities';
import { type IdPage, type PostSource, pagePosts } from './paging';
import { type PresentDeps, presentStatus, presentStatuses } from './present';
import { type MastodonRelationshipDeps, relationshipWith } from './relationships';

export interface MastodonDeps extends PresentDeps {
  users: UserDirectory;
  profiles: Pick<ProfileStore, 'getProfileForUpdate' | 'saveProfileFields'>;
  posts: PostDependencies;
  follows: FollowDependencies;
  relationshipFlags: MastodonRelationshipDeps['relationshipFlags'];
  /** The home timeline's reads, with the hydrate stage (counts and viewer state). */
  timeline: { timeline: TimelineReader; clock: Clock; hydration?: PostHydration };
  search: PeopleSearch;
}

/** Mastodon's 404 body is "Record not found". */
export function recordNotFound(): NotFoundError {
  return new NotFoundError('not_found', 'Record not found');
}

/** A pending feature: 422 on writes that would need it, with the reason. */
export function notAvailable(feature: string): ValidationError {
  return new ValidationError('not_available', `${feature} is not available on this server yet`);
}

export async function userById(deps: Pick<MastodonDeps, 'users'>, id: string): Promise<User> {
  const user = await deps.users.getById(id);
  if (!user?.emailVerified) throw recordNotFound();
  return user;
}

export async function getAccount(deps: MastodonDeps, id: string): Promise<MastodonAccount> {
  return toAccount(toPublicUser(await userById(deps, id)), deps);
}

/** `acct` is `username` or `username@this-domain`; other domains are not federated, so not found. */
export async function lookupAccount(deps: MastodonDeps, acct: string): Promise<MastodonAccount> {
  const [username, domain] = acct.replace(/^@/, '').split('@');
  if (!username || (domain !== undefined && domain !== new URL(deps.publicUrl).host)) throw recordNotFound();
  const user = await deps.users.findByUsername(username);
  if (!user) throw recordNotFound();
  return toAccount(toPublicUser(user), deps);
}

export async function verifyCredentials(deps: MastodonDeps, userId: string) {
  return toCredentialAccount(await userById(deps, userId), deps);
}

const FIELD_NAMES = { website: 'Website', location: 'Location', category: 'Category' } as const;

/**
 * Mastodon's profile edit onto Skylark's profile: display_name → first and last name (split at the first
 * space), note → bio, fields named Website, Location and Category → those fields (others are refused).
 */
export async function updateCredentials(
  deps: MastodonDeps,
  userId: string,
  input: {
    display_name?: string | undefined;
    note?: string | undefined;
    fields_attributes?: { name: string; value: string }[] | undefined;
  },
) {
  const patch: ProfilePatch = {};
  if (input.display_name !== undefined) {
    const [first, ...rest] = input.display_name.trim().split(/\s+/);
    if (!first) throw new ValidationError('invalid_name', 'Display name must not be empty');
    patch.firstName = first;
    if (rest.length > 0) patch.lastName = rest.join(' ');
  }
  if (input.note !== undefined) {
    if ([...input.note].length > PROFILE_LIMITS.bio) {
      throw new ValidationError(
        'bio_too_long',
        `Note is too long (maximum is ${PROFILE_LIMITS.bio} characters)`,
      );
    }
    patch.bio = input.note === '' ? null : input.note;
  }
  for (const field of input.fields_attributes ?? []) {
    const key = (Object.keys(FIELD_NAMES) as (keyof typeof FIELD_NAMES)[]).find(
      (name) => FIELD_NAMES[name].toLowerCase() === field.name.trim().toLowerCase(),
    );
    if (!key) {
      if (field.name === '' && field.value === '') continue;
      throw new ValidationError(
        'unknown_field',
        'Skylark profiles have three fields: Website, Location and Category',
      );
    }
    if (field.value.length > PROFILE_LIMITS[key]) {
      throw new ValidationError(
        'field_too_long',
        `${FIELD_NAMES[key]} is too long (maximum is ${PROFILE_LIMITS[key]} characters)`,
      );
    }
    if (key === 'website' && field.value !== '' && !/^https?:\/\/\S+$/.test(field.value)) {
      throw new ValidationError('invalid_website', 'Website must be an http(s) URL');
    }
    patch[key] = field.value === '' ? null : field.value;
  }
  const user = await updateProfile({ users: deps.profiles }, userId, patch);
  return toCredentialAccount(user, deps);
}

export async function accountStatuses(
  deps: MastodonDeps,
  id: string,
  query: IdPage & {
    exclude_replies?: boolean | undefined;
    pinned?: boolean | undefined;
    only_media?: boolean | undefined;
    exclude_reblogs?: boolean | undefined;
  },
  viewerId?: string,
): Promise<MastodonStatus[]> {
  const user = await userById(deps, id);
  try {
    await assertCanSeeContentOf(deps.posts.relationships, viewerId, user);
  } catch (error) {
    if (error instanceof NotFoundError) throw recordNotFound();
    throw error;
  }
  // Skylark has no pinned posts: pinned lists are empty.
  if (query.pinned) return [];
  const source: PostSource = async (before, limit) => {
    const result = await deps.timeline.timeline.authorPosts(user.id, { before, limit });
    return { posts: result.posts.map((entry) => entry.post), exhausted: result.exhausted };
  };
  const posts = await pagePosts(source, query, (post) => {
    if (query.exclude_replies && post.replyTo !== null) return false;
    if (query.exclude_reblogs && post.repostId !== undefined) return false;
    if (query.only_media && !post.attachments.some((a) => a.kind !== 'link')) return false;
    return true;
  });
  return presentStatuses(deps, posts, viewerId);
}

export async function homeTimeline(
  deps: MastodonDeps,
  userId: string,
  page: IdPage,
): Promise<MastodonStatus[]> {
  const source: PostSource = async (before, limit) => {
    const cursor =
      before === undefined
        ? undefined
        : encodeTimelineCursor({ v: 1, before, pull: true, depth: 0, seen: [] });
    const result = await readTimeline(deps.timeline, { ownerId: userId, limit, cursor });
    return { posts: result.items, exhausted: result.nextCursor === null };
  };
  return presentStatuses(deps, await pagePosts(source, page), userId);
}

/**
 * Followers and following page with Skylark's opaque cursors, carried as `max_id` in the Link header. The /v1
 * gate applies: a protected account's lists are for its approved followers (404 to everyone else).
 */
export async function followList(
  deps: MastodonDeps,
  which: 'followers' | 'following',
  id: string,
  page: { limit: number; maxId?: string | undefined; viewerId?: string | undefined },
): Promise<{ accounts: MastodonAccount[]; nextMaxId: string | null }> {
  const user = await userById(deps, id);
  const listDeps = {
    follows: deps.follows.follows,
    users: deps.users,
    relationships: deps.posts.relationships,
  };
  const request = { username: user.username, viewerId: page.viewerId, limit: page.limit, cursor: page.maxId };
  let result: Page<PublicUser>;
  try {
    result =
      which === 'followers' ? await listFollowers(listDeps, request) : await listFollowing(listDeps, request);
  } catch (error) {
    if (error instanceof NotFoundError) throw recordNotFound();
    throw error;
  }
  return { accounts: result.items.map((item) => toAccount(item, deps)), nextMaxId: result.nextCursor };
}

export async function follow(deps: MastodonDeps, callerId: string, id: string, on: boolean) {
  const target = await userById(deps, id);
  const input = { followerId: callerId, username: target.username };
  // A protected account gets a follow request: the Relationship then says `requested`.
  if (on) await followUser(deps.follows, input);
  else await unfollowUser(deps.follows, input);
  return relationshipWith(deps, callerId, target.id);
}

/** Account search on the same rules as `/v1` people search: inactive accounts and blocks either way left out. */
export async function searchAccounts(
  deps: MastodonDeps,
  query: { q: string; limit: number; offset: number },
  viewerId: string | undefined,
): Promise<MastodonAccount[]> {
  const q = query.q.replace(/^@/, '').split('@')[0] ?? '';
  if (q === '') return [];
  // Offset paging over the cursor-paged index: read offset + limit (both bounded by the schema), then slice.
  const page = await searchPeople(
    { search: deps.search, relationships: deps.posts.relationships },
    { q, limit: Math.min(100, query.offset + query.limit), viewerId },
  );
  return page.items.slice(query.offset, query.offset + query.limit).map((user) => toAccount(user, deps));
}

/** Mastodon's status parameters onto a Skylark post; features Skylark lacks are refused with the reason. */
export function statusInput(
  authorId: string,
  body: {
    status: string;
    in_reply_to_id?: string | undefined;
    media_ids?: string | string[] | undefined;
    poll?: unknown;
    visibility?: string | undefined;
    spoiler_text?: string | undefined;
    scheduled_at?: string | undefined;
  },
): CreatePostInput {
  refuseMissingFeatures(body);
  // Direct statuses are messages (shared/domain/mastodon/conversations.ts): never a post, whoever calls this.
  if (body.visibility === 'private' || body.visibility === 'direct') {
    throw notAvailable(`Visibility "${body.visibility}"`);
  }
  return { authorId, text: body.status, replyTo: body.in_reply_to_id };
}

/** Status parameters for features Skylark lacks, refused with the reason (posts and direct messages alike). */
export function refuseMissingFeatures(body: {
  media_ids?: string | string[] | undefined;
  poll?: unknown;
  spoiler_text?: string | undefined;
  scheduled_at?: string | undefined;
}): void {
  const media = body.media_ids === undefined ? [] : [body.media_ids].flat().filter((id) => id !== '');
  if (media.length > 0) throw notAvailable('Media upload');
  if (body.poll !== undefined && body.poll !== '') throw notAvailable('Polls');
  if (body.scheduled_at) throw notAvailable('Scheduled posts');
  if (body.spoiler_text) throw notAvailable('Content warnings');
}

export async function getStatus(deps: MastodonDeps, id: string, viewerId?: string): Promise<MastodonStatus> {
  return presentStatus(deps, await findStatus(deps, id), viewerId);
}

export async function findStatus(deps: MastodonDeps, id: string): Promise<Post> {
  try {
    // A suspended or deactivated author's status is as missing as a deleted one.
    return await getVisiblePost(deps.posts, id);
  } catch (error) {
    if (error instanceof NotFoundError) throw recordNotFound();
    throw error;
  }
}

/** Deletes the caller's status and answers it with its source text, as Mastodon does (for "delete & redraft"). */
export async function deleteStatus(deps: MastodonDeps, callerId: string, id: string) {
  const post = await findStatus(deps, id);
  const status = await presentStatus(deps, post, callerId);
  await deletePost(deps.posts, { callerId, postId: id });
  return { ...status, text: post.text };
}

const CONTEXT_LIMITS = { ancestors: 40, descendants: 60, repliesPerPost: 20 } as const;

/** Ancestors (oldest first) and descendants (depth first, oldest first), bounded. */
export async function statusContext(deps: MastodonDeps, id: string, viewerId?: string) {
  const post = await findStatus(deps, id);
  const ancestors: Post[] = [];
  let parentId = post.replyTo;
  while (parentId && ancestors.length < CONTEXT_LIMITS.ancestors) {
    const parent = await deps.findPost(parentId);
    if (!parent) break;
    ancestors.unshift(parent);
    parentId = parent.replyTo;
  }
  const descendants: Post[] = [];
  const visit = async (parent: Post): Promise<void> => {
    if (parent.replyCount === 0) return;
    const replies = await deps.posts.posts.pageReplies(parent.id, { limit: CONTEXT_LIMITS.repliesPerPost });
    for (const reply of replies.items) {
      if (descendants.length >= CONTEXT_LIMITS.descendants) return;
      descendants.push(reply);
      await visit(reply);
    }
  };
  await visit(post);
  const [up, down] = await Promise.all([
    presentStatuses(deps, ancestors, viewerId),
    presentStatuses(deps, descendants, viewerId),
  ]);
  return toContext(up, down);
}

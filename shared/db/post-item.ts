/**
 * Every post-shaped item, built from one field list and parsed back with one schema:
 * - the post item `USER#<author>` / `POST#<ulid>` (+ GSI1 by id, GSI2 by parent for a reply or in the local
 *   timeline, GSI3 on the author's page): content + counts;
 * - its timeline copy `TIMELINE#<owner>` / `POST#<ulid>`: what a timeline read serves (the content, no counts:
 *   they would go stale in every copy) with a TTL;
 * - its mention copy `MENTIONS#<user>` / `POST#<ulid>`: the content.
 * Stream images of post items are parsed with the same schema (shared/db/stream-records.ts).
 * docs/data-model.md lists the shapes.
 */

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { type RepostMark, repostEntryExpiresAt } from '#shared/domain/engagement/reactions';
import { ATTACHMENT_KINDS, type Post } from '#shared/domain/post';
import { entryExpiresAt, type PositionedPost } from '#shared/domain/timeline';
import type { UserSummary } from '#shared/domain/user';
import * as z from '#shared/schemas/zod';
import { MARSHALL_OPTIONS } from './client';
import { ItemType, keys, type PrimaryKey, postIdFromSortKey } from './keys';

const Span = { start: z.number().check(z.int(), z.minimum(0)), end: z.number().check(z.int(), z.minimum(0)) };

/** The content attributes every post-shaped item carries: the one field list. */
const PostContent = z.object({
  postId: z.string().check(z.minLength(1)),
  authorId: z.string().check(z.minLength(1)),
  authorUsername: z.string(),
  authorFirstName: z.string(),
  authorLastName: z.string(),
  text: z.string(),
  entities: z.object({
    urls: z.array(z.object({ ...Span, url: z.string() })),
    mentions: z.array(z.object({ ...Span, username: z.string(), userId: z.string().check(z.minLength(1)) })),
    hashtags: z.array(z.object({ ...Span, tag: z.string() })),
  }),
  replyTo: z.optional(z.string()),
  attachments: z._default(z.array(z.object({ url: z.string(), kind: z.enum(ATTACHMENT_KINDS) })), []),
  createdAt: z.iso.datetime(),
});
type PostContent = z.infer<typeof PostContent>;

/** Any post-shaped item (post, timeline copy, mention copy, stream image): the content, counts when stored. */
const Count = z.optional(z.number().check(z.int(), z.minimum(0)));
export const StoredPost = z.extend(PostContent, {
  replyCount: Count,
  likeCount: Count,
  repostCount: Count,
  // A repost's timeline entry: who reposted it and when (its sort key is the repost's id, not the post's).
  repostId: z.optional(z.string()),
  repostedById: z.optional(z.string()),
  repostedByUsername: z.optional(z.string()),
  repostedByFirstName: z.optional(z.string()),
  repostedByLastName: z.optional(z.string()),
  repostedAt: z.optional(z.iso.datetime()),
});

function postContent(post: Post): PostContent {
  return {
    postId: post.id,
    authorId: post.author.id,
    authorUsername: post.author.username,
    authorFirstName: post.author.firstName,
    authorLastName: post.author.lastName,
    text: post.text,
    entities: post.entities,
    ...(post.replyTo ? { replyTo: post.replyTo } : {}),
    attachments: post.attachments,
    createdAt: post.createdAt,
  };
}

/** The stored post item. */
export function postItem(post: Post) {
  return {
    ...keys.post(post.author.id, post.id),
    ...keys.postById(post.id),
    // GSI2: a reply is listed under its parent; a top-level post in the local timeline.
    ...(post.replyTo ? keys.replyOf(post.replyTo, post.id) : keys.localPost(post.id)),
    ...keys.authorPageEntry(post.author.id, post.id),
    type: ItemType.Post,
    ...postContent(post),
    replyCount: post.replyCount,
    likeCount: post.likeCount,
    repostCount: post.repostCount,
  };
}
export type PostItem = ReturnType<typeof postItem>;

/** The copy of a post in a timeline: what the read serves, expiring with the timeline window. */
export function timelineEntryItem(ownerId: string, post: Post) {
  return { ...keys.timelineEntry(ownerId, post.id), ...timelineEntryContent(post) };
}

function timelineEntryContent(post: Post) {
  return { type: ItemType.TimelineEntry, ...postContent(post), expiresAt: entryExpiresAt(post) };
}

/** An item in attribute-value form, as BatchWriteItem takes it. */
export type MarshalledItem = Record<string, AttributeValue>;

/**
 * The same entry in many timelines, in attribute-value form: the content is built and marshalled once, each
 * call only adds the owner's key. A fan-out writes one post to thousands of timelines, and converting the
 * whole item per owner was most of its CPU time.
 */
export function timelineEntriesOf(post: Post): (ownerId: string) => MarshalledItem {
  return sameItemFor(timelineEntryContent(post), (ownerId) => keys.timelineEntry(ownerId, post.id));
}

/** `repostEntryItem` for many owners, the content marshalled once (see `timelineEntriesOf`). */
export function repostEntriesOf(post: Post, repost: RepostMark): (ownerId: string) => MarshalledItem {
  return sameItemFor(repostEntryContent(post, repost), (ownerId) => keys.timelineEntry(ownerId, repost.id));
}

function sameItemFor(
  content: Record<string, unknown>,
  keyOf: (ownerId: string) => PrimaryKey,
): (ownerId: string) => MarshalledItem {
  const marshalled = marshall(content, MARSHALL_OPTIONS);
  return (ownerId) => {
    const { PK, SK } = keyOf(ownerId);
    return { PK: { S: PK }, SK: { S: SK }, ...marshalled };
  };
}

/**
 * A repost's entry in a timeline: the post's content, positioned at the repost (`POST#<repostId>`, so it sorts
 * among entries by the time of the repost), marked with the reposter; it expires with the window from the repost.
 */
export function repostEntryItem(ownerId: string, post: Post, repost: RepostMark) {
  return { ...keys.timelineEntry(ownerId, repost.id), ...repostEntryContent(post, repost) };
}

function repostEntryContent(post: Post, repost: RepostMark) {
  return {
    type: ItemType.TimelineEntry,
    ...postContent(post),
    repostId: repost.id,
    repostedById: repost.by.id,
    repostedByUsername: repost.by.username,
    repostedByFirstName: repost.by.firstName,
    repostedByLastName: repost.by.lastName,
    repostedAt: repost.at,
    expiresAt: repostEntryExpiresAt(repost),
  };
}

/** The position of a timeline item (its sort key's id: the post's, or the repost's) and the post it shows. */
export function parseTimelineItem(item: Record<string, unknown>): { position: string; post: Post } {
  return { position: postIdFromSortKey(String(item.SK)), post: parsePostItem(item) };
}

/**
 * A page digest's entries as stored (shared/domain/page-digest.ts): each post's content without counts (as in
 * every copy; the hydrate stage reads them), the people in them (authors, reposters) listed once in `people`
 * and named by index. No position is stored: it is the repost's id for a repost, the post's id otherwise, as on
 * the author's page. A digest is read and
 * written whole and billed by its size, and its entries are mostly one author's: this keeps it ≈ a third
 * smaller than entries carrying their own names.
 */
export function pageDigestContent(entries: readonly PositionedPost[]) {
  const people: UserSummary[] = [];
  const indexes = new Map<string, number>();
  const personIndex = (person: UserSummary) => {
    const key = JSON.stringify([person.id, person.username, person.firstName, person.lastName]);
    let index = indexes.get(key);
    if (index === undefined) {
      index = people.push({ ...person }) - 1;
      indexes.set(key, index);
    }
    return index;
  };
  const stored = entries.map(({ post }) => {
    const {
      authorId: _id,
      authorUsername: _username,
      authorFirstName: _firstName,
      authorLastName: _lastName,
      ...content
    } = postContent(post);
    return {
      ...content,
      author: personIndex(post.author),
      ...(post.repostId && post.repostedBy && post.repostedAt
        ? { repostId: post.repostId, reposter: personIndex(post.repostedBy), repostedAt: post.repostedAt }
        : {}),
    };
  });
  return { people, entries: stored };
}

const DigestPerson = z.object({
  id: z.string().check(z.minLength(1)),
  username: z.string(),
  firstName: z.string(),
  lastName: z.string(),
});
const ULID_POSITION = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The person an entry names by index (checked by hand: a digest's entries are parsed on the read path). */
function personAt(people: readonly UserSummary[], index: unknown): UserSummary {
  const person = typeof index === 'number' ? people[index] : undefined;
  if (!person) throw new Error('A digest entry names nobody');
  return person;
}

/**
 * The entries of a stored page digest (`people` and `entries` as written above). `projected`: read with a
 * projection of list elements, which leaves out an empty `entries` list.
 * @throws Error when malformed
 */
export function parsePageDigestContent(
  item: Record<string, unknown>,
  options: { projected?: boolean } = {},
): PositionedPost[] {
  const people = z.array(DigestPerson).parse(item.people ?? []);
  if (!Array.isArray(item.entries) && !(options.projected && item.entries === undefined))
    throw new Error('A digest has no entries list');
  const entries = (item.entries ?? []) as Record<string, unknown>[];
  return entries.map((entry) => {
    const author = personAt(people, entry.author);
    const reposter = entry.reposter === undefined ? undefined : personAt(people, entry.reposter);
    const post = parsePostItem({
      ...entry,
      authorId: author.id,
      authorUsername: author.username,
      authorFirstName: author.firstName,
      authorLastName: author.lastName,
      ...(reposter
        ? {
            repostedById: reposter.id,
            repostedByUsername: reposter.username,
            repostedByFirstName: reposter.firstName,
            repostedByLastName: reposter.lastName,
          }
        : {}),
    });
    const position = post.repostId ?? post.id;
    if (!ULID_POSITION.test(position)) throw new Error('A digest entry has no valid position');
    return { position, post };
  });
}

/** The copy of a post in a mentioned user's mentions. */
export function mentionEntryItem(userId: string, post: Post) {
  return { ...keys.mentionEntry(userId, post.id), type: ItemType.MentionEntry, ...postContent(post) };
}

/**
 * The post in any post-shaped item (copies carry no reply count: 0). A malformed item fails loudly.
 * @throws ZodError
 */
export function parsePostItem(item: Record<string, unknown>): Post {
  const stored = StoredPost.parse(item);
  return {
    id: stored.postId,
    author: {
      id: stored.authorId,
      username: stored.authorUsername,
      firstName: stored.authorFirstName,
      lastName: stored.authorLastName,
    },
    text: stored.text,
    entities: stored.entities,
    replyTo: stored.replyTo ?? null,
    attachments: stored.attachments,
    createdAt: stored.createdAt,
    replyCount: stored.replyCount ?? 0,
    likeCount: stored.likeCount ?? 0,
    repostCount: stored.repostCount ?? 0,
    ...(stored.repostId && stored.repostedById && stored.repostedAt
      ? {
          repostId: stored.repostId,
          repostedBy: {
            id: stored.repostedById,
            username: stored.repostedByUsername ?? '',
            firstName: stored.repostedByFirstName ?? '',
            lastName: stored.repostedByLastName ?? '',
          },
          repostedAt: stored.repostedAt,
        }
      : {}),
  };
}

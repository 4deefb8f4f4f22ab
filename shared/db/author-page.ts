/**
 * A user's page: their own posts and their reposts, newest first by position (a post at its own id, a repost at
 * the repost's id, marked with `repostId`, `repostedBy`, `repostedAt`). Skeleton: ONE Query of GSI3
 * (`PAGE#<id>`, where post items and repost edges both sit by position), then ONE BatchGetItem reads the reposted
 * posts with the reposter's profile (only when the page holds a repost). The same read serves
 * GET /v1/users/{username}/posts, a celebrity's posts and reposts pulled into home timelines where their page
 * digest cannot answer (page-digest-repository.ts; the digest is built from this read) and Mastodon's account
 * statuses. GSI3 is eventually consistent;
 * the follow backfill, which must see a post written just before the follow, reads the posts consistently
 * (post-repository.ts `postsByAuthorBetween`). Access patterns: docs/data-model.md.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Engagement } from '#shared/domain/engagement/ports';
import type { Post } from '#shared/domain/post';
import type { PositionedPost } from '#shared/domain/timeline';
import { batchGet } from './batch-get';
import { db, tableName } from './client';
import { toEngagement } from './engagement-repository';
import { ItemType, keys } from './keys';
import { parsePostItem } from './post-item';

export interface AuthorPageRequest {
  /** Only entries strictly older than this position (a post id or a repost id); from the newest when absent. */
  before?: string | undefined;
  limit: number;
}

type PageEntry = { position: string; post: Post } | { position: string; repost: Engagement };

/** The author's posts and repost edges, newest first, strictly older than `before`: one Query of GSI3. */
async function pageEntries(authorId: string, page: AuthorPageRequest) {
  const { GSI3PK } = keys.authorPagePartition(authorId);
  const { Items, LastEvaluatedKey } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'GSI3',
      KeyConditionExpression: page.before ? 'GSI3PK = :pk AND GSI3SK < :before' : 'GSI3PK = :pk',
      ExpressionAttributeValues: { ':pk': GSI3PK, ...(page.before ? { ':before': page.before } : {}) },
      ScanIndexForward: false,
      // One more than the page, so a page that ends the list says so (no empty page after it).
      Limit: page.limit + 1,
    }),
  );
  const items = Items ?? [];
  const entries = items.slice(0, page.limit).map((item): PageEntry => {
    if (item.type === ItemType.Repost) {
      const repost = toEngagement(item);
      return { position: repost.id, repost };
    }
    const post = parsePostItem(item);
    return { position: post.id, post };
  });
  return { entries, exhausted: LastEvaluatedKey === undefined && items.length <= page.limit };
}

/** Reads beyond the first when reposts of deleted posts left a page short (each such read is rare). */
const MAX_REFILLS = 3;

/**
 * A page of the author's posts and reposts, newest first (see the module comment). Reposts of posts deleted
 * since drop out (the clean-up reaction deletes their edges shortly after); a page they leave short is read on
 * from where it stopped, so it neither ends the list early nor leaves the caller without a position to go on from.
 */
export async function authorPage(
  authorId: string,
  page: AuthorPageRequest,
): Promise<{ posts: PositionedPost[]; exhausted: boolean }> {
  const posts: PositionedPost[] = [];
  let before = page.before;
  let exhausted = false;
  for (let read = 0; read <= MAX_REFILLS && posts.length < page.limit && !exhausted; read++) {
    const { entries, exhausted: ended } = await pageEntries(authorId, {
      before,
      limit: page.limit - posts.length,
    });
    posts.push(...(await withRepostedPosts(authorId, entries)));
    exhausted = ended;
    before = entries.at(-1)?.position;
    if (before === undefined) break;
  }
  return { posts, exhausted };
}

/** The entries as posts: a repost's post read (one BatchGetItem for all), a repost of a post gone left out. */
async function withRepostedPosts(authorId: string, entries: readonly PageEntry[]): Promise<PositionedPost[]> {
  const edges = entries.flatMap((entry) => ('repost' in entry ? [entry.repost] : []));
  const reposted = edges.length > 0 ? await repostedPosts(authorId, edges) : new Map<string, Post>();
  return entries.flatMap((entry): PositionedPost[] => {
    const post = 'repost' in entry ? reposted.get(entry.repost.id) : entry.post;
    return post ? [{ position: entry.position, post }] : [];
  });
}

/**
 * The posts behind a user's repost edges, each marked with its repost, by repost id: one BatchGetItem of the
 * posts and the reposter's profile together. Posts gone since are left out (and all of them if the reposter is).
 */
export async function repostedPosts(
  reposterId: string,
  edges: readonly Engagement[],
): Promise<Map<string, Post>> {
  const items = await batchGet([
    keys.user(reposterId),
    ...edges.map((edge) => keys.post(edge.postAuthorId, edge.postId)),
  ]);
  const profileKey = keys.user(reposterId);
  const profile = items.find((item) => item.PK === profileKey.PK && item.SK === profileKey.SK);
  if (!profile) return new Map();
  const by = {
    id: reposterId,
    username: String(profile.username),
    firstName: String(profile.firstName),
    lastName: String(profile.lastName),
  };
  const posts = new Map(
    items.filter((item) => item !== profile).map((item) => [String(item.postId), parsePostItem(item)]),
  );
  return new Map(
    edges.flatMap((edge) => {
      const post = posts.get(edge.postId);
      return post
        ? [[edge.id, { ...post, repostId: edge.id, repostedBy: by, repostedAt: edge.createdAt }] as const]
        : [];
    }),
  );
}

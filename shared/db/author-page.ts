/**
 * A user's page: their own posts and their reposts, newest first by position (a post at its own id, a repost at
 * the repost's id, marked with `repostId`, `repostedBy`, `repostedAt`). Skeleton: two Queries run together — the
 * posts (`USER#<id>` / `POST#…`) and the repost edges (GSI2 `REPOSTED#<id>` / `REPOST#<repostId>`) — merged by
 * position; then ONE BatchGetItem reads the reposted posts with the reposter's profile (only when the page holds
 * a repost). The same read serves GET /v1/users/{username}/posts, a celebrity's posts and reposts pulled into
 * home timelines, and Mastodon's account statuses. Access patterns: docs/data-model.md.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Engagement } from '#shared/domain/engagement/ports';
import type { Post } from '#shared/domain/post';
import type { PositionedPost } from '#shared/domain/timeline';
import { batchGet } from './batch-get';
import { db, tableName } from './client';
import { toEngagement } from './engagement-repository';
import { keys } from './keys';
import { parsePostItem } from './post-item';

export interface AuthorPageRequest {
  /** Only entries strictly older than this position (a post id or a repost id); from the newest when absent. */
  before?: string | undefined;
  limit: number;
  /** A strongly consistent read of the posts (the follow backfill must see a post written just before it). */
  consistentPosts?: boolean;
}

interface Source<T> {
  entries: Array<{ position: string; value: T }>;
  exhausted: boolean;
}

/** The author's own posts, newest first, strictly older than `before`: one Query. */
async function ownPosts(authorId: string, page: AuthorPageRequest): Promise<Source<Post>> {
  const { PK, from, to } = keys.userPostsBetween(authorId, undefined, page.before);
  // BETWEEN is inclusive: read one more and drop `before` itself.
  const { Items, LastEvaluatedKey } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': PK, ':from': from, ':to': to },
      ScanIndexForward: false,
      ConsistentRead: page.consistentPosts === true,
      Limit: page.before ? page.limit + 1 : page.limit,
    }),
  );
  const posts = (Items ?? []).map(parsePostItem).filter((post) => post.id !== page.before);
  return {
    entries: posts.slice(0, page.limit).map((post) => ({ position: post.id, value: post })),
    exhausted: LastEvaluatedKey === undefined && posts.length <= page.limit,
  };
}

/** The author's repost edges, newest repost first, strictly older than `before`: one Query of GSI2. */
async function repostEdges(authorId: string, page: AuthorPageRequest): Promise<Source<Engagement>> {
  const { GSI2PK, from, to } = keys.engagementsByUserBetween('repost', authorId, undefined, page.before);
  const { Items, LastEvaluatedKey } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': GSI2PK, ':from': from, ':to': to },
      ScanIndexForward: false,
      Limit: page.before ? page.limit + 1 : page.limit,
    }),
  );
  const edges = (Items ?? []).map(toEngagement).filter((edge) => edge.id !== page.before);
  return {
    entries: edges.slice(0, page.limit).map((edge) => ({ position: edge.id, value: edge })),
    exhausted: LastEvaluatedKey === undefined && edges.length <= page.limit,
  };
}

/**
 * Merges sources newest first, keeping only what is safe to serve: nothing below the oldest entry read of a
 * source that has more (an unread entry of it could be newer).
 */
function mergeByPosition<T>(sources: ReadonlyArray<Source<T>>, limit: number) {
  const frontier = sources
    .filter((source) => !source.exhausted)
    .map((source) => source.entries.at(-1)?.position ?? '')
    .sort()
    .at(-1);
  const all = sources.flatMap((source) => source.entries);
  const safe = all
    .filter((entry) => frontier === undefined || entry.position >= frontier)
    .sort((a, b) => (a.position < b.position ? 1 : -1));
  const served = safe.slice(0, limit);
  return { served, exhausted: frontier === undefined && served.length === all.length };
}

/**
 * A page of the author's posts and reposts, newest first (see the module comment). Reposts of posts deleted
 * since drop out (the clean-up reaction deletes their edges shortly after), so a page may be short.
 */
export async function authorPage(
  authorId: string,
  page: AuthorPageRequest,
): Promise<{ posts: PositionedPost[]; exhausted: boolean }> {
  const [own, reposts] = await Promise.all([ownPosts(authorId, page), repostEdges(authorId, page)]);
  const merged = mergeByPosition<Post | Engagement>([own, reposts], page.limit);
  const edges = merged.served.flatMap((entry) => ('kind' in entry.value ? [entry.value] : []));
  const reposted = edges.length > 0 ? await repostedPosts(authorId, edges) : new Map<string, Post>();
  const posts = merged.served.flatMap((entry): PositionedPost[] => {
    const post = 'kind' in entry.value ? reposted.get(entry.value.id) : entry.value;
    return post ? [{ position: entry.position, post }] : [];
  });
  return { posts, exhausted: merged.exhausted };
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

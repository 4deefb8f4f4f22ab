/**
 * The store of the repost fan-out (shared/domain/engagement/reactions.ts): a repost's timeline entries
 * (`TIMELINE#<owner>` / `POST#<repostId>`, positioned at the repost's time, built by post-item.ts) written and
 * deleted through the post fan-out's writer (timeline-repository.ts: the entry marshalled once, 25 a request,
 * UnprocessedItems retried). Keys are deterministic, so replays write the same items.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { RepostFanOutStore, RepostWrite } from '#shared/domain/engagement/reactions';
import type { TimelineWrite } from '#shared/domain/fan-out';
import { type BatchWriteOptions, mapPages } from './batch-write';
import { db, tableName } from './client';
import { followerIdPages } from './follow-repository';
import { keys } from './keys';
import { pageDigestStorage } from './page-digest-repository';
import { parsePostItem } from './post-item';
import { applyWrites } from './timeline-repository';

/** The repost's writes as timeline writes, converted like the post fan-out's (the entry marshalled once). */
function asTimelineWrite(write: RepostWrite): TimelineWrite {
  return write.op === 'put_repost'
    ? { op: 'put_repost_entry', ownerId: write.ownerId, post: write.post, repost: write.repost }
    : { op: 'delete_entry', ownerId: write.ownerId, postId: write.repostId };
}

async function consistentGet(key: Record<string, string>, projection?: string) {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: key,
      ConsistentRead: true,
      ...(projection ? { ProjectionExpression: projection } : {}),
    }),
  );
  return Item;
}

export function repostFanOutStore(options: BatchWriteOptions = {}): RepostFanOutStore {
  return {
    async reposter(userId) {
      const item = await consistentGet(keys.user(userId));
      if (!item) return undefined;
      return {
        id: userId,
        username: String(item.username),
        firstName: String(item.firstName),
        lastName: String(item.lastName),
        followerCount: typeof item.followerCount === 'number' ? item.followerCount : 0,
        celebritySince: typeof item.celebritySince === 'string' ? item.celebritySince : null,
      };
    },
    async post(authorId, postId) {
      const item = await consistentGet(keys.post(authorId, postId));
      return item ? parsePostItem(item) : undefined;
    },
    followerIdPages,
    async engagementExists(kind, userId, postId) {
      return (await consistentGet(keys.engagement(kind, userId, postId), 'PK')) !== undefined;
    },
    async write(writes) {
      await applyWrites(mapPages(writes, asTimelineWrite), options);
    },
    pageDigests: pageDigestStorage,
  };
}

/**
 * Every reaction to a change of the table, in the one list per failure domain. The table stream has exactly
 * two Lambda readers (AWS advises at most two per shard), declared in ./routes.ts:
 * - `tableReactions` only read and write the table: a slow or failing one holds back only table work, which
 *   retries converge (timeline fan-out, mention entries, the search index; counters and in-app notifications
 *   belong here);
 * - `outsideWorldReactions` call services outside the table (SMS today; mail and webhooks later): a carrier
 *   error retries here and never delays a follower's timeline entry.
 * A new feature adds a reaction to one of these lists (docs/stream.md), never a third reader. Each reaction's
 * filters select the changes it receives; its reader's event source filters are their union. The list is
 * pure (domain functions over injected dependencies, see ./deps.ts), because the catalog imports it.
 */

import type { DynamoDBRecord } from 'aws-lambda';
import { ItemType } from '#shared/db/keys';
import {
  buildExport,
  type ExportBuildDeps,
  retireArchive,
} from '#shared/domain/account-lifecycle/account-export';
import type { ExportRequest, ExportRequestChange } from '#shared/domain/account-lifecycle/export-ports';
import {
  type EngagementChange,
  type EngagementCleanupStore,
  type FollowRequestChange,
  fanOutRepost,
  type NotificationReactionDeps,
  notifyOfEngagement,
  notifyOfFollow,
  notifyOfFollowRequest,
  notifyOfPost,
  type RepostFanOutStore,
  removeEngagementsOfPost,
} from '#shared/domain/engagement/reactions';
import { applyStreamChange, type FanOutDependencies, type StreamChange } from '#shared/domain/fan-out';
import { type DirectMessage, notifyOfMessage } from '#shared/domain/messages';
import type { NotificationStore } from '#shared/domain/notifications/notifications';
import { type PostIndexWriter, updatePostIndex } from '#shared/domain/post-search';
import { type ProfileChange, type SearchIndexDeps, updateSearchIndex } from '#shared/domain/search-index';
import { notifyMessageBySms } from '#shared/domain/sms/message-notifications';
import { applySmsStreamChange, type SmsNotifierDeps } from '#shared/domain/sms/notifications';
import type { StreamReaction } from '#shared/stream/reaction';

/** What the table-only reactions need; ./deps.ts builds it from the repositories. */
export interface TableReactionDeps {
  /** A post or follow record as a domain change; undefined for records that carry none. */
  streamChange(record: DynamoDBRecord): StreamChange | undefined;
  /** A profile record as the profile before and after. */
  profileChange(record: DynamoDBRecord): ProfileChange;
  /** A like or repost record as a domain change; undefined for other records. */
  engagementChange(record: DynamoDBRecord): EngagementChange | undefined;
  /** A follow-request record as a domain change; undefined for other records. */
  followRequestChange(record: DynamoDBRecord): FollowRequestChange | undefined;
  fanOut: FanOutDependencies;
  notifications: NotificationReactionDeps;
  repostFanOut: { store: RepostFanOutStore };
  engagementCleanup: { store: EngagementCleanupStore };
  searchIndex: SearchIndexDeps;
  /** A direct-message record as the message. */
  directMessage(record: DynamoDBRecord): DirectMessage;
  postIndex: { writer: PostIndexWriter };
  messageNotifications: { notifications: NotificationStore };
}

/**
 * What the outside-world reactions need: the SNS sender and the S3 archive store live only here, so the
 * table reader's bundle carries neither.
 */
export interface OutsideWorldReactionDeps {
  streamChange(record: DynamoDBRecord): StreamChange | undefined;
  directMessage(record: DynamoDBRecord): DirectMessage;
  smsNotifier: SmsNotifierDeps;
  /** An export request record as the request. */
  exportRequest(record: DynamoDBRecord): ExportRequest;
  accountExport: ExportBuildDeps;
  /** An export request item's change, before and after. */
  exportRequestChange(record: DynamoDBRecord): ExportRequestChange;
}

/** Everything any reaction needs (a reader that runs both lists, as some tests do). */
export type ReactionDeps = TableReactionDeps & OutsideWorldReactionDeps;

type TableReaction = StreamReaction<TableReactionDeps>;
type OutsideWorldReaction = StreamReaction<OutsideWorldReactionDeps>;

const postsAndFollows = [ItemType.Post, ItemType.Follow];

/** Home timelines and mention lists (docs/timeline.md). A REMOVE record carries only the old image. */
export const timelineFanOut: TableReaction = {
  name: 'timeline-fan-out',
  filters: [
    { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: postsAndFollows } } } },
    { eventName: ['REMOVE'], dynamodb: { OldImage: { type: { S: postsAndFollows } } } },
  ],
  async handle(deps, record) {
    const change = deps.streamChange(record);
    if (change) await applyStreamChange(deps.fanOut, change);
  },
};

/** The user-search index (docs/data-model.md); MODIFY too, since verification and name edits are updates. */
export const searchIndex: TableReaction = {
  name: 'search-index',
  filters: [
    { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { type: { S: [ItemType.User] } } } },
    { eventName: ['REMOVE'], dynamodb: { OldImage: { type: { S: [ItemType.User] } } } },
  ],
  handle: (deps, record) => updateSearchIndex(deps.searchIndex, deps.profileChange(record)),
};

/** Hashtag and word-prefix entries of posts (docs/data-model.md, "Post search"), removed with the post. */
export const postIndex: TableReaction = {
  name: 'post-index',
  filters: [
    { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: [ItemType.Post] } } } },
    { eventName: ['REMOVE'], dynamodb: { OldImage: { type: { S: [ItemType.Post] } } } },
  ],
  async handle(deps, record) {
    const change = deps.streamChange(record);
    if (change) await updatePostIndex(deps.postIndex, change);
  },
};

/**
 * SMS to followers who turned notifications on, for new posts; follows and unfollows keep the
 * ON-for-everyone preferences current. A delivery is recorded before it is sent, so a redelivery sends nothing
 * twice.
 */
export const smsNotifications: OutsideWorldReaction = {
  name: 'sms-notifications',
  filters: [
    { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: postsAndFollows } } } },
    { eventName: ['REMOVE'], dynamodb: { OldImage: { type: { S: [ItemType.Follow] } } } },
  ],
  async handle(deps, record) {
    const change = deps.streamChange(record);
    if (change) await applySmsStreamChange(deps.smsNotifier, change);
  },
};

const engagements = [ItemType.Like, ItemType.Repost];
const notifying = [ItemType.Post, ItemType.Follow, ItemType.FollowRequest, ...engagements];

/**
 * In-app notifications (follow, follow request, mention, reply, like, repost; docs/api.md): written on INSERT,
 * withdrawn on REMOVE, idempotent (deterministic ids, actor sets).
 */
export const notifications: TableReaction = {
  name: 'notifications',
  filters: [
    { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: notifying } } } },
    { eventName: ['REMOVE'], dynamodb: { OldImage: { type: { S: notifying } } } },
  ],
  async handle(deps, record) {
    const engagement = deps.engagementChange(record);
    if (engagement) return notifyOfEngagement(deps.notifications, engagement);
    const request = deps.followRequestChange(record);
    if (request) return notifyOfFollowRequest(deps.notifications, request);
    const change = deps.streamChange(record);
    if (change?.kind === 'post_created' || change?.kind === 'post_deleted') {
      return notifyOfPost(deps.notifications, change);
    }
    if (change) await notifyOfFollow(deps.notifications, change);
  },
};

/** A repost into the reposter's followers' home timelines, and out again when undone (docs/timeline.md). */
export const repostFanOut: TableReaction = {
  name: 'repost-fan-out',
  filters: [
    { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: [ItemType.Repost] } } } },
    { eventName: ['REMOVE'], dynamodb: { OldImage: { type: { S: [ItemType.Repost] } } } },
  ],
  async handle(deps, record) {
    const change = deps.engagementChange(record);
    if (change) await fanOutRepost(deps.repostFanOut, change);
  },
};

/**
 * A deleted post's likes and reposts are deleted; their own REMOVE records then withdraw the notifications and
 * the repost entries (so the post goes everywhere, counts and notifications included).
 */
export const engagementCleanup: TableReaction = {
  name: 'engagement-cleanup',
  filters: [{ eventName: ['REMOVE'], dynamodb: { OldImage: { type: { S: [ItemType.Post] } } } }],
  async handle(deps, record) {
    const change = deps.streamChange(record);
    if (change?.kind === 'post_deleted') await removeEngagementsOfPost(deps.engagementCleanup, change);
  },
};

/** The recipient's `message` notification (GET /v1/notifications). */
export const messageNotification: TableReaction = {
  name: 'message-notification',
  filters: [{ eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: [ItemType.DirectMessage] } } } }],
  async handle(deps, record) {
    await notifyOfMessage(deps.messageNotifications, deps.directMessage(record));
  },
};

/** A new direct message by SMS to a recipient with SMS notifications on (docs/sms.md). */
export const messageSms: OutsideWorldReaction = {
  name: 'message-sms',
  filters: [{ eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: [ItemType.DirectMessage] } } } }],
  async handle(deps, record) {
    await notifyMessageBySms(deps.smsNotifier, deps.directMessage(record));
  },
};

/**
 * The account export (POST /v1/me/export): a pending request is built into one JSON archive and stored in the
 * export bucket (a file locally). Outside-world: it writes to S3, and a large archive takes a while.
 */
export const accountExport: OutsideWorldReaction = {
  name: 'account-export',
  filters: [
    {
      eventName: ['INSERT', 'MODIFY'],
      dynamodb: { NewImage: { type: { S: [ItemType.ExportRequest] }, status: { S: ['pending'] } } },
    },
  ],
  handle: (deps, record) => buildExport(deps.accountExport, deps.exportRequest(record)),
};

/**
 * A built archive is deleted once its request item no longer names it: replaced by a new request, or removed
 * (the account's erasure, the TTL at the archive's expiry). Outside-world: it deletes from S3.
 */
export const archiveRetirement: OutsideWorldReaction = {
  name: 'archive-retirement',
  filters: [
    {
      eventName: ['MODIFY', 'REMOVE'],
      dynamodb: { OldImage: { type: { S: [ItemType.ExportRequest] }, status: { S: ['ready'] } } },
    },
  ],
  handle: (deps, record) => retireArchive(deps.accountExport, deps.exportRequestChange(record)),
};

/** Reactions that only touch the table, run by the TableReactions reader in this order. */
export const tableReactions: readonly TableReaction[] = [
  timelineFanOut,
  searchIndex,
  notifications,
  repostFanOut,
  engagementCleanup,
  postIndex,
  messageNotification,
];

/** Reactions that call the outside world, run by the OutsideWorldReactions reader. */
export const outsideWorldReactions: readonly OutsideWorldReaction[] = [
  smsNotifications,
  messageSms,
  accountExport,
  archiveRetirement,
];

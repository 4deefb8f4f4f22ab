/**
 * Every key of the single table is built here and nowhere else: uppercase prefixes joined by '#', ULIDs in sort
 * keys so they sort by time. docs/data-model.md lists the access pattern each key serves.
 */

// A type alias, not an interface, so keys are assignable to Record<string, unknown> (the SDK's key type).
export type PrimaryKey = {
  PK: string;
  SK: string;
};

/** Entity types, stored in the `type` attribute; the stream consumer filters on them. */
export const ItemType = {
  User: 'USER',
  UsernameClaim: 'USERNAME',
  EmailClaim: 'EMAIL',
  PhoneClaim: 'PHONE',
  Token: 'TOKEN',
  Credentials: 'CREDENTIALS',
  RefreshToken: 'REFRESH_TOKEN',
  RefreshFamily: 'REFRESH_FAMILY',
  Post: 'POST',
  Follow: 'FOLLOW',
  TimelineEntry: 'TIMELINE',
  MentionEntry: 'MENTION',
  RateWindow: 'RATE',
  SearchEntry: 'SEARCH',
  SmsSettings: 'SMS_SETTINGS',
  PhoneCode: 'PHONE_CODE',
  PhoneOptOut: 'PHONE_OPTOUT',
  InboundSms: 'SMS_INBOUND',
  SmsPreference: 'SMS_PREF',
  SmsDelivery: 'SMS_SENT',
  SmsDailyCount: 'SMS_DAY',
  OAuthApp: 'OAUTH_APP',
  OAuthCode: 'OAUTH_CODE',
  OAuthToken: 'OAUTH_TOKEN',
  OAuthGrant: 'OAUTH_GRANT',
  PostIndexEntry: 'POST_INDEX',
  DirectMessage: 'DM',
  Conversation: 'CONVERSATION',
  /** A like or repost edge (one type per kind, so stream filters can tell them apart). */
  Like: 'LIKE',
  Repost: 'REPOST',
  Notification: 'NOTIFICATION',
  NotificationState: 'NOTIFICATION_STATE',
  /** A user's account export request and, once built, where its archive is. */
  ExportRequest: 'EXPORT',
  /** A deactivated account waiting out its grace period before erasure. */
  ErasureSchedule: 'ERASURE',
  /** A block or mute edge (one type per kind), and a pending follow request of a protected account. */
  Block: 'BLOCK',
  Mute: 'MUTE',
  FollowRequest: 'FOLLOW_REQUEST',
  Report: 'REPORT',
  AuditEntry: 'AUDIT',
  OperatorRole: 'OPERATOR',
  InstanceStat: 'INSTANCE_STAT',
  AccessTokenKeySet: 'ACCESS_TOKEN_KEY_SET',
  ReadingMarker: 'MARKER',
  MigrationDone: 'MIGRATION',
  PageDigest: 'PAGE_DIGEST',
} as const;
export type ItemType = (typeof ItemType)[keyof typeof ItemType];

/** The partition of the service's own configuration items (the access-token key set). */
export const KEY_SET_PARTITION = 'CONFIG';

const POST_PREFIX = 'POST#';
const FOLLOWS_PREFIX = 'FOLLOWS#';
const PULL_PREFIX = 'PULL#';
const SMS_PREF_PREFIX = 'SMSPREF#';
const OAUTH_GRANT_PREFIX = 'OAUTHGRANT#';
const MESSAGE_PREFIX = 'MSG#';
const CONVERSATION_PREFIX = 'CONVO#';
const ENGAGED_PREFIX = 'ENGAGED#';
const NOTIFICATION_PREFIX = 'N#';
/** Blocks and mutes share one prefix, so a reader's whole set is one Query of their partition. */
const RELATION_PREFIX = 'REL#';
const RELATION_WORDS = { block: 'BLOCK', mute: 'MUTE' } as const;
export type RelationKeyKind = keyof typeof RELATION_WORDS;
const FOLLOW_REQUEST_PREFIX = 'FOLLOWREQ#';
/** The GSI1 partition of the edges naming an account (the reverse of `REL#`). */
const RELATED_PREFIX = 'RELATED#';
/** The sort-key word of an engagement edge, and the GSI partition words of its two lists. */
const ENGAGEMENT_WORDS = {
  like: { edge: 'LIKE', ofPost: 'LIKES', byUser: 'LIKED' },
  repost: { edge: 'REPOST', ofPost: 'REPOSTS', byUser: 'REPOSTED' },
} as const;
export type EngagementKeyKind = keyof typeof ENGAGEMENT_WORDS;
/** Sorts after every ULID character, so `POST#~` closes a range of post sort keys. */
const POST_RANGE_END = `${POST_PREFIX}~`;

export const keys = {
  user: (userId: string): PrimaryKey => ({ PK: `USER#${userId}`, SK: 'PROFILE' }),
  /** The password hash and session state, apart from the profile so profile reads never carry it. */
  credentials: (userId: string): PrimaryKey => ({ PK: `USER#${userId}`, SK: 'CREDENTIALS' }),
  /** GSI1 on the profile item: look a user up by lowercased username. */
  userByUsername: (usernameLower: string) => ({ GSI1PK: `USERNAME#${usernameLower}`, GSI1SK: 'PROFILE' }),

  usernameClaim: (usernameLower: string): PrimaryKey => ({
    PK: `USERNAME#${usernameLower}`,
    SK: 'CLAIM',
  }),
  emailClaim: (emailLower: string): PrimaryKey => ({ PK: `EMAIL#${emailLower}`, SK: 'CLAIM' }),
  phoneClaim: (e164: string): PrimaryKey => ({ PK: `PHONE#${e164}`, SK: 'CLAIM' }),
  /** The number's opt-out (STOP), kept apart from the claim: it binds the number, whoever owns it. */
  phoneOptOut: (e164: string): PrimaryKey => ({ PK: `PHONE#${e164}`, SK: 'OPTOUT' }),
  /** Everything known about a number (claim and opt-out) in one Query. */
  phonePartition: (e164: string) => ({ PK: `PHONE#${e164}` }),
  /** A user's SMS state: linked number and notification settings. */
  smsSettings: (userId: string): PrimaryKey => ({ PK: `USER#${userId}`, SK: 'SMS' }),
  /** The pending phone verification code of a user (one at a time; TTL). */
  phoneCode: (userId: string): PrimaryKey => ({ PK: `USER#${userId}`, SK: 'PHONE_CODE' }),
  /** Marks an inbound SMS handled (by End User Messaging's inboundMessageId; TTL). */
  inboundSms: (inboundMessageId: string): PrimaryKey => ({
    PK: `SMSIN#${inboundMessageId}`,
    SK: 'SMSIN',
  }),
  /** A user's SMS notification preference for one author they follow. */
  smsPreference: (userId: string, authorId: string): PrimaryKey => ({
    PK: `USER#${userId}`,
    SK: `${SMS_PREF_PREFIX}${authorId}`,
  }),
  smsPreferencesPartition: (userId: string) => ({ PK: `USER#${userId}`, skPrefix: SMS_PREF_PREFIX }),
  /** GSI2 on an enabled preference (sparse): who gets an author's posts by SMS. */
  smsSubscriberOf: (authorId: string, userId: string) => ({
    GSI2PK: `SMSSUBS#${authorId}`,
    GSI2SK: `USER#${userId}`,
  }),
  smsSubscribersPartition: (authorId: string) => ({ GSI2PK: `SMSSUBS#${authorId}` }),
  /** One post sent to one user by SMS (TTL): a replayed stream record sends nothing twice. */
  smsDelivery: (userId: string, postId: string): PrimaryKey => ({
    PK: `USER#${userId}`,
    SK: `SMSSENT#${postId}`,
  }),
  /** Notifications sent to a user on one local day (TTL), for the daily cap. */
  smsDailyCount: (userId: string, day: string): PrimaryKey => ({ PK: `USER#${userId}`, SK: `SMSDAY#${day}` }),

  /** One-time tokens (email verification, password reset, phone codes), by the SHA-256 of the secret. */
  token: (purpose: string, tokenHash: string): PrimaryKey => ({
    PK: `TOKEN#${purpose}#${tokenHash}`,
    SK: 'TOKEN',
  }),
  refreshToken: (tokenHash: string): PrimaryKey => ({ PK: `REFRESH#${tokenHash}`, SK: 'REFRESH' }),
  /** Marks a refresh-token family (one login's chain of rotations) revoked. */
  refreshFamily: (familyId: string): PrimaryKey => ({ PK: `REFRESH_FAMILY#${familyId}`, SK: 'FAMILY' }),

  /** An app registered through POST /api/v1/apps, by its client id. */
  oauthApp: (clientId: string): PrimaryKey => ({ PK: `OAUTHAPP#${clientId}`, SK: 'APP' }),
  /** An authorization code, by the SHA-256 of the code (TTL; deleted when exchanged). */
  oauthCode: (codeHash: string): PrimaryKey => ({ PK: `OAUTHCODE#${codeHash}`, SK: 'CODE' }),
  /** An OAuth access token, by the SHA-256 of the token: what each Mastodon API request reads. */
  oauthToken: (tokenHash: string): PrimaryKey => ({ PK: `OAUTHTOKEN#${tokenHash}`, SK: 'TOKEN' }),
  /** A user's view of one token (the app it was granted to), for GET and DELETE /v1/me/apps. */
  oauthGrant: (userId: string, grantId: string): PrimaryKey => ({
    PK: `USER#${userId}`,
    SK: `${OAUTH_GRANT_PREFIX}${grantId}`,
  }),
  oauthGrantsPartition: (userId: string) => ({ PK: `USER#${userId}`, skPrefix: OAUTH_GRANT_PREFIX }),

  post: (authorId: string, postId: string): PrimaryKey => ({
    PK: `USER#${authorId}`,
    SK: `${POST_PREFIX}${postId}`,
  }),
  /** GSI1 on a post: look a post up by id alone. */
  postById: (postId: string) => ({ GSI1PK: `POST#${postId}`, GSI1SK: 'POST' }),
  /** GSI2 on a reply: the replies of a parent, oldest first. */
  replyOf: (parentId: string, postId: string) => ({
    GSI2PK: `REPLIES#${parentId}`,
    GSI2SK: `${POST_PREFIX}${postId}`,
  }),
  userPostsPartition: (authorId: string) => ({ PK: `USER#${authorId}`, skPrefix: POST_PREFIX }),
  /**
   * GSI3 on a post and on a repost edge: the author's (reposter's) page, both kinds in one partition sorted by
   * position, the post's id or the repost's (ULIDs of one clock), so a page is one Query. Nothing else carries it.
   */
  authorPageEntry: (authorId: string, position: string) => ({ GSI3PK: `PAGE#${authorId}`, GSI3SK: position }),
  authorPagePartition: (authorId: string) => ({ GSI3PK: `PAGE#${authorId}` }),
  /** A celebrity's page digest: their newest page entries in one item, kept by the fan-out reactions. */
  pageDigest: (authorId: string): PrimaryKey => ({ PK: `USER#${authorId}`, SK: 'PAGE_DIGEST' }),

  follow: (followerId: string, followeeId: string): PrimaryKey => ({
    PK: `USER#${followerId}`,
    SK: `${FOLLOWS_PREFIX}${followeeId}`,
  }),
  /** GSI1 on a follow edge (the inverted index): the followers of a user. */
  followerOf: (followeeId: string, followerId: string) => ({
    GSI1PK: `FOLLOWERS#${followeeId}`,
    GSI1SK: `USER#${followerId}`,
  }),
  followingPartition: (followerId: string) => ({ PK: `USER#${followerId}`, skPrefix: FOLLOWS_PREFIX }),
  followersPartition: (followeeId: string) => ({ GSI1PK: `FOLLOWERS#${followeeId}` }),
  /**
   * A block or mute edge under the user who made it (`REL#BLOCK#<other>` / `REL#MUTE#<other>`): deterministic,
   * so a guard can name it, and all of a user's relations are one Query of `REL#`.
   */
  relation: (kind: RelationKeyKind, userId: string, otherId: string): PrimaryKey => ({
    PK: `USER#${userId}`,
    SK: `${RELATION_PREFIX}${RELATION_WORDS[kind]}#${otherId}`,
  }),
  relationsPartition: (userId: string, kind?: RelationKeyKind) => ({
    PK: `USER#${userId}`,
    skPrefix: kind ? `${RELATION_PREFIX}${RELATION_WORDS[kind]}#` : RELATION_PREFIX,
  }),
  /**
   * GSI1 on a block or mute edge, the reverse edge: who blocks (mutes) an account. Erasure pages it to remove the
   * edges others hold naming an erased account, without a Scan.
   */
  relationOf: (kind: RelationKeyKind, otherId: string, userId: string) => ({
    GSI1PK: `${RELATED_PREFIX}${otherId}`,
    GSI1SK: `${RELATION_PREFIX}${RELATION_WORDS[kind]}#${userId}`,
  }),
  relationsOfPartition: (otherId: string) => ({ GSI1PK: `${RELATED_PREFIX}${otherId}` }),
  /** GSI2 on a block or mute edge: the owner's blocks (mutes) by when they were made, for the lists. */
  relationByTime: (kind: RelationKeyKind, userId: string, createdAt: string, otherId: string) => ({
    GSI2PK: `${RELATION_WORDS[kind]}S#${userId}`,
    GSI2SK: `${createdAt}#${otherId}`,
  }),
  relationsByTimePartition: (kind: RelationKeyKind, userId: string) => ({
    GSI2PK: `${RELATION_WORDS[kind]}S#${userId}`,
  }),
  /** A pending request to follow a protected account, under the account asked. */
  followRequest: (targetId: string, requesterId: string): PrimaryKey => ({
    PK: `USER#${targetId}`,
    SK: `${FOLLOW_REQUEST_PREFIX}${requesterId}`,
  }),
  followRequestsPartition: (targetId: string) => ({
    PK: `USER#${targetId}`,
    skPrefix: FOLLOW_REQUEST_PREFIX,
  }),
  /** GSI1 on a follow request: the requests an account has pending with others (erasure removes them). */
  followRequestBy: (requesterId: string, targetId: string) => ({
    GSI1PK: `FOLLOWREQS_BY#${requesterId}`,
    GSI1SK: `USER#${targetId}`,
  }),
  followRequestsByPartition: (requesterId: string) => ({ GSI1PK: `FOLLOWREQS_BY#${requesterId}` }),
  /** GSI2 on a follow request: the requests of a protected account by when they were made, for the list. */
  followRequestByTime: (targetId: string, createdAt: string, requesterId: string) => ({
    GSI2PK: `FOLLOWREQS#${targetId}`,
    GSI2SK: `${createdAt}#${requesterId}`,
  }),
  followRequestsByTimePartition: (targetId: string) => ({ GSI2PK: `FOLLOWREQS#${targetId}` }),

  timelineEntry: (ownerId: string, postId: string): PrimaryKey => ({
    PK: `TIMELINE#${ownerId}`,
    SK: `${POST_PREFIX}${postId}`,
  }),
  timelinePartition: (ownerId: string) => ({ PK: `TIMELINE#${ownerId}` }),
  /**
   * A pull-source marker in a reader's timeline partition: the reader follows a celebrity whose posts are merged
   * at read time instead of being fanned out. `PULL#` sorts after `POST#`, so a newest-first Query of the
   * timeline partition returns the markers before the first entry, in the same request.
   */
  timelinePullSource: (ownerId: string, celebrityId: string): PrimaryKey => ({
    PK: `TIMELINE#${ownerId}`,
    SK: `${PULL_PREFIX}${celebrityId}`,
  }),
  timelinePullSources: (ownerId: string) => ({ PK: `TIMELINE#${ownerId}`, skPrefix: PULL_PREFIX }),
  /** Sort-key bounds (inclusive) of an author's posts with ids in [fromPostId, toPostId]; open ends when omitted. */
  userPostsBetween: (authorId: string, fromPostId?: string, toPostId?: string) => ({
    PK: `USER#${authorId}`,
    from: fromPostId ? `${POST_PREFIX}${fromPostId}` : POST_PREFIX,
    to: toPostId ? `${POST_PREFIX}${toPostId}` : POST_RANGE_END,
  }),
  repliesPartition: (parentId: string) => ({ GSI2PK: `REPLIES#${parentId}` }),
  /**
   * GSI2 on a top-level post: the local (public) timeline, in LOCAL_TIMELINE_SHARDS partitions chosen by the id's
   * last character (deterministic: a rewrite lands in the same shard), so posting spreads over several GSI
   * partitions; a page reads every shard and merges (docs/data-model.md, "Mastodon-compatible API").
   */
  localPost: (postId: string) => ({
    GSI2PK: `LOCAL#${localTimelineShard(postId)}`,
    GSI2SK: `${POST_PREFIX}${postId}`,
  }),
  localPostsPartition: (shard: number) => ({ GSI2PK: `LOCAL#${shard}`, skPrefix: POST_PREFIX }),
  mentionEntry: (userId: string, postId: string): PrimaryKey => ({
    PK: `MENTIONS#${userId}`,
    SK: `${POST_PREFIX}${postId}`,
  }),
  mentionsPartition: (userId: string) => ({ PK: `MENTIONS#${userId}` }),

  /**
   * A like or repost edge under the engaging user, keyed by the post id: the reader's likes and reposts of every
   * post of a page whose ids lie in [min, max] come back from ONE Query (`engagedBetween`), whatever the kind.
   */
  engagement: (kind: EngagementKeyKind, userId: string, postId: string): PrimaryKey => ({
    PK: `USER#${userId}`,
    SK: `${ENGAGED_PREFIX}${postId}#${ENGAGEMENT_WORDS[kind].edge}`,
  }),
  /** Sort-key bounds (inclusive) of a user's engagements with the posts whose ids lie in [fromPostId, toPostId]. */
  engagedBetween: (userId: string, fromPostId: string, toPostId: string) => ({
    PK: `USER#${userId}`,
    from: `${ENGAGED_PREFIX}${fromPostId}#`,
    to: `${ENGAGED_PREFIX}${toPostId}#~`,
  }),
  /** GSI1 on an engagement edge: who liked (reposted) a post, newest first. */
  engagementOfPost: (kind: EngagementKeyKind, postId: string, engagementId: string) => ({
    GSI1PK: `${ENGAGEMENT_WORDS[kind].ofPost}#${postId}`,
    GSI1SK: `${ENGAGEMENT_WORDS[kind].edge}#${engagementId}`,
  }),
  engagementsOfPostPartition: (kind: EngagementKeyKind, postId: string) => ({
    GSI1PK: `${ENGAGEMENT_WORDS[kind].ofPost}#${postId}`,
  }),
  /** GSI2 on an engagement edge: what a user liked (reposted), newest first. */
  engagementByUser: (kind: EngagementKeyKind, userId: string, engagementId: string) => ({
    GSI2PK: `${ENGAGEMENT_WORDS[kind].byUser}#${userId}`,
    GSI2SK: `${ENGAGEMENT_WORDS[kind].edge}#${engagementId}`,
  }),
  engagementsByUserPartition: (kind: EngagementKeyKind, userId: string) => ({
    GSI2PK: `${ENGAGEMENT_WORDS[kind].byUser}#${userId}`,
  }),
  /**
   * GSI2 sort-key bounds (inclusive) of a user's reposts made at ids in [fromId, toId] (either end open): the
   * reposts a user page merges in, and the ones a follow backfills or an unfollow removes.
   */
  engagementsByUserBetween: (kind: EngagementKeyKind, userId: string, fromId?: string, toId?: string) => ({
    GSI2PK: `${ENGAGEMENT_WORDS[kind].byUser}#${userId}`,
    from: `${ENGAGEMENT_WORDS[kind].edge}#${fromId ?? ''}`,
    to: `${ENGAGEMENT_WORDS[kind].edge}#${toId ?? '~'}`,
  }),

  /** A notification of a user, by its id (time first, so the partition reads newest first). */
  notification: (userId: string, notificationId: string): PrimaryKey => ({
    PK: `NOTIFS#${userId}`,
    SK: `${NOTIFICATION_PREFIX}${notificationId}`,
  }),
  notificationsPartition: (userId: string) => ({ PK: `NOTIFS#${userId}`, skPrefix: NOTIFICATION_PREFIX }),
  /**
   * Sort-key bounds (inclusive) of a user's notifications with ids in [fromId, toId] (either end open): Mastodon
   * clients page notifications by id. `~` sorts after every id character, and `STATE` after `N#~`.
   */
  notificationIdRange: (userId: string, fromId: string | undefined, toId: string | undefined) => ({
    PK: `NOTIFS#${userId}`,
    from: `${NOTIFICATION_PREFIX}${fromId ?? ''}`,
    to: `${NOTIFICATION_PREFIX}${toId ?? '~'}`,
  }),
  /**
   * How far a user has read their notifications. `STATE` sorts after every `N#` key, so a newest-first Query of
   * the partition returns it first, with the newest notifications, in the same request (the unread count).
   */
  notificationState: (userId: string): PrimaryKey => ({ PK: `NOTIFS#${userId}`, SK: 'STATE' }),
  /** A Mastodon app's reading position in one timeline (`home`, `notifications`), in the user's partition. */
  readingMarker: (userId: string, timeline: string): PrimaryKey => ({
    PK: `USER#${userId}`,
    SK: `MARKER#${timeline}`,
  }),
  /** All of a user's reading markers: `PK = USER#<id>`, `begins_with(SK, 'MARKER#')`. */
  readingMarkers: (userId: string) => ({ PK: `USER#${userId}`, skPrefix: 'MARKER#' }),

  rateWindow: (scope: string, subject: string, windowStart: number): PrimaryKey => ({
    PK: `RATE#${scope}#${subject}`,
    SK: `WINDOW#${windowStart}`,
  }),
  /** User search: one item per verified username, in a partition per first character. */
  searchUsername: (shard: string, username: string): PrimaryKey => ({
    PK: `SEARCH#USERNAME#${shard}`,
    SK: username,
  }),
  /** User search: one item per name term of a verified user, in a partition per first character. */
  searchName: (shard: string, term: string, userId: string): PrimaryKey => ({
    PK: `SEARCH#NAME#${shard}`,
    SK: `${term}#${userId}`,
  }),
  searchUsernamePartition: (shard: string) => ({ PK: `SEARCH#USERNAME#${shard}` }),
  searchNamePartition: (shard: string) => ({ PK: `SEARCH#NAME#${shard}` }),
  /** Post search: a post under one of its hashtags (folded), newest first. */
  hashtagEntry: (tag: string, postId: string): PrimaryKey => ({
    PK: `HASHTAG#${tag}`,
    SK: `${POST_PREFIX}${postId}`,
  }),
  hashtagPartition: (tag: string) => ({ PK: `HASHTAG#${tag}` }),
  /** Post search: a recent post under a prefix of one of its words (folded), newest first. */
  wordPrefixEntry: (prefix: string, postId: string): PrimaryKey => ({
    PK: `POSTWORD#${prefix}`,
    SK: `${POST_PREFIX}${postId}`,
  }),
  wordPrefixPartition: (prefix: string) => ({ PK: `POSTWORD#${prefix}` }),
  /** A direct message, stored once in its conversation (the pair of user ids, in order). */
  directMessage: (firstUserId: string, secondUserId: string, messageId: string): PrimaryKey => ({
    PK: conversationPartitionKey(firstUserId, secondUserId),
    SK: `${MESSAGE_PREFIX}${messageId}`,
  }),
  conversationMessages: (firstUserId: string, secondUserId: string) => ({
    PK: conversationPartitionKey(firstUserId, secondUserId),
  }),
  /** One participant's view of a conversation: the last message and their unread count. */
  conversation: (ownerId: string, otherUserId: string): PrimaryKey => ({
    PK: `USER#${ownerId}`,
    SK: `${CONVERSATION_PREFIX}${otherUserId}`,
  }),
  /** GSI2 on a conversation view: a user's conversations ordered by their last message. */
  conversationByActivity: (ownerId: string, lastMessageId: string) => ({
    GSI2PK: `CONVERSATIONS#${ownerId}`,
    GSI2SK: `${MESSAGE_PREFIX}${lastMessageId}`,
  }),
  conversationsPartition: (ownerId: string) => ({ GSI2PK: `CONVERSATIONS#${ownerId}` }),
  /**
   * GSI2 sort-key bounds (inclusive) of a user's conversations whose last message id lies in [fromId, toId]
   * (either end open): Mastodon clients page conversations by their last status id. `~` sorts after every id
   * character.
   */
  conversationsByActivityBetween: (
    ownerId: string,
    fromId: string | undefined,
    toId: string | undefined,
  ) => ({
    GSI2PK: `CONVERSATIONS#${ownerId}`,
    from: `${MESSAGE_PREFIX}${fromId ?? ''}`,
    to: `${MESSAGE_PREFIX}${toId ?? '~'}`,
  }),
  /** A user's account export: the latest request and, once built, its archive (TTL: the archive's expiry). */
  exportRequest: (userId: string): PrimaryKey => ({ PK: `USER#${userId}`, SK: 'EXPORT' }),
  /** Everything stored under a user's own partition (profile, credentials, edges, settings): erasure pages it. */
  userPartition: (userId: string) => ({ PK: `USER#${userId}` }),
  /** A user's whole notifications partition (the notifications and the read state). */
  notificationsWholePartition: (userId: string) => ({ PK: `NOTIFS#${userId}` }),
  /** A deactivated account's erasure, due after the grace period. */
  erasureSchedule: (userId: string): PrimaryKey => ({ PK: `ERASURE#${userId}`, SK: 'ERASURE' }),
  /** GSI2 on an erasure schedule: every erasure, by when it is due (sparse and small: one item per account). */
  erasureDue: (dueAt: string, userId: string) => ({ GSI2PK: 'ERASURES', GSI2SK: `${dueAt}#${userId}` }),
  /** GSI2 bounds of the erasures due at or before `nowIso`. */
  erasuresDueBy: (nowIso: string) => ({ GSI2PK: 'ERASURES', to: `${nowIso}#~` }),
  /** GSI2 on a refresh token: a user's sessions, so erasure can delete them (tokens are keyed by hash alone). */
  refreshTokenOfUser: (userId: string, tokenHash: string) => ({
    GSI2PK: `REFRESH_TOKENS#${userId}`,
    GSI2SK: tokenHash,
  }),
  refreshTokensOfUserPartition: (userId: string) => ({ GSI2PK: `REFRESH_TOKENS#${userId}` }),
  /** A report (moderation), by its id. */
  report: (reportId: string): PrimaryKey => ({ PK: `REPORT#${reportId}`, SK: 'REPORT' }),
  /** GSI1 on a report: the reports of one status, by id (time). */
  reportByStatus: (status: string, reportId: string) => ({ GSI1PK: `REPORTS#${status}`, GSI1SK: reportId }),
  reportsByStatusPartition: (status: string) => ({ GSI1PK: `REPORTS#${status}` }),
  /** One entry of the moderation audit log: a single partition (moderation actions are rare), newest first. */
  auditEntry: (entryId: string): PrimaryKey => ({ PK: 'AUDIT', SK: `ENTRY#${entryId}` }),
  auditPartition: () => ({ PK: 'AUDIT', skPrefix: 'ENTRY#' }),
  /** The operator role of a user, in the user's partition; GSI1 lists the operators by username. */
  operatorRole: (userId: string): PrimaryKey => ({ PK: `USER#${userId}`, SK: 'ROLE#OPERATOR' }),
  operatorByName: (username: string) => ({ GSI1PK: 'OPERATORS', GSI1SK: username }),
  operatorsPartition: () => ({ GSI1PK: 'OPERATORS' }),
  /**
   * One shard of an instance-wide counter (confirmed accounts, posts), updated in the transactions that confirm
   * or erase an account and create or delete a post; the shards spread the write load of one hot item.
   */
  instanceStat: (stat: 'users' | 'posts', shard: number): PrimaryKey => ({
    PK: 'STATS',
    SK: `${stat.toUpperCase()}#${shard}`,
  }),
  /** Every shard of every instance counter: one small partition. */
  instanceStatsPartition: () => ({ PK: 'STATS' }),
  /**
   * The published access-token key set in AWS (public keys and KMS key ids, no secret), written by the key
   * rotation and read by every token verifier. `CONFIG` is the partition IAM lets the rotation write.
   */
  accessTokenKeySet: (): PrimaryKey => ({ PK: KEY_SET_PARTITION, SK: 'ACCESS_TOKEN_KEYS' }),
  /** That a one-off migration has run to its end on this table (the local stack runs them once). */
  migrationDone: (name: string): PrimaryKey => ({ PK: KEY_SET_PARTITION, SK: `MIGRATION#${name}` }),
  /** Powertools idempotency records share the table under this partition, one per function. */
  idempotencyPartition: (functionName: string) => `IDEMPOTENCY#${functionName}`,
} as const;

export const LOCAL_TIMELINE_SHARDS = 4;

function localTimelineShard(postId: string): number {
  return (postId.at(-1)?.charCodeAt(0) ?? 0) % LOCAL_TIMELINE_SHARDS;
}

/** The same partition whoever sends: the two ids in ascending order. */
function conversationPartitionKey(firstUserId: string, secondUserId: string): string {
  const [low, high] = [firstUserId, secondUserId].sort();
  return `DM#${low}#${high}`;
}

/** The id in a `FOLLOWS#<id>` sort key or a `USER#<id>` / `PULL#<id>` key. */
export function idFromKey(key: string): string {
  const separator = key.indexOf('#');
  return separator === -1 ? key : key.slice(separator + 1);
}

/** The notification id in an `N#<id>` sort key. */
export function notificationIdFromSortKey(sortKey: string): string {
  return sortKey.startsWith(NOTIFICATION_PREFIX) ? sortKey.slice(NOTIFICATION_PREFIX.length) : sortKey;
}

/** Whether a sort key in a notifications partition is a notification (not the read state). */
export function isNotificationKey(sortKey: string): boolean {
  return sortKey.startsWith(NOTIFICATION_PREFIX);
}

/** The kind and other user of a `REL#<KIND>#<id>` sort key, or undefined for any other key. */
export function relationFromSortKey(sortKey: string): { kind: RelationKeyKind; otherId: string } | undefined {
  for (const kind of Object.keys(RELATION_WORDS) as RelationKeyKind[]) {
    const prefix = `${RELATION_PREFIX}${RELATION_WORDS[kind]}#`;
    if (sortKey.startsWith(prefix)) return { kind, otherId: sortKey.slice(prefix.length) };
  }
  return undefined;
}

/** Whether a timeline sort key is a pull-source marker rather than an entry. */
export function isPullSourceKey(sortKey: string): boolean {
  return sortKey.startsWith(PULL_PREFIX);
}

/** The id in a `POST#<id>` sort key. */
export function postIdFromSortKey(sortKey: string): string {
  return sortKey.startsWith(POST_PREFIX) ? sortKey.slice(POST_PREFIX.length) : sortKey;
}

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
} as const;
export type ItemType = (typeof ItemType)[keyof typeof ItemType];

const POST_PREFIX = 'POST#';
const FOLLOWS_PREFIX = 'FOLLOWS#';
const PULL_PREFIX = 'PULL#';
const SMS_PREF_PREFIX = 'SMSPREF#';
const OAUTH_GRANT_PREFIX = 'OAUTHGRANT#';
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
  mentionEntry: (userId: string, postId: string): PrimaryKey => ({
    PK: `MENTIONS#${userId}`,
    SK: `${POST_PREFIX}${postId}`,
  }),
  mentionsPartition: (userId: string) => ({ PK: `MENTIONS#${userId}` }),

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
  /** Powertools idempotency records share the table under this partition, one per function. */
  idempotencyPartition: (functionName: string) => `IDEMPOTENCY#${functionName}`,
} as const;

/** The id in a `FOLLOWS#<id>` sort key or a `USER#<id>` / `PULL#<id>` key. */
export function idFromKey(key: string): string {
  const separator = key.indexOf('#');
  return separator === -1 ? key : key.slice(separator + 1);
}

/** Whether a timeline sort key is a pull-source marker rather than an entry. */
export function isPullSourceKey(sortKey: string): boolean {
  return sortKey.startsWith(PULL_PREFIX);
}

/** The id in a `POST#<id>` sort key. */
export function postIdFromSortKey(sortKey: string): string {
  return sortKey.startsWith(POST_PREFIX) ? sortKey.slice(POST_PREFIX.length) : sortKey;
}

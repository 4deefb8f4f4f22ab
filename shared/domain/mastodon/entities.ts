/**
 * Skylark's domain objects as Mastodon API entities (docs: mastodon/documentation, content/en/entities). Every
 * field popular clients read is present and typed as they expect; features Skylark lacks answer with their
 * neutral value (no media → [], no poll → null, public visibility). test/unit/mastodon checks these against zod
 * schemas of the documented entities.
 */
import type { AccessGrant, OAuthApp } from '#shared/domain/oauth/ports';
import type { Post } from '#shared/domain/post';
import { extractEntities } from '#shared/domain/post-text';
import type { PublicUser, User } from '#shared/domain/user';
import { escapeHtml, type LinkBase, linkHtml, renderPlainHtml, renderPostHtml } from './html';

export const MISSING_AVATAR_PATH = '/avatars/original/missing.png';
export const MISSING_HEADER_PATH = '/headers/original/missing.png';

export interface MastodonField {
  name: string;
  value: string;
  verified_at: string | null;
}

export function profileUrl(base: LinkBase, username: string): string {
  return `${base.publicUrl}/@${username}`;
}

export function displayName(user: Pick<User, 'firstName' | 'lastName'>): string {
  return `${user.firstName} ${user.lastName}`.trim();
}

function fieldsOf(user: PublicUser): MastodonField[] {
  const fields: MastodonField[] = [];
  if (user.website) fields.push({ name: 'Website', value: linkHtml(user.website), verified_at: null });
  if (user.location) fields.push({ name: 'Location', value: escapeHtml(user.location), verified_at: null });
  if (user.category) fields.push({ name: 'Category', value: escapeHtml(user.category), verified_at: null });
  return fields;
}

export function toAccount(user: PublicUser, base: LinkBase) {
  const url = profileUrl(base, user.username);
  const avatar = `${base.publicUrl}${MISSING_AVATAR_PATH}`;
  const header = `${base.publicUrl}${MISSING_HEADER_PATH}`;
  return {
    id: user.id,
    username: user.username,
    acct: user.username,
    url,
    uri: url,
    display_name: displayName(user),
    note: renderPlainHtml(user.bio ?? ''),
    avatar,
    avatar_static: avatar,
    header,
    header_static: header,
    locked: user.protected,
    fields: fieldsOf(user),
    emojis: [] as never[],
    bot: false,
    group: false,
    discoverable: true,
    indexable: true,
    noindex: false,
    created_at: midnightUtc(user.createdAt),
    last_status_at: null,
    statuses_count: user.postCount,
    followers_count: user.followerCount,
    following_count: user.followingCount,
    roles: [] as never[],
  };
}
export type MastodonAccount = ReturnType<typeof toAccount>;

/** Mastodon dates an account by its day (created_at is midnight UTC). */
function midnightUtc(iso: string): string {
  return `${iso.slice(0, 10)}T00:00:00.000Z`;
}

/** The caller's own account, with `source` (the plain-text profile) for the edit screen. */
export function toCredentialAccount(user: User, base: LinkBase) {
  const account = toAccount(user, base);
  return {
    ...account,
    source: {
      note: user.bio ?? '',
      fields: account.fields.map((field) => ({
        name: field.name,
        value: plainFieldValue(user, field.name),
        verified_at: null,
      })),
      privacy: 'public' as const,
      sensitive: false,
      language: '',
      follow_requests_count: 0,
    },
  };
}

function plainFieldValue(user: User, name: string): string {
  if (name === 'Website') return user.website ?? '';
  if (name === 'Location') return user.location ?? '';
  return user.category ?? '';
}

export interface StatusContext {
  /** Authors (and mentioned users) by id. */
  users: ReadonlyMap<string, User>;
  /** The author id of each replied-to post, by post id (absent: the parent is gone). */
  parentAuthors: ReadonlyMap<string, string>;
}

/**
 * A post as a status; a post that came through a repost as Mastodon shows a reblog: a status of its own (the
 * repost's id, the reposter, the time of the repost, no content) wrapping the original in `reblog`.
 */
export function toStatus(post: Post, context: StatusContext, base: LinkBase): MastodonStatus {
  const original = { ...statusOf(post, context, base), reblog: null };
  if (!post.repostId || !post.repostedBy || !post.repostedAt) return original;
  const reposter = context.users.get(post.repostedBy.id);
  const url = `${profileUrl(base, post.repostedBy.username)}/${post.repostId}`;
  return {
    ...original,
    id: post.repostId,
    uri: url,
    url,
    created_at: post.repostedAt,
    account: toAccount(reposter ?? placeholderAuthor({ ...post, author: post.repostedBy }), base),
    content: '',
    media_attachments: [],
    mentions: [],
    tags: [],
    reblogs_count: 0,
    favourites_count: 0,
    replies_count: 0,
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    reblog: original,
  };
}

function statusOf(post: Post, context: StatusContext, base: LinkBase) {
  const author = context.users.get(post.author.id);
  const authorUser: PublicUser = author ?? placeholderAuthor(post);
  const url = `${profileUrl(base, post.author.username)}/${post.id}`;
  return {
    id: post.id,
    uri: url,
    url: url as string | null,
    created_at: post.createdAt,
    edited_at: null,
    account: toAccount(authorUser, base),
    content: renderPostHtml(post.text, post.entities, base),
    text: null,
    visibility: 'public' as 'public' | 'direct',
    sensitive: false,
    spoiler_text: '',
    media_attachments: post.attachments.flatMap((attachment, index) =>
      attachment.kind === 'link'
        ? []
        : [
            {
              id: `${post.id}-${index}`,
              type: attachment.kind,
              url: attachment.url,
              preview_url: attachment.url,
              remote_url: null,
              meta: {},
              description: null,
              blurhash: null,
            },
          ],
    ),
    application: null,
    mentions: post.entities.mentions.map((mention) => ({
      id: mention.userId,
      username: mention.username,
      acct: mention.username,
      url: profileUrl(base, mention.username),
    })),
    tags: uniqueTags(post).map((name) => ({
      name,
      url: `${base.publicUrl}/tags/${encodeURIComponent(name)}`,
    })),
    emojis: [] as never[],
    reblogs_count: post.repostCount,
    favourites_count: post.likeCount,
    replies_count: post.replyCount,
    in_reply_to_id: post.replyTo,
    in_reply_to_account_id: post.replyTo === null ? null : (context.parentAuthors.get(post.replyTo) ?? null),
    poll: null,
    card: null,
    language: null,
    /** The reader's own state (false when signed out). */
    favourited: post.viewer?.liked ?? false,
    reblogged: post.viewer?.reposted ?? false,
    muted: false,
    bookmarked: false,
    pinned: false,
    filtered: [] as never[],
  };
}
export type MastodonStatus = ReturnType<typeof statusOf> & { reblog: MastodonStatus | null };

function uniqueTags(post: Post): string[] {
  return [...new Set(post.entities.hashtags.map((hashtag) => hashtag.tag.toLowerCase()))];
}

/** When an author's profile could not be read, the post still renders with what it carries. */
function placeholderAuthor(post: Pick<Post, 'author' | 'createdAt'>): PublicUser {
  return {
    ...post.author,
    bio: null,
    location: null,
    website: null,
    accountType: 'person',
    category: null,
    protected: false,
    design: {
      backgroundColor: '#ffffff',
      backgroundImageUrl: null,
      backgroundTile: false,
      textColor: '#000000',
      linkColor: '#0000ee',
      sidebarFillColor: '#ffffff',
      sidebarBorderColor: '#000000',
    },
    createdAt: post.createdAt,
    followerCount: 0,
    followingCount: 0,
    postCount: 0,
  };
}

/** How the caller stands towards one other account (shared/db/relationship-view-repository.ts reads these). */
export interface RelationshipFlags {
  following: boolean;
  followedBy: boolean;
  blocking: boolean;
  blockedBy: boolean;
  muting: boolean;
  /** The caller asked to follow the (protected) account. */
  requested: boolean;
  /** The account asked to follow the (protected) caller. */
  requestedBy: boolean;
}

/** The Relationship entity: every boolean from the real edges (no domain blocks or endorsements here). */
export function toRelationship(id: string, flags: RelationshipFlags) {
  return {
    id,
    following: flags.following,
    showing_reblogs: flags.following,
    notifying: false,
    languages: null,
    followed_by: flags.followedBy,
    blocking: flags.blocking,
    blocked_by: flags.blockedBy,
    muting: flags.muting,
    // Skylark's mutes always hide the muted account's notifications.
    muting_notifications: flags.muting,
    requested: flags.requested,
    requested_by: flags.requestedBy,
    domain_blocking: false,
    endorsed: false,
    note: '',
  };
}
export type MastodonRelationship = ReturnType<typeof toRelationship>;

export function toApplication(app: Pick<OAuthApp, 'name' | 'website' | 'scopes' | 'redirectUris'>) {
  return {
    name: app.name,
    website: app.website,
    scopes: app.scopes,
    redirect_uri: app.redirectUris.join('\n'),
    redirect_uris: app.redirectUris,
    vapid_key: '',
  };
}

/** POST /api/v1/apps: the Application with its client credentials (shown once). */
export function toCredentialApplication(
  app: Pick<OAuthApp, 'clientId' | 'name' | 'website' | 'scopes' | 'redirectUris' | 'createdAt'>,
  clientSecret: string,
) {
  return {
    id: app.clientId,
    ...toApplication(app),
    client_id: app.clientId,
    client_secret: clientSecret,
    client_secret_expires_at: 0,
  };
}

export function toToken(token: { accessToken: string; scopes: string[]; createdAt: number }) {
  return {
    access_token: token.accessToken,
    token_type: 'Bearer' as const,
    scope: token.scopes.join(' '),
    created_at: Math.floor(token.createdAt / 1000),
  };
}

export function toTag(name: string, base: LinkBase) {
  return {
    name,
    url: `${base.publicUrl}/tags/${encodeURIComponent(name)}`,
    history: [] as never[],
    following: false,
  };
}

export function toContext(ancestors: MastodonStatus[], descendants: MastodonStatus[]) {
  return { ancestors, descendants };
}

/** GET /v1/me/apps: what a user sees of an app they signed in to (never the token). */
export function toAuthorizedApp(grant: AccessGrant) {
  return {
    id: grant.id,
    name: grant.appName,
    website: grant.appWebsite,
    scopes: grant.scopes,
    authorizedAt: new Date(grant.createdAt).toISOString(),
  };
}

/** A direct message as Skylark keeps it in a conversation view (shared/domain/messages.ts). */
export interface DirectMessageSummary {
  id: string;
  senderId: string;
  text: string;
  createdAt: string;
}

/**
 * The last message of a conversation as a `direct` Status. Messages keep no entities in the conversation view,
 * so they are re-extracted from the text (the same extractor posting uses); only mentions of the two
 * participants are marked up, as no other account's id is known here. Messages have no page of their own, so
 * `url` is null and `uri` points at the conversation in the web client.
 */
export function toDirectStatus(
  message: DirectMessageSummary,
  participants: { reader: PublicUser; other: PublicUser },
  base: LinkBase,
): MastodonStatus {
  const sender = message.senderId === participants.other.id ? participants.other : participants.reader;
  const recipient = sender === participants.other ? participants.reader : participants.other;
  const byUsername = new Map(
    [participants.reader, participants.other].map((user) => [user.username.toLowerCase(), user]),
  );
  const extracted = extractEntities(message.text);
  const mentions = extracted.mentions.flatMap((mention) => {
    const user = byUsername.get(mention.username);
    return user ? [{ ...mention, userId: user.id }] : [];
  });
  return {
    id: message.id,
    uri: `${base.publicUrl}/messages/${encodeURIComponent(participants.other.username)}#${message.id}`,
    url: null,
    created_at: message.createdAt,
    edited_at: null,
    account: toAccount(sender, base),
    content: renderPostHtml(message.text, { ...extracted, mentions }, base),
    text: null,
    visibility: 'direct',
    sensitive: false,
    spoiler_text: '',
    media_attachments: [],
    application: null,
    // A direct status mentions whom it is addressed to.
    mentions: [
      {
        id: recipient.id,
        username: recipient.username,
        acct: recipient.username,
        url: profileUrl(base, recipient.username),
      },
    ],
    tags: [],
    emojis: [],
    reblogs_count: 0,
    favourites_count: 0,
    replies_count: 0,
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    poll: null,
    card: null,
    language: null,
    favourited: false,
    reblogged: false,
    muted: false,
    bookmarked: false,
    pinned: false,
    filtered: [],
    reblog: null,
  };
}

/** The Conversation entity: one per counterpart, so its id is the other participant's account id. */
export function toConversation(
  conversation: { other: PublicUser; lastMessage: DirectMessageSummary; unreadCount: number },
  reader: PublicUser,
  base: LinkBase,
) {
  return {
    id: conversation.other.id,
    unread: conversation.unreadCount > 0,
    accounts: [toAccount(conversation.other, base)],
    last_status: toDirectStatus(conversation.lastMessage, { reader, other: conversation.other }, base),
  };
}
export type MastodonConversation = ReturnType<typeof toConversation>;

/**
 * Direct messages, as on classic Twitter: private, one to one, and only to someone who follows you. The text
 * follows exactly the rules of a post (post-text.ts). Messages live in their own conversation partition and are
 * never copied into timelines, mention lists or the search index, so no public read can reach them.
 */
import { ForbiddenError, NotFoundError, ValidationError } from '#shared/errors';
import { assertAccountActive } from './accounts/account-state';
import type { Clock, IdGenerator } from './clock';
import { type NotificationEvent, type NotificationStore, notify } from './notifications/notifications';
import type { Page } from './pagination';
import type { PageRequest, UserDirectory } from './post';
import { checkPostText, type TextEntities } from './post-text';
import { type PublicUser, toPublicUser, toUserSummary, type User, type UserSummary } from './user';

export interface DirectMessage {
  /** ULID. */
  id: string;
  /** Snapshots at sending time, as posts keep their author's. */
  sender: UserSummary;
  recipient: UserSummary;
  /** NFC-normalised, returned verbatim. */
  text: string;
  entities: TextEntities;
  createdAt: string;
}

/** One participant's view of a conversation. */
export interface ConversationView {
  otherUserId: string;
  lastMessage: Pick<DirectMessage, 'id' | 'text' | 'createdAt'> & { senderId: string };
  /** Messages received since the owner last read the conversation. */
  unreadCount: number;
}

/** The message store (shared/db/message-repository.ts). */
export interface MessageStore {
  /**
   * Writes the message and both participants' conversation views in one transaction, guarded by the recipient
   * following the sender, and counts it in the sender's message budget and posting windows
   * (MESSAGE_LIMIT_POLICIES, the current windows) in the same transaction. Writing the same message again (a
   * redelivered SMS) changes and counts nothing.
   * @throws RateLimitedError when a window is full (nothing written); ForbiddenError not_followed_by_recipient
   */
  send(message: DirectMessage): Promise<void>;
  /** The messages between two users, newest first. */
  pageMessages(userId: string, otherUserId: string, page: PageRequest): Promise<Page<DirectMessage>>;
  view(ownerId: string, otherUserId: string): Promise<ConversationView | undefined>;
  /** Sets the view's unread count to 0 if its last message is still `lastMessageId` (else a newer one is unread). */
  markRead(ownerId: string, otherUserId: string, lastMessageId: string): Promise<void>;
  /** The owner's conversations, the most recently active first. */
  pageViews(ownerId: string, page: PageRequest): Promise<Page<ConversationView>>;
}

/** Profiles by id, in the order asked; gone ones left out (one batched read). */
export type UsersById = (userIds: readonly string[]) => Promise<User[]>;

export interface MessageDeps {
  messages: MessageStore;
  users: UserDirectory;
  usersById: UsersById;
  clock: Clock;
  ids: IdGenerator;
}

export function notFollowedByRecipient(username: string): ForbiddenError {
  return new ForbiddenError(
    'not_followed_by_recipient',
    `You can message @${username} only once they follow you`,
  );
}

function cannotMessageSelf(): ValidationError {
  return new ValidationError('cannot_message_self', 'You cannot send a message to yourself');
}

/** The other participant by username: a verified user who is not the caller. */
async function counterpart(deps: Pick<MessageDeps, 'users'>, callerId: string, username: string) {
  const other = await deps.users.findByUsername(username);
  if (!other) throw new NotFoundError('user_not_found', 'No such user');
  if (other.id === callerId) throw cannotMessageSelf();
  return other;
}

/**
 * Sends a message. Checks come before any write, so a refused message writes nothing (not even a rate-limit
 * hit): text rules, then the recipient, then the sender's limit; the follow rule is the transaction's guard.
 * @throws ValidationError (the post text codes, cannot_message_self); NotFoundError user_not_found;
 *   ForbiddenError not_followed_by_recipient; RateLimitedError
 */
export async function sendMessage(
  deps: Pick<MessageDeps, 'messages' | 'users' | 'clock' | 'ids'>,
  input: { senderId: string; recipientUsername: string; text: string },
): Promise<DirectMessage> {
  const checked = checkPostText(input.text);
  const [sender, recipient] = await Promise.all([
    deps.users.getById(input.senderId),
    counterpart(deps, input.senderId, input.recipientUsername),
  ]);
  if (!sender?.emailVerified) throw new NotFoundError('user_not_found', 'Your account was not found');
  assertAccountActive(sender);
  const now = deps.clock.now();
  const message: DirectMessage = {
    id: deps.ids.next(now),
    sender: toUserSummary(sender),
    recipient: toUserSummary(recipient),
    text: checked.text,
    entities: checked.entities,
    createdAt: now.toISOString(),
  };
  await deps.messages.send(message);
  return message;
}

/**
 * One conversation, newest first; reading it marks it read for the caller.
 * @throws NotFoundError user_not_found; ValidationError cannot_message_self, invalid_cursor
 */
export async function readConversation(
  deps: Pick<MessageDeps, 'messages' | 'users'>,
  input: { callerId: string; username: string } & PageRequest,
): Promise<Page<DirectMessage>> {
  const other = await counterpart(deps, input.callerId, input.username);
  const [page, view] = await Promise.all([
    deps.messages.pageMessages(input.callerId, other.id, input),
    deps.messages.view(input.callerId, other.id),
  ]);
  if (view && view.unreadCount > 0) {
    await deps.messages.markRead(input.callerId, other.id, view.lastMessage.id);
  }
  return page;
}

/**
 * Marks the caller's conversation with another user read, as reading it does. A message arriving meanwhile
 * stays unread (the store's guard); the answer is the view as of the message marked read.
 * @throws NotFoundError conversation_not_found
 */
export async function markConversationRead(
  deps: Pick<MessageDeps, 'messages'>,
  input: { callerId: string; otherUserId: string },
): Promise<ConversationView> {
  const view = await deps.messages.view(input.callerId, input.otherUserId);
  if (!view) throw new NotFoundError('conversation_not_found', 'No such conversation');
  if (view.unreadCount > 0) {
    await deps.messages.markRead(input.callerId, input.otherUserId, view.lastMessage.id);
  }
  return { ...view, unreadCount: 0 };
}

export interface ConversationSummary {
  user: PublicUser;
  lastMessage: ConversationView['lastMessage'];
  unreadCount: number;
}

/** The caller's conversations, most recent first, each with the other user's current profile. */
export async function listConversations(
  deps: Pick<MessageDeps, 'messages' | 'usersById'>,
  input: { callerId: string } & PageRequest,
): Promise<Page<ConversationSummary>> {
  const views = await deps.messages.pageViews(input.callerId, input);
  return { items: await withCounterparts(deps, views.items), nextCursor: views.nextCursor };
}

/**
 * Conversation views, in their order, each with the other user's current profile (one batched read); a view
 * whose counterpart is gone is left out.
 */
export async function withCounterparts(
  deps: Pick<MessageDeps, 'usersById'>,
  views: readonly ConversationView[],
): Promise<ConversationSummary[]> {
  const users = await deps.usersById(views.map((view) => view.otherUserId));
  const byId = new Map(users.map((user) => [user.id, user]));
  return views.flatMap((view) => {
    const user = byId.get(view.otherUserId);
    return user
      ? [{ user: toPublicUser(user), lastMessage: view.lastMessage, unreadCount: view.unreadCount }]
      : [];
  });
}

/** The recipient's `message` notification of a new message (written by a table-only reaction; idempotent). */
export async function notifyOfMessage(deps: { notifications: NotificationStore }, message: DirectMessage) {
  await notify(deps, messageNotification(message));
}

/** The recipient's notification of a message (also what an erasure withdraws). */
export function messageNotification(message: DirectMessage): NotificationEvent {
  return {
    type: 'message',
    recipientId: message.recipient.id,
    actorId: message.sender.id,
    at: message.createdAt,
    messageId: message.id,
  };
}

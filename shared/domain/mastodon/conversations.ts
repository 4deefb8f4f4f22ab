/**
 * Mastodon conversations over Skylark's direct messages: the same conversation views as GET /v1/messages (one
 * set of rules), paged by last message id as Mastodon pages them, each conversation as a Conversation entity
 * whose last_status is the last message as a `direct` Status.
 */
import {
  type ConversationView,
  type MessageDeps,
  markConversationRead,
  sendMessage,
  withCounterparts,
} from '#shared/domain/messages';
import { extractEntities } from '#shared/domain/post-text';
import { toPublicUser } from '#shared/domain/user';
import { NotFoundError, ValidationError } from '#shared/errors';
import { type MastodonDeps, recordNotFound, refuseMissingFeatures, userById } from './api';
import { type MastodonConversation, type MastodonStatus, toConversation, toDirectStatus } from './entities';
import type { IdPage } from './paging';

export interface MastodonConversationDeps extends Pick<MastodonDeps, 'users' | 'publicUrl'> {
  messages: MessageDeps & {
    /** The owner's conversation views by last message id (Mastodon's paging), the most recently active first. */
    viewsById(ownerId: string, page: IdPage): Promise<ConversationView[]>;
  };
}

/**
 * GET /api/v1/conversations: the reader's conversations, most recently active first, paged as Mastodon pages
 * them: by the id of each conversation's last status (`max_id`, `since_id`, `min_id`).
 */
export async function conversations(
  deps: MastodonConversationDeps,
  input: IdPage & { callerId: string },
): Promise<MastodonConversation[]> {
  const [reader, views] = await Promise.all([
    userById(deps, input.callerId),
    deps.messages.viewsById(input.callerId, {
      limit: input.limit,
      maxId: input.maxId,
      sinceId: input.sinceId,
      minId: input.minId,
    }),
  ]);
  const readerAccount = toPublicUser(reader);
  const summaries = await withCounterparts(deps.messages, views);
  return summaries.map((item) =>
    toConversation(
      { other: item.user, lastMessage: item.lastMessage, unreadCount: item.unreadCount },
      readerAccount,
      deps,
    ),
  );
}

/** Where a conversation sits in the list, the id its Link header pages by: its last status's. */
export function conversationPosition(conversation: MastodonConversation): string {
  return conversation.last_status.id;
}

/**
 * POST /api/v1/conversations/:id/read: the conversation with that account (its id is the counterpart's),
 * marked read. @throws NotFoundError (Mastodon's "Record not found") when there is no such conversation
 */
export async function readConversationById(
  deps: MastodonConversationDeps,
  input: { callerId: string; id: string },
): Promise<MastodonConversation> {
  const [reader, other] = await Promise.all([userById(deps, input.callerId), userById(deps, input.id)]);
  try {
    const view = await markConversationRead(deps.messages, { callerId: reader.id, otherUserId: other.id });
    return toConversation(
      { other: toPublicUser(other), lastMessage: view.lastMessage, unreadCount: view.unreadCount },
      toPublicUser(reader),
      deps,
    );
  } catch (error) {
    if (error instanceof NotFoundError) throw recordNotFound();
    throw error;
  }
}

/**
 * POST /api/v1/statuses with visibility "direct": a direct message (the /v1 `sendMessage`, so its follow,
 * block, text and rate rules) to the one account the text mentions; never a post. Zero or several recipients
 * are a 422 with the reason. `in_reply_to_id` is not used: a pair of users has one thread.
 */
export async function sendDirectStatus(
  deps: MastodonConversationDeps,
  input: { callerId: string; body: Parameters<typeof refuseMissingFeatures>[0] & { status: string } },
): Promise<MastodonStatus> {
  refuseMissingFeatures(input.body);
  const recipients = [
    ...new Set(extractEntities(input.body.status.normalize('NFC')).mentions.map((m) => m.username)),
  ];
  const [recipientUsername] = recipients;
  if (recipients.length !== 1 || recipientUsername === undefined) {
    throw new ValidationError(
      'one_recipient',
      `A direct status goes to exactly one mentioned account (this one mentions ${recipients.length})`,
    );
  }
  const message = await sendMessage(deps.messages, {
    senderId: input.callerId,
    recipientUsername,
    text: input.body.status,
  });
  const [reader, other] = await Promise.all([
    userById(deps, message.sender.id),
    userById(deps, message.recipient.id),
  ]);
  return toDirectStatus(
    { id: message.id, senderId: message.sender.id, text: message.text, createdAt: message.createdAt },
    { reader: toPublicUser(reader), other: toPublicUser(other) },
    deps,
  );
}

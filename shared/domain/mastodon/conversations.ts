/**
 * Mastodon conversations over Skylark's direct messages: the same `listConversations` as GET /v1/messages (one
 * set of rules), each conversation as a Conversation entity whose last_status is the last message as a
 * `direct` Status.
 */
import { listConversations, type MessageDeps, markConversationRead } from '#shared/domain/messages';
import { toPublicUser } from '#shared/domain/user';
import { NotFoundError } from '#shared/errors';
import { type MastodonDeps, recordNotFound, userById } from './api';
import { type MastodonConversation, toConversation } from './entities';
import type { CursorPage } from './paging';

export interface MastodonConversationDeps extends Pick<MastodonDeps, 'users' | 'publicUrl'> {
  messages: Pick<MessageDeps, 'messages' | 'usersById'>;
}

/** GET /api/v1/conversations: the reader's conversations, most recently active first. */
export async function conversations(
  deps: MastodonConversationDeps,
  input: { callerId: string; limit: number; maxId?: string | undefined },
): Promise<CursorPage<MastodonConversation>> {
  const [reader, page] = await Promise.all([
    userById(deps, input.callerId),
    listConversations(deps.messages, { callerId: input.callerId, limit: input.limit, cursor: input.maxId }),
  ]);
  const readerAccount = toPublicUser(reader);
  return {
    items: page.items.map((item) =>
      toConversation(
        { other: item.user, lastMessage: item.lastMessage, unreadCount: item.unreadCount },
        readerAccount,
        deps,
      ),
    ),
    nextMaxId: page.nextCursor,
  };
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

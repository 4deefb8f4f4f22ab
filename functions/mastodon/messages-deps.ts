/** Direct messages read as Mastodon conversations: what the statuses and create-status functions share. */
import { messageStore, pageConversationViewsById } from '#shared/db/message-repository';
import { getUsersByIds, userDirectory } from '#shared/db/user-directory';
import { systemClock, ulidIds } from '#shared/domain/clock';
import type { MastodonConversationDeps } from '#shared/domain/mastodon/conversations';

export const conversationMessages: MastodonConversationDeps['messages'] = {
  messages: messageStore,
  users: userDirectory,
  usersById: getUsersByIds,
  clock: systemClock,
  ids: ulidIds,
  viewsById: pageConversationViewsById,
};

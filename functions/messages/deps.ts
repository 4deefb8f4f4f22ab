/** The production wiring of direct messages: the message and user repositories, the message rate limit. */
import { messageStore } from '#shared/db/message-repository';
import { getUsersByIds, userDirectory } from '#shared/db/user-directory';
import { systemClock, ulidIds } from '#shared/domain/clock';
import type { MessageDeps } from '#shared/domain/messages';

export const messageDeps: MessageDeps = {
  messages: messageStore,
  users: userDirectory,
  usersById: getUsersByIds,
  clock: systemClock,
  ids: ulidIds,
};

/** The direct-message use cases over the real table, with no message rate limit (the tests send many). */
import { messageStore } from '#shared/db/message-repository';
import { getUsersByIds, userDirectory } from '#shared/db/user-directory';
import { systemClock, ulidIds } from '#shared/domain/clock';
import type { MessageDeps } from '#shared/domain/messages';

export const uncountedMessageDeps: MessageDeps = {
  messages: messageStore,
  users: userDirectory,
  usersById: getUsersByIds,
  clock: systemClock,
  ids: ulidIds,
};

import { sendMessage } from '#shared/domain/messages';
import { httpHandler } from '#shared/http/handler';
import { created } from '#shared/http/responses';
import { SendMessageBody, UsernamePath } from '#shared/schemas/messages';
import { messageDeps } from './deps';

export const handler = httpHandler(
  { schemas: { path: UsernamePath, body: SendMessageBody }, auth: 'required' },
  async ({ path, body, caller }) => {
    const message = await sendMessage(messageDeps, {
      senderId: caller.userId,
      recipientUsername: path.username,
      text: body.text,
    });
    return created(message, `/v1/messages/${message.recipient.username}`);
  },
);

import { describe, expect, it } from 'vitest';
import { ulidIds } from '#shared/domain/clock';
import {
  type ConversationView,
  type DirectMessage,
  listConversations,
  type MessageDeps,
  type MessageStore,
  notFollowedByRecipient,
  readConversation,
  sendMessage,
} from '#shared/domain/messages';
import type { User } from '#shared/domain/user';
import { RateLimitedError } from '#shared/errors';
import { makeUser } from '#test/factories/user-records';

const NOW = new Date('2026-12-01T12:00:00Z');
const ada = makeUser({ id: 'ada-id', username: 'ada' });
const bob = makeUser({ id: 'bob-id', username: 'bob', firstName: 'Bob' });

/** An in-memory store where `followers` lists who follows whom (`follower>followee`). */
function fakes(options: { followers?: string[]; overLimit?: boolean } = {}) {
  const sent: DirectMessage[] = [];
  const views = new Map<string, ConversationView>();
  const marked: string[] = [];
  let sendCalls = 0;
  const messages: MessageStore = {
    // The real store counts the message in the sender's windows in the same write (refused: nothing written).
    send: async (message) => {
      sendCalls++;
      if (options.overLimit) throw new RateLimitedError(60);
      if (!options.followers?.includes(`${message.recipient.id}>${message.sender.id}`)) {
        throw notFollowedByRecipient(message.recipient.username);
      }
      sent.push(message);
    },
    pageMessages: async () => ({ items: [...sent].reverse(), nextCursor: null }),
    view: async (owner, other) => views.get(`${owner}|${other}`),
    markRead: async (owner, other, lastId) => void marked.push(`${owner}|${other}|${lastId}`),
    pageViews: async () => ({ items: [...views.values()], nextCursor: 'more' }),
  };
  const users = [ada, bob];
  const deps: MessageDeps = {
    messages,
    users: {
      getById: async (id) => users.find((user) => user.id === id),
      findByUsername: async (name) => users.find((user) => user.username === name.toLowerCase()),
    },
    usersById: async (ids) => ids.flatMap((id) => users.filter((user: User) => user.id === id)),
    clock: { now: () => NOW },
    ids: ulidIds,
  };
  return { deps, sent, views, marked, sendCalls: () => sendCalls };
}

describe('sending a direct message', () => {
  it('sends to a follower, with the normalised text and both users', async () => {
    const { deps, sent } = fakes({ followers: ['bob-id>ada-id'] });
    const message = await sendMessage(deps, {
      senderId: ada.id,
      recipientUsername: 'Bob',
      text: 'Cafe\u0301?',
    });
    expect(message).toMatchObject({ sender: { id: ada.id }, recipient: { id: bob.id }, text: 'Café?' });
    expect(message.createdAt).toBe(NOW.toISOString());
    expect(sent).toEqual([message]);
  });

  it('refuses when the recipient does not follow the sender', async () => {
    const { deps, sent } = fakes({ followers: ['ada-id>bob-id'] });
    await expect(
      sendMessage(deps, { senderId: ada.id, recipientUsername: 'bob', text: 'hi' }),
    ).rejects.toMatchObject({
      statusCode: 403,
      code: 'not_followed_by_recipient',
    });
    expect(sent).toEqual([]);
  });

  it.each([
    ['a 141-character text', 'bob', 'x'.repeat(141), 'post_too_long'],
    ['an empty text', 'bob', ' \n ', 'post_empty'],
    ['yourself', 'ada', 'hi me', 'cannot_message_self'],
    ['an unknown user', 'nobody', 'hi', 'user_not_found'],
  ])('refuses %s before writing (and so counting) anything', async (_case, username, text, code) => {
    const { deps, sent, sendCalls } = fakes({ followers: ['bob-id>ada-id', 'ada-id>ada-id'] });
    await expect(
      sendMessage(deps, { senderId: ada.id, recipientUsername: username, text }),
    ).rejects.toMatchObject({
      code,
    });
    expect(sent).toEqual([]);
    expect(sendCalls()).toBe(0);
  });

  it('refuses a message over the sender’s limit without storing it', async () => {
    const { deps, sent } = fakes({ followers: ['bob-id>ada-id'], overLimit: true });
    await expect(
      sendMessage(deps, { senderId: ada.id, recipientUsername: 'bob', text: 'hi' }),
    ).rejects.toBeInstanceOf(RateLimitedError);
    expect(sent).toEqual([]);
  });
});

describe('reading conversations', () => {
  const lastMessage = {
    id: '01JDZZZZZZZZZZZZZZZZZZZZZZ',
    senderId: bob.id,
    text: 'hi',
    createdAt: NOW.toISOString(),
  };

  it('marks the conversation read up to its last message when it has unread messages', async () => {
    const { deps, views, marked } = fakes();
    views.set(`${ada.id}|${bob.id}`, { otherUserId: bob.id, lastMessage, unreadCount: 2 });
    await readConversation(deps, { callerId: ada.id, username: 'bob', limit: 20 });
    expect(marked).toEqual([`${ada.id}|${bob.id}|${lastMessage.id}`]);
  });

  it('writes nothing when nothing is unread', async () => {
    const { deps, views, marked } = fakes();
    views.set(`${ada.id}|${bob.id}`, { otherUserId: bob.id, lastMessage, unreadCount: 0 });
    await readConversation(deps, { callerId: ada.id, username: 'bob', limit: 20 });
    expect(marked).toEqual([]);
  });

  it('refuses a conversation with yourself', async () => {
    const { deps } = fakes();
    await expect(
      readConversation(deps, { callerId: ada.id, username: 'ada', limit: 20 }),
    ).rejects.toMatchObject({
      code: 'cannot_message_self',
    });
  });

  it('lists conversations with the other user’s public profile (no email) and the unread count', async () => {
    const { deps, views } = fakes();
    views.set(`${ada.id}|${bob.id}`, { otherUserId: bob.id, lastMessage, unreadCount: 1 });
    const page = await listConversations(deps, { callerId: ada.id, limit: 20 });
    expect(page.nextCursor).toBe('more');
    expect(page.items).toEqual([
      { user: expect.objectContaining({ id: bob.id }), lastMessage, unreadCount: 1 },
    ]);
    expect(page.items[0]?.user).not.toHaveProperty('email');
  });
});

/**
 * Mastodon conversations from direct messages: the Conversation entity against a schema written from the
 * Mastodon documentation (content/en/entities/Conversation.md), and the mapping of /v1's conversation list.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_DESIGN } from '#shared/domain/design';
import {
  conversationPosition,
  conversations,
  type MastodonConversationDeps,
  readConversationById,
  sendDirectStatus,
} from '#shared/domain/mastodon/conversations';
import { toConversation } from '#shared/domain/mastodon/entities';
import type { ConversationView, MessageStore } from '#shared/domain/messages';
import type { UserDirectory } from '#shared/domain/post';
import type { User } from '#shared/domain/user';

const base = { publicUrl: 'https://sky.example' };

const ConversationSchema = z.object({
  id: z.string().min(1),
  unread: z.boolean(),
  accounts: z.array(z.object({ id: z.string(), username: z.string(), acct: z.string() })).min(1),
  last_status: z.object({
    id: z.string().min(1),
    uri: z.string().min(1),
    url: z.string().nullable(),
    created_at: z.string().regex(/^\d{4}-\d\d-\d\dT/),
    account: z.object({ id: z.string(), username: z.string() }),
    content: z.string(),
    visibility: z.literal('direct'),
    sensitive: z.boolean(),
    spoiler_text: z.string(),
    media_attachments: z.array(z.unknown()),
    mentions: z.array(z.object({ id: z.string(), username: z.string(), url: z.string(), acct: z.string() })),
    tags: z.array(z.unknown()),
    emojis: z.array(z.unknown()),
    reblogs_count: z.number().int(),
    favourites_count: z.number().int(),
    replies_count: z.number().int(),
    reblog: z.null(),
    favourited: z.boolean(),
    reblogged: z.boolean(),
  }),
});

function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: '01J0000000000000000000ALICE',
    username: 'alice',
    email: 'alice@example.test',
    emailVerified: true,
    firstName: 'Alice',
    lastName: 'Liddell',
    bio: null,
    location: null,
    website: null,
    accountType: 'person',
    category: null,
    design: DEFAULT_DESIGN,
    protected: false,
    createdAt: '2026-01-02T03:04:05.000Z',
    followerCount: 0,
    followingCount: 0,
    postCount: 0,
    ...overrides,
  };
}

const alice = makeUser();
const bob = makeUser({ id: '01J00000000000000000000BOB', username: 'bob', firstName: 'Bob', lastName: 'B' });

function makeView(overrides: Partial<ConversationView> = {}): ConversationView {
  return {
    otherUserId: bob.id,
    lastMessage: {
      id: '01J0000000000000000MESSAGE',
      senderId: bob.id,
      text: 'hi @alice <b>tea</b>? #Tea',
      createdAt: '2026-03-04T05:06:07.000Z',
    },
    unreadCount: 2,
    ...overrides,
  };
}

const users: UserDirectory = {
  getById: async (id) => [alice, bob].find((user) => user.id === id),
  findByUsername: async (username) => [alice, bob].find((user) => user.username === username),
};

function makeStore(overrides: Partial<MessageStore> = {}): MessageStore {
  return {
    send: async () => undefined,
    pageMessages: async () => ({ items: [], nextCursor: null }),
    view: async () => undefined,
    markRead: async () => undefined,
    pageViews: async () => ({ items: [], nextCursor: null }),
    ...overrides,
  };
}

function makeDeps(
  messages: MessageStore,
  viewsById: MastodonConversationDeps['messages']['viewsById'] = async () => [],
): MastodonConversationDeps {
  return {
    users,
    publicUrl: base.publicUrl,
    messages: {
      messages,
      viewsById,
      users,
      usersById: async (ids) => [alice, bob].filter((user) => ids.includes(user.id)),
      clock: { now: () => new Date('2026-03-04T05:06:07.000Z') },
      ids: { next: () => '01J0000000000000000MESSAGE' },
    },
  };
}

describe('Mastodon conversations', () => {
  it('maps a conversation to a Conversation whose last_status is a direct Status with every required field', () => {
    const view = makeView();
    const conversation = ConversationSchema.parse(
      toConversation({ other: bob, lastMessage: view.lastMessage, unreadCount: 2 }, alice, base),
    );
    expect(conversation.id).toBe(bob.id);
    expect(conversation.unread).toBe(true);
    expect(conversation.accounts.map((account) => account.username)).toEqual(['bob']);
    expect(conversation.last_status.account.username).toBe('bob');
    expect(conversation.last_status.mentions.map((mention) => mention.username)).toEqual(['alice']);
    expect(conversation.last_status.content).toContain('&lt;b&gt;tea&lt;/b&gt;');
    expect(conversation.last_status.content).toContain('class="u-url mention"');
    expect(conversation.last_status.url).toBeNull();
  });

  it('makes the reader the account of a last message they sent, addressed to the other participant', () => {
    const view = makeView({
      lastMessage: { ...makeView().lastMessage, senderId: alice.id, text: 'hello' },
      unreadCount: 0,
    });
    const conversation = toConversation(
      { other: bob, lastMessage: view.lastMessage, unreadCount: 0 },
      alice,
      base,
    );
    expect(conversation.unread).toBe(false);
    expect(conversation.last_status.account.id).toBe(alice.id);
    expect(conversation.last_status.mentions.map((mention) => mention.id)).toEqual([bob.id]);
  });

  it('lists the reader’s conversations by last status id, paged by the last status (not the conversation id)', async () => {
    const asked: unknown[] = [];
    const carol = makeUser({ id: '01J000000000000000000CAROL', username: 'carol' });
    const deps = makeDeps(makeStore(), async (ownerId, page) => {
      asked.push({ ownerId, ...page });
      return [
        makeView({ lastMessage: { ...makeView().lastMessage, id: '01J000000000000000000MSG02' } }),
        makeView({ otherUserId: carol.id }),
      ];
    });
    deps.messages.usersById = async (ids) => [alice, bob, carol].filter((user) => ids.includes(user.id));
    const page = {
      limit: 5,
      maxId: '01J000000000000000000MSG09',
      sinceId: undefined,
      minId: '01J000000000000000000MSG01',
    };
    const listed = await conversations(deps, { callerId: alice.id, ...page });
    expect(asked).toEqual([{ ownerId: alice.id, ...page }]);
    expect(listed.map((conversation) => conversation.id)).toEqual([bob.id, carol.id]);
    expect(listed.map(conversationPosition)).toEqual([
      '01J000000000000000000MSG02',
      '01J0000000000000000MESSAGE',
    ]);
  });

  it('leaves out a conversation whose counterpart is gone', async () => {
    const deps = makeDeps(makeStore(), async () => [
      makeView({ otherUserId: '01J0000000000000000000GONE' }),
      makeView(),
    ]);
    const listed = await conversations(deps, { callerId: alice.id, limit: 20 });
    expect(listed.map((conversation) => conversation.id)).toEqual([bob.id]);
  });

  function fakeDeps(view: ConversationView | undefined, marked: unknown[]) {
    return makeDeps(
      makeStore({
        view: async () => view,
        markRead: async (...args) => {
          marked.push(args);
        },
      }),
    );
  }

  it('marks a conversation read up to its last message and answers it read', async () => {
    const marked: unknown[] = [];
    const conversation = await readConversationById(fakeDeps(makeView(), marked), {
      callerId: alice.id,
      id: bob.id,
    });
    expect(marked).toEqual([[alice.id, bob.id, '01J0000000000000000MESSAGE']]);
    expect(conversation).toMatchObject({ id: bob.id, unread: false });
  });

  it('answers Record not found for a conversation that does not exist, writing nothing', async () => {
    const marked: unknown[] = [];
    await expect(
      readConversationById(fakeDeps(undefined, marked), { callerId: alice.id, id: bob.id }),
    ).rejects.toMatchObject({ statusCode: 404, message: 'Record not found' });
    expect(marked).toEqual([]);
  });

  it('sends a direct status as a message to the one mentioned account and answers it as a direct Status', async () => {
    const sent: unknown[] = [];
    const status = await sendDirectStatus(
      makeDeps(makeStore({ send: async (message) => void sent.push(message) })),
      { callerId: alice.id, body: { status: '@bob tea?' } },
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ recipient: { id: bob.id }, text: '@bob tea?' });
    expect(status).toMatchObject({
      visibility: 'direct',
      account: { id: alice.id },
      mentions: [{ id: bob.id }],
    });
  });

  it.each([
    ['no mention', 'tea?', 0],
    ['two mentions', '@bob @carol tea?', 2],
  ])(
    'refuses a direct status with %s (a validation error, 422 on the Mastodon surface), sending (so counting) nothing',
    async (_, text, count) => {
      const sent: unknown[] = [];
      await expect(
        sendDirectStatus(makeDeps(makeStore({ send: async (message) => void sent.push(message) })), {
          callerId: alice.id,
          body: { status: text },
        }),
      ).rejects.toMatchObject({
        code: 'one_recipient',
        message: expect.stringContaining(`mentions ${count}`),
      });
      // A message counts in the sender's limits only in the store's write, which never ran.
      expect(sent).toEqual([]);
    },
  );

  it('refuses a direct status with media before sending anything', async () => {
    const sent: unknown[] = [];
    await expect(
      sendDirectStatus(makeDeps(makeStore({ send: async (message) => void sent.push(message) })), {
        callerId: alice.id,
        body: { status: '@bob look', media_ids: ['1'] },
      }),
    ).rejects.toMatchObject({ code: 'not_available' });
    expect(sent).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { fixedClock } from '#shared/domain/clock';
import { notifyOfFollowRequest, notifyOfPost } from '#shared/domain/engagement/reactions';
import {
  isNotificationRead,
  listNotifications,
  markNotificationsRead,
  type NotificationEvent,
  type NotificationStore,
  notificationId,
  notify,
  type ReadMarker,
  type StoredNotification,
  withdraw,
} from '#shared/domain/notifications/notifications';
import type { Post } from '#shared/domain/post';
import { makeRelationships } from '#test/factories/relationships';

/** An in-memory store with the repository's semantics: actors are a set; an empty notification goes. */
function memoryNotifications() {
  const byRecipient = new Map<string, Map<string, StoredNotification>>();
  let marker: ReadMarker | undefined;
  const store: NotificationStore = {
    async addActor(recipientId, notification, actor) {
      const mine = byRecipient.get(recipientId) ?? new Map<string, StoredNotification>();
      byRecipient.set(recipientId, mine);
      const existing = mine.get(notification.id);
      const actorIds = [...new Set([...(existing?.actorIds ?? []), actor.id])];
      mine.set(notification.id, {
        ...notification,
        createdAt: existing?.createdAt ?? notification.createdAt,
        actorIds,
        actorCount: actorIds.length,
        latestActorId: actor.id,
        updatedAt: actor.at,
      });
    },
    async removeActor(recipientId, id, actorId) {
      const mine = byRecipient.get(recipientId);
      const existing = mine?.get(id);
      if (!mine || !existing) return;
      const actorIds = existing.actorIds.filter((actor) => actor !== actorId);
      if (actorIds.length === 0) mine.delete(id);
      else mine.set(id, { ...existing, actorIds, actorCount: actorIds.length });
    },
    async page(recipientId, request) {
      const items = [...(byRecipient.get(recipientId)?.values() ?? [])]
        .filter((item) => !request.types || request.types.includes(item.type))
        .sort((a, b) => (a.id < b.id ? 1 : -1))
        .slice(0, request.limit);
      return { items, nextCursor: null };
    },
    async unread(recipientId, cap) {
      const unread = [...(byRecipient.get(recipientId)?.values() ?? [])].filter(
        (one) => !isNotificationRead(one, marker),
      );
      return { marker, count: Math.min(cap, unread.length) };
    },
    async markRead(_recipientId, upTo, at) {
      if (marker === undefined || upTo >= marker.upTo) marker = { upTo, at };
    },
  };
  return { store, all: (userId: string) => [...(byRecipient.get(userId)?.values() ?? [])] };
}

const POST = { id: '01JDAAAAAAAAAAAAAAAAAAAAAA', authorId: 'ada' };

function like(actorId: string, at: string): NotificationEvent {
  return { type: 'like', recipientId: 'ada', actorId, at, post: POST };
}

function makePost(overrides: Partial<Post> = {}): Post {
  return {
    id: '01JDCCCCCCCCCCCCCCCCCCCCCC',
    author: { id: 'bob', username: 'bob', firstName: 'Bob', lastName: 'B' },
    text: 'hi',
    entities: { urls: [], mentions: [], hashtags: [] },
    replyTo: null,
    attachments: [],
    createdAt: '2026-12-01T10:00:00.000Z',
    replyCount: 0,
    likeCount: 0,
    repostCount: 0,
    ...overrides,
  };
}

describe('notificationId', () => {
  it('groups likes of one post inside one window, and not across windows or posts', () => {
    const first = notificationId(like('bob', '2026-12-01T10:05:00.000Z'));
    expect(notificationId(like('carol', '2026-12-01T10:55:00.000Z'))).toBe(first);
    expect(notificationId(like('carol', '2026-12-01T11:01:00.000Z'))).not.toBe(first);
    expect(
      notificationId({
        ...like('carol', '2026-12-01T10:06:00.000Z'),
        post: { id: '01JDBBBBBBBBBBBBBBBBBBBBBB', authorId: 'ada' },
      }),
    ).not.toBe(first);
    expect(notificationId({ ...like('carol', '2026-12-01T10:06:00.000Z'), type: 'repost' })).not.toBe(first);
  });

  it('starts with the time, so ids sort newest last', () => {
    const older = notificationId({
      type: 'follow',
      recipientId: 'ada',
      actorId: 'bob',
      at: '2026-12-01T10:00:00.000Z',
    });
    const newer = notificationId({
      type: 'follow',
      recipientId: 'ada',
      actorId: 'bob',
      at: '2026-12-01T10:00:01.000Z',
    });
    expect(older < newer).toBe(true);
  });
});

describe('notify and withdraw', () => {
  it('groups two likes into one notification of two actors, and a replay adds nobody', async () => {
    const memory = memoryNotifications();
    await notify({ notifications: memory.store }, like('bob', '2026-12-01T10:05:00.000Z'));
    await notify({ notifications: memory.store }, like('carol', '2026-12-01T10:06:00.000Z'));
    await notify({ notifications: memory.store }, like('bob', '2026-12-01T10:05:00.000Z'));
    expect(memory.all('ada')).toHaveLength(1);
    expect(memory.all('ada')[0]).toMatchObject({ type: 'like', actorCount: 2 });
  });

  it('never notifies you of what you did yourself', async () => {
    const memory = memoryNotifications();
    await notify({ notifications: memory.store }, like('ada', '2026-12-01T10:05:00.000Z'));
    expect(memory.all('ada')).toEqual([]);
  });

  it('withdraws an unlike, and the notification goes with its last actor', async () => {
    const memory = memoryNotifications();
    await notify({ notifications: memory.store }, like('bob', '2026-12-01T10:05:00.000Z'));
    await withdraw({ notifications: memory.store }, like('bob', '2026-12-01T10:05:00.000Z'));
    expect(memory.all('ada')).toEqual([]);
  });
});

describe('notifyOfPost', () => {
  it('gives the parent’s author a reply, not also a mention, and each other mentioned user a mention', async () => {
    const memory = memoryNotifications();
    const parent = makePost({
      id: '01JDPPPPPPPPPPPPPPPPPPPPPP',
      author: { id: 'ada', username: 'ada', firstName: 'A', lastName: 'L' },
    });
    const reply = makePost({
      replyTo: parent.id,
      entities: {
        urls: [],
        hashtags: [],
        mentions: [
          { start: 0, end: 4, username: 'ada', userId: 'ada' },
          { start: 5, end: 11, username: 'carol', userId: 'carol' },
          { start: 12, end: 16, username: 'bob', userId: 'bob' },
        ],
      },
    });
    const deps = {
      notifications: memory.store,
      posts: { findById: async (id: string) => (id === parent.id ? parent : undefined) },
    };

    await notifyOfPost(deps, { kind: 'post_created', post: reply });
    expect(memory.all('ada').map((item) => item.type)).toEqual(['reply']);
    expect(memory.all('carol').map((item) => item.type)).toEqual(['mention']);
    expect(memory.all('bob')).toEqual([]);

    await notifyOfPost(deps, { kind: 'post_deleted', post: reply });
    expect([...memory.all('ada'), ...memory.all('carol')]).toEqual([]);
  });
});

describe('listNotifications', () => {
  const user = (id: string) => ({ id, username: id, firstName: id, lastName: 'X' });

  it('leaves out a notification whose post is gone, and shows the newest actor first', async () => {
    const memory = memoryNotifications();
    await notify({ notifications: memory.store }, like('bob', '2026-12-01T10:05:00.000Z'));
    await notify({ notifications: memory.store }, like('carol', '2026-12-01T10:06:00.000Z'));
    await notify(
      { notifications: memory.store },
      {
        ...like('dave', '2026-12-01T10:07:00.000Z'),
        post: { id: '01JDGGGGGGGGGGGGGGGGGGGGGG', authorId: 'ada' },
      },
    );
    const views = {
      usersById: async (ids: readonly string[]) => ids.map(user),
      postsByRef: async (refs: ReadonlyArray<{ postId: string }>) =>
        refs.filter((ref) => ref.postId === POST.id).map(() => makePost({ id: POST.id })),
      relationships: makeRelationships(),
    };
    const page = await listNotifications(
      { notifications: memory.store, views },
      { userId: 'ada', limit: 20 },
    );
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ type: 'like', actorCount: 2, read: false, post: { id: POST.id } });
    expect(page.items[0]?.actors.map((actor) => actor.id)).toEqual(['carol', 'bob']);
  });
});

describe('markNotificationsRead', () => {
  const deps = (memory: ReturnType<typeof memoryNotifications>) => ({
    notifications: memory.store,
    clock: fixedClock(new Date('2026-12-01T12:00:00.000Z')),
  });

  it('refuses an id that is not a notification id, or lies in the future', async () => {
    const memory = memoryNotifications();
    await expect(
      markNotificationsRead(deps(memory), { userId: 'ada', upTo: 'nonsense' }),
    ).rejects.toMatchObject({
      code: 'invalid_notification_id',
    });
    const future = notificationId({
      type: 'follow',
      recipientId: 'ada',
      actorId: 'bob',
      at: '2027-01-01T00:00:00.000Z',
    });
    await expect(markNotificationsRead(deps(memory), { userId: 'ada', upTo: future })).rejects.toMatchObject({
      code: 'invalid_notification_id',
    });
  });

  it('marks everything up to the id read', async () => {
    const memory = memoryNotifications();
    const event = like('bob', '2026-12-01T10:05:00.000Z');
    await notify({ notifications: memory.store }, event);
    await markNotificationsRead(deps(memory), { userId: 'ada', upTo: notificationId(event) });
    expect(await memory.store.unread('ada', 99)).toMatchObject({ count: 0 });
  });

  it('makes a group unread again when someone joins it after it was read, until it is read again', async () => {
    const memory = memoryNotifications();
    const at = (time: string) => ({
      notifications: memory.store,
      clock: fixedClock(new Date(`2026-12-01T${time}:00.000Z`)),
    });
    const first = like('bob', '2026-12-01T11:05:00.000Z');
    await notify({ notifications: memory.store }, first);
    await markNotificationsRead(at('11:20'), { userId: 'ada', upTo: notificationId(first) });
    // Carol's like joins the same hour's group (the same id) after Ada read it.
    const later = like('carol', '2026-12-01T11:40:00.000Z');
    expect(notificationId(later)).toBe(notificationId(first));
    await notify({ notifications: memory.store }, later);
    expect(await memory.store.unread('ada', 99)).toMatchObject({ count: 1 });
    await markNotificationsRead(at('11:45'), { userId: 'ada', upTo: notificationId(first) });
    expect(await memory.store.unread('ada', 99)).toMatchObject({ count: 0 });
  });
});

describe('follow_request notifications', () => {
  const deps = (memory: ReturnType<typeof memoryNotifications>) => ({
    notifications: memory.store,
    posts: { findById: async () => undefined },
  });
  const request = { requesterId: 'bob', targetId: 'ada', createdAt: '2026-12-01T10:05:00.000Z' };

  it("notifies the protected account's owner of a request, and withdraws it when the request goes", async () => {
    const memory = memoryNotifications();
    await notifyOfFollowRequest(deps(memory), { kind: 'follow_request_created', ...request });
    await notifyOfFollowRequest(deps(memory), { kind: 'follow_request_created', ...request });
    expect(memory.all('ada')).toEqual([
      expect.objectContaining({ type: 'follow_request', actorIds: ['bob'], actorCount: 1 }),
    ]);
    expect(memory.all('bob')).toEqual([]);
    await notifyOfFollowRequest(deps(memory), { kind: 'follow_request_deleted', ...request });
    expect(memory.all('ada')).toEqual([]);
  });

  it('lists it with its requester and no post, and the type filter selects it alone', async () => {
    const memory = memoryNotifications();
    await notifyOfFollowRequest(deps(memory), { kind: 'follow_request_created', ...request });
    await notify({ notifications: memory.store }, like('carol', '2026-12-01T10:06:00.000Z'));
    const views = {
      usersById: async (ids: readonly string[]) =>
        ids.map((id) => ({ id, username: id, firstName: id, lastName: 'X' })),
      postsByRef: async () => [makePost({ id: POST.id })],
      relationships: makeRelationships(),
    };
    const page = await listNotifications(
      { notifications: memory.store, views },
      { userId: 'ada', limit: 20, types: ['follow_request'] },
    );
    expect(page.items).toEqual([
      expect.objectContaining({
        type: 'follow_request',
        post: null,
        actors: [expect.objectContaining({ id: 'bob' })],
      }),
    ]);
  });
});

describe('notifications of suspended or deactivated accounts', () => {
  it('leaves out their actions and their posts while they are not active, and shows them again after', async () => {
    const memory = memoryNotifications();
    await notify({ notifications: memory.store }, like('mallory', '2026-12-01T10:05:00.000Z'));
    await notify(
      { notifications: memory.store },
      { type: 'follow', recipientId: 'ada', actorId: 'mallory', at: '2026-12-01T10:06:00.000Z' },
    );
    const malloryPost = makePost({
      id: '01JDMMMMMMMMMMMMMMMMMMMMMM',
      author: { id: 'mallory', username: 'mallory', firstName: 'M', lastName: 'X' },
    });
    await notify(
      { notifications: memory.store },
      {
        type: 'mention',
        recipientId: 'ada',
        actorId: 'mallory',
        at: '2026-12-01T10:07:00.000Z',
        post: { id: malloryPost.id, authorId: 'mallory' },
      },
    );
    await notify({ notifications: memory.store }, like('carol', '2026-12-01T10:08:00.000Z'));
    const read = (inactiveIds: string[]) =>
      listNotifications(
        {
          notifications: memory.store,
          views: {
            usersById: async (ids: readonly string[]) =>
              ids.map((id) => ({ id, username: id, firstName: id, lastName: 'X' })),
            postsByRef: async (refs: ReadonlyArray<{ postId: string }>) =>
              refs.map((ref) => (ref.postId === malloryPost.id ? malloryPost : makePost({ id: POST.id }))),
            relationships: makeRelationships({ inactiveIds }),
          },
        },
        { userId: 'ada', limit: 20 },
      );
    const hidden = await read(['mallory']);
    expect(hidden.items.map((item) => [item.type, item.actors.map((actor) => actor.id)])).toEqual([
      ['like', ['carol']],
    ]);
    expect(hidden.items[0]?.actorCount).toBe(1);
    const shown = await read([]);
    expect(shown.items.map((item) => item.type)).toEqual(['mention', 'follow', 'like']);
  });
});

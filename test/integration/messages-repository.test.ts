/**
 * Direct messages on DynamoDB Local: the follow guard in the send transaction, conversation pages, the
 * conversation list with unread counts, reading that marks read, and a redelivered message changing nothing.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db, tableName } from '#shared/db/client';
import { followStore } from '#shared/db/follow-repository';
import { keys } from '#shared/db/keys';
import { messageStore } from '#shared/db/message-repository';
import { seededIds } from '#shared/domain/clock';
import { listConversations, readConversation, sendMessage } from '#shared/domain/messages';
import { uncountedMessageDeps } from '#test/factories/messages';
import { insertVerifiedUser } from '#test/factories/users';

const deps = uncountedMessageDeps;

async function follows(followerId: string, followeeId: string) {
  await followStore.follow({ followerId, followeeId, createdAt: new Date().toISOString() });
}

async function storedMessages(a: string, b: string) {
  const { Items } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.conversationMessages(a, b).PK },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

describe('the message repository', () => {
  it('sends only to a follower; the refused message writes nothing', async () => {
    const [ada, bob] = [(await insertVerifiedUser()).user, (await insertVerifiedUser()).user];
    await expect(
      sendMessage(deps, { senderId: ada.id, recipientUsername: bob.username, text: 'hi' }),
    ).rejects.toMatchObject({ statusCode: 403, code: 'not_followed_by_recipient' });
    expect(await storedMessages(ada.id, bob.id)).toEqual([]);
    expect(await messageStore.view(ada.id, bob.id)).toBeUndefined();
    expect(await messageStore.view(bob.id, ada.id)).toBeUndefined();

    await follows(bob.id, ada.id);
    const sent = await sendMessage(deps, { senderId: ada.id, recipientUsername: bob.username, text: 'hi' });
    expect(
      (await readConversation(deps, { callerId: bob.id, username: ada.username, limit: 20 })).items,
    ).toEqual([sent]);
    // Ada does not follow Bob, so Bob cannot write to her.
    await expect(
      sendMessage(deps, { senderId: bob.id, recipientUsername: ada.username, text: 'back' }),
    ).rejects.toMatchObject({ code: 'not_followed_by_recipient' });
  });

  it('lists conversations by last activity with unread counts, and reading marks read', async () => {
    const [ada, bob, carol] = [
      (await insertVerifiedUser()).user,
      (await insertVerifiedUser()).user,
      (await insertVerifiedUser()).user,
    ];
    await follows(ada.id, bob.id);
    await follows(ada.id, carol.id);
    await follows(bob.id, ada.id);
    await sendMessage(deps, { senderId: bob.id, recipientUsername: ada.username, text: 'one' });
    await sendMessage(deps, { senderId: carol.id, recipientUsername: ada.username, text: 'two' });
    const last = await sendMessage(deps, {
      senderId: bob.id,
      recipientUsername: ada.username,
      text: 'three',
    });

    const list = await listConversations(deps, { callerId: ada.id, limit: 20 });
    expect(list.items.map((item) => [item.user.username, item.unreadCount, item.lastMessage.text])).toEqual([
      [bob.username, 2, 'three'],
      [carol.username, 1, 'two'],
    ]);
    const bobsList = await listConversations(deps, { callerId: bob.id, limit: 20 });
    expect(bobsList.items.map((item) => [item.user.username, item.unreadCount])).toEqual([[ada.username, 0]]);

    const page = await readConversation(deps, { callerId: ada.id, username: bob.username, limit: 1 });
    expect(page.items.map((message) => message.id)).toEqual([last.id]);
    const older = await readConversation(deps, {
      callerId: ada.id,
      username: bob.username,
      limit: 1,
      cursor: page.nextCursor ?? undefined,
    });
    expect(older.items.map((message) => message.text)).toEqual(['one']);
    const after = await listConversations(deps, { callerId: ada.id, limit: 20 });
    expect(after.items.map((item) => item.unreadCount)).toEqual([0, 1]);

    // A cursor of one conversation is refused by another list.
    await expect(
      readConversation(deps, {
        callerId: ada.id,
        username: carol.username,
        limit: 1,
        cursor: page.nextCursor ?? undefined,
      }),
    ).rejects.toMatchObject({ code: 'invalid_cursor' });
    await expect(
      listConversations(deps, { callerId: ada.id, limit: 1, cursor: page.nextCursor ?? undefined }),
    ).rejects.toMatchObject({ code: 'invalid_cursor' });
  });

  it('changes nothing when the same message is sent again (a redelivered SMS)', async () => {
    const [ada, bob] = [(await insertVerifiedUser()).user, (await insertVerifiedUser()).user];
    await follows(bob.id, ada.id);
    const at = new Date();
    const once = { ...deps, clock: { now: () => at }, ids: seededIds('sms-1') };
    const first = await sendMessage(once, {
      senderId: ada.id,
      recipientUsername: bob.username,
      text: 'once',
    });
    const again = await sendMessage(once, {
      senderId: ada.id,
      recipientUsername: bob.username,
      text: 'once',
    });
    expect(again.id).toBe(first.id);
    expect(await storedMessages(ada.id, bob.id)).toHaveLength(1);
    expect((await messageStore.view(bob.id, ada.id))?.unreadCount).toBe(1);
  });
});

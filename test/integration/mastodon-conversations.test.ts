/**
 * Mastodon's conversations on DynamoDB Local: the range Query of a user's conversations by last message id
 * (`max_id`, `since_id`, `min_id`; newest first, `min_id` too), GET /api/v1/conversations through the real
 * handler with its Link header, and a message never readable as a status, by anyone.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { postDeps } from '#functions/mastodon/reads-deps';
import { handler } from '#functions/mastodon/statuses';
import { followStore } from '#shared/db/follow-repository';
import { pageConversationViewsById } from '#shared/db/message-repository';
import { type DirectMessage, sendMessage } from '#shared/domain/messages';
import { createPost } from '#shared/domain/post';
import { makeApiEvent, makeLambdaContext } from '#test/factories/api-gateway-event';
import { uncountedMessageDeps } from '#test/factories/messages';
import { insertVerifiedUser, type TestUser } from '#test/factories/users';

const deps = uncountedMessageDeps;

/** A reader with four conversations, each started by a counterpart the reader follows, oldest first. */
async function readerWithConversations() {
  const reader = await insertVerifiedUser();
  const senders: TestUser[] = [];
  const messages: DirectMessage[] = [];
  for (let index = 0; index < 4; index++) {
    const sender = await insertVerifiedUser();
    await followStore.follow({
      followerId: reader.user.id,
      followeeId: sender.user.id,
      createdAt: new Date().toISOString(),
    });
    messages.push(
      await sendMessage(deps, {
        senderId: sender.user.id,
        recipientUsername: reader.user.username,
        text: `message ${index}`,
      }),
    );
    senders.push(sender);
  }
  return { reader, senders, messages };
}

/** A request to the statuses function, as API Gateway routes it (route key and path parameters). */
async function call(
  authorization: string | undefined,
  route: { routeKey: string; rawPath: string; rawQueryString?: string; id?: string },
) {
  const event = makeApiEvent({
    routeKey: route.routeKey,
    rawPath: route.rawPath,
    rawQueryString: route.rawQueryString ?? '',
    headers: { host: 'api.skylark.test', ...(authorization ? { authorization } : {}) },
    ...(route.id ? { pathParameters: { id: route.id } } : {}),
  });
  const result = (await handler(event, makeLambdaContext())) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, link: result.headers?.link, text: result.body ?? '' };
}

async function get(authorization: string, rawQueryString: string) {
  const response = await call(authorization, {
    routeKey: 'GET /api/v1/conversations',
    rawPath: '/api/v1/conversations',
    rawQueryString,
  });
  return {
    ...response,
    body: JSON.parse(response.text || 'null') as { id: string; last_status: { id: string } }[],
  };
}

/** The query string of one Link header relation. */
function linkQuery(link: string | number | boolean | undefined, rel: 'next' | 'prev'): string {
  const match = new RegExp(`<[^>?]*\\?([^>]*)>; rel="${rel}"`).exec(String(link));
  if (!match?.[1]) throw new Error(`no rel="${rel}" in ${String(link)}`);
  return match[1];
}

describe('conversations by last message id', () => {
  let world: Awaited<ReturnType<typeof readerWithConversations>>;
  const ids = (views: { lastMessage: { id: string } }[]) => views.map((view) => view.lastMessage.id);
  /** The message ids oldest first: m(0) … m(3). */
  const m = (index: number) => world.messages[index]?.id ?? '';

  beforeAll(async () => {
    world = await readerWithConversations();
  });

  it('reads the most recently active first, and older than max_id', async () => {
    const owner = world.reader.user.id;
    expect(ids(await pageConversationViewsById(owner, { limit: 2 }))).toEqual([m(3), m(2)]);
    expect(ids(await pageConversationViewsById(owner, { limit: 20, maxId: m(2) }))).toEqual([m(1), m(0)]);
  });

  it('reads newer than since_id from the newest, and right after min_id, newest first either way', async () => {
    const owner = world.reader.user.id;
    expect(ids(await pageConversationViewsById(owner, { limit: 2, sinceId: m(0) }))).toEqual([m(3), m(2)]);
    expect(ids(await pageConversationViewsById(owner, { limit: 2, minId: m(0) }))).toEqual([m(2), m(1)]);
    expect(ids(await pageConversationViewsById(owner, { limit: 20, minId: m(0), maxId: m(3) }))).toEqual([
      m(2),
      m(1),
    ]);
    expect(await pageConversationViewsById(owner, { limit: 20, sinceId: m(3) })).toEqual([]);
  });

  it('reads only the owner’s conversations', async () => {
    const [first] = world.senders;
    expect(ids(await pageConversationViewsById(first?.user.id ?? '', { limit: 20 }))).toEqual([m(0)]);
  });
});

describe('GET /api/v1/conversations paging', () => {
  it('pages with the Link header by last status id, and a conversation that becomes active moves to the top', async () => {
    const { reader, senders, messages } = await readerWithConversations();
    const senderIds = senders.map((sender) => sender.user.id);
    const first = await get(reader.authorization, 'limit=2');
    expect(first.status).toBe(200);
    expect(first.body.map((conversation) => conversation.id)).toEqual([senderIds[3], senderIds[2]]);
    expect(linkQuery(first.link, 'next')).toBe(`limit=2&max_id=${messages[2]?.id}`);
    expect(linkQuery(first.link, 'prev')).toBe(`limit=2&min_id=${messages[3]?.id}`);

    const next = await get(reader.authorization, linkQuery(first.link, 'next'));
    expect(next.body.map((conversation) => conversation.id)).toEqual([senderIds[1], senderIds[0]]);
    const last = await get(reader.authorization, linkQuery(next.link, 'next'));
    expect(last).toMatchObject({ status: 200, body: [] });
    expect(last.link).toBeUndefined();

    const oldest = senders[0];
    if (!oldest) throw new Error('no sender');
    const again = await sendMessage(deps, {
      senderId: oldest.user.id,
      recipientUsername: reader.user.username,
      text: 'back again',
    });
    const newer = await get(reader.authorization, linkQuery(first.link, 'prev'));
    expect(newer.body.map((conversation) => [conversation.id, conversation.last_status.id])).toEqual([
      [oldest.user.id, again.id],
    ]);
    // The older pages no longer hold it: it moved to the top.
    const older = await get(reader.authorization, `max_id=${messages[2]?.id}`);
    expect(older.body.map((conversation) => conversation.id)).toEqual([senderIds[1]]);
  });

  it('answers 422 for paging ids that are not ULIDs', async () => {
    const reader = await insertVerifiedUser();
    for (const query of ['max_id=1', 'since_id=abc', `min_id=${'Z'.repeat(27)}`]) {
      const response = await get(reader.authorization, query);
      expect(response.status, query).toBe(422);
    }
  });
});

describe('a direct message is not a status', () => {
  const getStatus = (authorization: string | undefined, id: string, suffix = '') =>
    call(authorization, {
      routeKey: `GET /api/v1/statuses/{id}${suffix}`,
      rawPath: `/api/v1/statuses/${id}${suffix}`,
      id,
    });

  it('answers GET /api/v1/statuses/:id (and its context) of a message with 404 Record not found, for its sender and recipient too', async () => {
    const [sender, recipient, stranger] = [
      await insertVerifiedUser(),
      await insertVerifiedUser(),
      await insertVerifiedUser(),
    ];
    await followStore.follow({
      followerId: recipient.user.id,
      followeeId: sender.user.id,
      createdAt: new Date().toISOString(),
    });
    const secret = 'the secret is under the third stone';
    const message = await sendMessage(deps, {
      senderId: sender.user.id,
      recipientUsername: recipient.user.username,
      text: `@${recipient.user.username} ${secret}`,
    });
    // The route itself answers statuses: the sender's post with the same words is readable.
    const post = await createPost(postDeps, { authorId: sender.user.id, text: secret });
    const readable = await getStatus(sender.authorization, post.id);
    expect(readable.status).toBe(200);
    expect(readable.text).toContain(secret);

    for (const reader of [sender.authorization, recipient.authorization, stranger.authorization, undefined]) {
      for (const suffix of ['', '/context']) {
        const response = await getStatus(reader, message.id, suffix);
        expect({ suffix, status: response.status, body: JSON.parse(response.text) }).toEqual({
          suffix,
          status: 404,
          body: { error: 'Record not found' },
        });
        expect(response.text).not.toContain('secret');
      }
    }
  });
});

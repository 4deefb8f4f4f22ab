/**
 * The inbound SMS function through its real handler, against DynamoDB Local, with events built from the committed
 * fixture of the two-way SMS format; SNS (the replies) is mocked at the SDK edge.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '#functions/sms/inbound-sms';
import { db, tableName } from '#shared/db/client';
import { followStore } from '#shared/db/follow-repository';
import { ItemType, keys } from '#shared/db/keys';
import { phoneStore } from '#shared/db/phone-repository';
import { pagePostsByAuthor } from '#shared/db/post-repository';
import { smsPreferenceStore } from '#shared/db/sms-repository';
import { OPT_OUT_KEYWORDS } from '#shared/domain/sms/commands';
import {
  FIXTURE_TOPIC_ARN,
  fixtureEvent,
  lambdaContext,
  randomPhoneNumber,
  twoWaySmsEvent,
} from '#test/factories/sms-events';
import { linkVerifiedPhone } from '#test/factories/sms-phones';
import { insertVerifiedUser } from '#test/factories/users';

vi.hoisted(() => {
  process.env.SMS_INBOUND_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:skylark-prod-InboundSmsTopic';
  // Every test texts from its own numbers, so the per-number limits stay at their defaults.
});

const sns = mockClient(SNSClient);
beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});
afterAll(() => sns.restore());

const receive = (overrides: Parameters<typeof twoWaySmsEvent>[0]) =>
  handler(twoWaySmsEvent(overrides), lambdaContext);

function repliesTo(phoneNumber: string): string[] {
  return sns
    .commandCalls(PublishCommand)
    .filter((call) => call.args[0].input.PhoneNumber === phoneNumber)
    .map((call) => call.args[0].input.Message ?? '');
}

async function postsOf(userId: string) {
  return (await pagePostsByAuthor(userId, { limit: 100 })).items;
}

async function userWithPhone(username?: string) {
  const user = await insertVerifiedUser(username ? { username } : {});
  const phoneNumber = await linkVerifiedPhone(user.user.id);
  return { ...user, phoneNumber };
}

/** Every item about a number: its partition and anything naming it. */
async function itemsAboutNumber(phoneNumber: string) {
  const { Items } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.phonePartition(phoneNumber).PK },
    }),
  );
  return Items ?? [];
}

/**
 * Leaves the event's message marked as taken by another attempt whose lease ends `leaseSeconds` from now (past:
 * an attempt that died), as the ledger would; returns the message id.
 */
async function markProcessing(event: ReturnType<typeof twoWaySmsEvent>, leaseSeconds: number) {
  const inboundMessageId: string = JSON.parse(event.Records[0]?.Sns.Message ?? '{}').inboundMessageId;
  const nowSeconds = Math.floor(Date.now() / 1000);
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.inboundSms(inboundMessageId),
        type: ItemType.InboundSms,
        state: 'processing',
        leaseUntil: nowSeconds + leaseSeconds,
        expiresAt: nowSeconds + 3600,
      },
    }),
  );
  return inboundMessageId;
}

describe('the committed fixture', () => {
  it('is an SNS notification carrying the documented two-way SMS fields', () => {
    const record = fixtureEvent().Records[0];
    expect(record?.Sns.TopicArn).toBe(FIXTURE_TOPIC_ARN);
    expect(Object.keys(JSON.parse(record?.Sns.Message ?? '{}'))).toEqual([
      'originationNumber',
      'destinationNumber',
      'messageKeyword',
      'messageBody',
      'inboundMessageId',
      'previousPublishedMessageId',
    ]);
  });
});

describe('posting by SMS', () => {
  it('posts the text of a verified number as its owner and confirms by SMS', async () => {
    const alice = await userWithPhone();
    await receive({ from: alice.phoneNumber, body: 'hello from my phone' });
    expect((await postsOf(alice.user.id)).map((post) => post.text)).toEqual(['hello from my phone']);
    expect(repliesTo(alice.phoneNumber)).toEqual(['Posted.']);
  });

  it('changes nothing when the same inboundMessageId is delivered twice', async () => {
    const alice = await userWithPhone();
    const event = twoWaySmsEvent({ from: alice.phoneNumber, body: 'only once' });
    await handler(event, lambdaContext);
    await handler(structuredClone(event), lambdaContext);
    expect(await postsOf(alice.user.id)).toHaveLength(1);
    expect(repliesTo(alice.phoneNumber)).toHaveLength(1);
  });

  it('redoes a message whose attempt died mid-way (its lease lapsed) without posting it twice', async () => {
    const alice = await userWithPhone();
    const event = twoWaySmsEvent({ from: alice.phoneNumber, body: 'survives a crash' });
    await handler(event, lambdaContext);
    // The first attempt posted, then "crashed" before recording the message as handled: its lease has lapsed.
    const inboundMessageId = await markProcessing(event, -1);
    await handler(structuredClone(event), lambdaContext);
    expect((await postsOf(alice.user.id)).map((post) => post.text)).toEqual(['survives a crash']);
    expect(
      (await db().send(new GetCommand({ TableName: tableName(), Key: keys.inboundSms(inboundMessageId) })))
        .Item,
    ).toMatchObject({ state: 'done' });
  });

  it('leaves a message alone while another attempt holds its lease', async () => {
    const alice = await userWithPhone();
    const event = twoWaySmsEvent({ from: alice.phoneNumber, body: 'in flight' });
    await markProcessing(event, 60);
    await handler(event, lambdaContext);
    expect(await postsOf(alice.user.id)).toEqual([]);
  });

  it('does not post a 141-character text and says how long it was', async () => {
    const alice = await userWithPhone();
    await receive({ from: alice.phoneNumber, body: 'a'.repeat(141) });
    expect(await postsOf(alice.user.id)).toEqual([]);
    expect(repliesTo(alice.phoneNumber)).toEqual([
      'Not posted: your text is 141 characters, a post has at most 140. Shorten it and send again.',
    ]);
  });

  it('posts a UCS-2 message (emoji, accents, CJK) exactly as sent', async () => {
    const alice = await userWithPhone();
    const text = 'Café ☕ à 8h, 你好 👋🏽';
    await receive({ from: alice.phoneNumber, body: text });
    expect((await postsOf(alice.user.id))[0]?.text).toBe(text);
  });

  it('posts "@user text" as a reply to their latest post', async () => {
    const bob = await userWithPhone();
    await receive({ from: bob.phoneNumber, body: 'my first post' });
    const [bobsPost] = await postsOf(bob.user.id);
    const alice = await userWithPhone();
    await receive({ from: alice.phoneNumber, body: `@${bob.user.username} welcome!` });
    const [reply] = await postsOf(alice.user.id);
    expect(reply).toMatchObject({ text: `@${bob.user.username} welcome!`, replyTo: bobsPost?.id });
    expect(reply?.entities.mentions).toEqual([expect.objectContaining({ userId: bob.user.id })]);
  });
});

describe('numbers without a verified account', () => {
  it('answers an unknown number once a day, posts nothing and stores nothing about it', async () => {
    const stranger = randomPhoneNumber();
    await receive({ from: stranger, body: 'hello?' });
    await receive({ from: stranger, body: 'anyone?' });
    const replies = repliesTo(stranger);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('not linked to an account');
    expect(await itemsAboutNumber(stranger)).toEqual([]);
  });

  it('treats a number with a pending, unverified code as unknown', async () => {
    const { user } = await insertVerifiedUser();
    const pending = randomPhoneNumber();
    await phoneStore.savePendingCode(user.id, {
      phoneNumber: pending,
      codeHash: 'x',
      expiresAt: Math.floor(Date.now() / 1000) + 600,
      attempts: 0,
    });
    await receive({ from: pending, body: 'post this' });
    expect(await postsOf(user.id)).toEqual([]);
    expect(repliesTo(pending)).toEqual([expect.stringContaining('not linked')]);
    expect(await itemsAboutNumber(pending)).toEqual([]);
  });
});

describe('opting out', () => {
  it.each(OPT_OUT_KEYWORDS)('%s is never posted and silences every SMS until START', async (keyword) => {
    const alice = await userWithPhone();
    await receive({ from: alice.phoneNumber, body: keyword.toLowerCase() });
    expect(await postsOf(alice.user.id)).toEqual([]);
    expect(repliesTo(alice.phoneNumber)).toEqual([expect.stringContaining('no more SMS')]);
    expect((await phoneStore.numberState(alice.phoneNumber)).optedOut).toBe(true);

    await receive({ from: alice.phoneNumber, body: 'HELP' });
    await receive({ from: alice.phoneNumber, body: 'still posting quietly' });
    expect(repliesTo(alice.phoneNumber)).toHaveLength(1);
    expect(await postsOf(alice.user.id)).toHaveLength(1);

    await receive({ from: alice.phoneNumber, body: 'START' });
    expect((await phoneStore.numberState(alice.phoneNumber)).optedOut).toBe(false);
    expect(repliesTo(alice.phoneNumber).at(-1)).toContain('back on');
  });

  it('records the opt-out of a number no account owns, so no code or help goes to it', async () => {
    const stranger = randomPhoneNumber();
    await receive({ from: stranger, body: 'STOP' });
    await receive({ from: stranger, body: 'hello?' });
    expect(repliesTo(stranger)).toEqual([expect.stringContaining('no more SMS')]);
    expect((await phoneStore.numberState(stranger)).optedOut).toBe(true);
  });
});

describe('commands', () => {
  it('FOLLOW, GET, WHOIS, STATS, ON/OFF user and UNFOLLOW', async () => {
    const bob = await userWithPhone();
    await receive({ from: bob.phoneNumber, body: 'bob was here' });
    const alice = await userWithPhone();
    const { username } = bob.user;

    await receive({ from: alice.phoneNumber, body: `  Follow ${username.toUpperCase()} ` });
    expect(repliesTo(alice.phoneNumber).at(-1)).toBe(
      `You follow @${username} and get their posts by SMS. OFF ${username} to stop the SMS.`,
    );
    expect((await followStore.pageFollowing(alice.user.id, { limit: 10 })).items.map((u) => u.id)).toEqual([
      bob.user.id,
    ]);
    expect(await smsPreferenceStore.preference(alice.user.id, bob.user.id)).toMatchObject({ enabled: true });

    await receive({ from: alice.phoneNumber, body: `get ${username}` });
    expect(repliesTo(alice.phoneNumber).at(-1)).toBe(`@${username}: bob was here`);

    await receive({ from: alice.phoneNumber, body: `WHOIS ${username}` });
    expect(repliesTo(alice.phoneNumber).at(-1)).toBe(`Test ${bob.user.lastName} (@${username})`);

    await receive({ from: alice.phoneNumber, body: 'stats' });
    expect(repliesTo(alice.phoneNumber).at(-1)).toBe(
      'You have 0 followers, follow 1 and have posted 0 times.',
    );

    await receive({ from: alice.phoneNumber, body: `off ${username}` });
    expect(await smsPreferenceStore.preference(alice.user.id, bob.user.id)).toMatchObject({ enabled: false });

    await receive({ from: alice.phoneNumber, body: `leave ${username}` });
    expect(repliesTo(alice.phoneNumber).at(-1)).toBe(`You no longer follow @${username}.`);
    expect((await followStore.pageFollowing(alice.user.id, { limit: 10 })).items).toEqual([]);
  });

  it('answers a command naming nobody, and refuses following oneself', async () => {
    const alice = await userWithPhone();
    await receive({ from: alice.phoneNumber, body: 'follow nobody_here_123' });
    expect(repliesTo(alice.phoneNumber).at(-1)).toBe('No user named @nobody_here_123.');
    await receive({ from: alice.phoneNumber, body: `f ${alice.user.username}` });
    expect(repliesTo(alice.phoneNumber).at(-1)).toBe('You cannot follow yourself.');
  });

  it('ON turns SMS on for everyone followed, OFF turns them all off', async () => {
    const alice = await userWithPhone();
    const [bob, carol] = [await insertVerifiedUser(), await insertVerifiedUser()];
    const at = new Date().toISOString();
    await followStore.follow({ followerId: alice.user.id, followeeId: bob.user.id, createdAt: at });
    await followStore.follow({ followerId: alice.user.id, followeeId: carol.user.id, createdAt: at });

    await receive({ from: alice.phoneNumber, body: 'ON' });
    const subscribers = async (authorId: string) => {
      const ids: string[] = [];
      for await (const page of smsPreferenceStore.subscriberPages(authorId)) ids.push(...page);
      return ids;
    };
    expect(await subscribers(bob.user.id)).toEqual([alice.user.id]);
    expect(await subscribers(carol.user.id)).toEqual([alice.user.id]);
    expect((await phoneStore.settings(alice.user.id)).notifyAll).toBe(true);

    await receive({ from: alice.phoneNumber, body: 'off' });
    expect(await subscribers(bob.user.id)).toEqual([]);
    expect((await phoneStore.settings(alice.user.id)).notifyAll).toBe(false);
  });

  it('answers HELP with every command in one SMS', async () => {
    const alice = await userWithPhone();
    await receive({ from: alice.phoneNumber, body: 'help' });
    expect(repliesTo(alice.phoneNumber)).toEqual([expect.stringContaining('FOLLOW/UNFOLLOW user')]);
  });
});

describe('events that are not ours', () => {
  it('drops a message whose JSON is malformed: logged, never a post', async () => {
    const alice = await userWithPhone();
    await expect(
      handler(
        twoWaySmsEvent({ rawMessage: `{"originationNumber":"${alice.phoneNumber}","messageBody":` }),
        lambdaContext,
      ),
    ).resolves.toBeUndefined();
    await handler(
      twoWaySmsEvent({
        rawMessage: JSON.stringify({ originationNumber: alice.phoneNumber, messageBody: 'x' }),
      }),
      lambdaContext,
    );
    expect(await postsOf(alice.user.id)).toEqual([]);
    expect(sns.commandCalls(PublishCommand)).toEqual([]);
  });

  it('rejects a message from another topic', async () => {
    const alice = await userWithPhone();
    await receive({
      from: alice.phoneNumber,
      body: 'sneaky',
      topicArn: 'arn:aws:sns:us-east-1:999999999999:someone-elses-topic',
    });
    expect(await postsOf(alice.user.id)).toEqual([]);
    expect(sns.commandCalls(PublishCommand)).toEqual([]);
  });

  it('drops an event that is not an SNS event at all', async () => {
    await expect(handler({ hello: 'world' }, lambdaContext)).resolves.toBeUndefined();
  });
});

describe('when a reply cannot be sent', () => {
  it('keeps the post and does not post again on redelivery', async () => {
    const alice = await userWithPhone();
    sns.on(PublishCommand).rejects(new Error('Throttling'));
    const event = twoWaySmsEvent({ from: alice.phoneNumber, body: 'posted despite SNS' });
    await handler(event, lambdaContext);
    await handler(event, lambdaContext);
    expect(await postsOf(alice.user.id)).toHaveLength(1);
  });
});

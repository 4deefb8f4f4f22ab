import { describe, expect, it, vi } from 'vitest';
import { memoryFailureDestination, type StreamFailure } from '#local/failure-destination';
import { type LocalRouteDeps, localRoutes } from '#local/local-routes';
import { silentLogger } from '#local/log';
import type { StreamConsumer, TopicSubscriber } from '#shared/catalog';

const subscriber: TopicSubscriber = { name: 'InboundSms', entry: 'x.ts', uses: [], topic: 'inbound-sms' };

function deps(overrides: Partial<LocalRouteDeps> = {}): LocalRouteDeps {
  return {
    mail: { list: async () => [] },
    sms: { list: () => [] },
    topicSubscribers: [subscriber],
    streamConsumers: [],
    failures: memoryFailureDestination(),
    invoke: vi.fn(async () => undefined),
    region: 'us-east-1',
    table: { endpoint: 'http://127.0.0.1:8000', tableName: 'skylark' },
    logger: silentLogger,
    ...overrides,
  };
}

function inbound(routeDeps: LocalRouteDeps, body: unknown) {
  const route = localRoutes(routeDeps).find((each) => each.path === '/_local/sms/inbound');
  if (!route) throw new Error('no inbound route');
  return route.handle({ query: new URLSearchParams(), body: Buffer.from(JSON.stringify(body)) });
}

describe('POST /_local/sms/inbound', () => {
  it('answers 501 while no function subscribes to inbound SMS', async () => {
    expect(await inbound(deps({ topicSubscribers: [] }), { from: '+15555550123', body: 'hi' })).toEqual({
      statusCode: 501,
      body: { error: { code: 'not_implemented', message: 'Inbound SMS is not available yet' } },
    });
  });

  it('invokes every inbound-sms subscriber with the SNS event', async () => {
    const routeDeps = deps();
    const reply = await inbound(routeDeps, { from: '+15555550123', body: 'hi' });
    expect(reply).toMatchObject({ statusCode: 202, body: { deliveredTo: ['InboundSms'] } });
    expect(routeDeps.invoke).toHaveBeenCalledWith(
      subscriber,
      expect.objectContaining({ Records: [expect.objectContaining({ EventSource: 'aws:sns' })] }),
    );
  });

  it('names the last message sent to the number as previousPublishedMessageId', async () => {
    const sent = { messageId: 'm-7', to: '+15555550123', message: 'code', attributes: {}, at: '' };
    const routeDeps = deps({ sms: { list: () => [sent] } });
    await inbound(routeDeps, { from: '+15555550123', body: 'hi' });
    const event = vi.mocked(routeDeps.invoke).mock.calls[0]?.[1] as {
      Records: { Sns: { Message: string } }[];
    };
    expect(JSON.parse(event.Records[0]?.Sns.Message ?? '{}').previousPublishedMessageId).toBe('m-7');
  });

  it('rejects a sender that is not an E.164 number', async () => {
    const reply = await inbound(deps(), { from: '0123', body: 'hi' });
    expect(reply).toMatchObject({ statusCode: 400, body: { error: { code: 'validation_failed' } } });
  });

  it('reports a subscriber that failed', async () => {
    const reply = await inbound(deps({ invoke: async () => Promise.reject(new Error('boom')) }), {
      from: '+15555550123',
      body: 'hi',
    });
    expect(reply).toMatchObject({ statusCode: 500, body: { error: { code: 'subscriber_failed' } } });
  });
});

describe('POST /_local/stream-failures/replay', () => {
  const consumer: StreamConsumer = {
    name: 'TableReactions',
    entry: 'x.ts',
    uses: [],
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    retryAttempts: 1,
    maxRecordAgeSeconds: 60,
    bisectOnError: true,
    filters: [],
  };
  const record = {
    eventID: '1',
    eventName: 'INSERT',
    dynamodb: { Keys: { PK: { S: 'P' }, SK: { S: 'poison' } } },
  };
  const failure = {
    requestContext: {
      requestId: 'r',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:TableReactions',
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 2,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST' },
    version: '1.0',
    timestamp: new Date().toISOString(),
    DDBStreamBatchInfo: {
      shardId: 's',
      startSequenceNumber: '1',
      endSequenceNumber: '1',
      approximateArrivalOfFirstRecord: '',
      approximateArrivalOfLastRecord: '',
      batchSize: 1,
      streamArn: 'arn',
    },
    payload: JSON.stringify({ Records: [record] }),
    local: { functionName: 'TableReactions', records: [] },
  } as unknown as StreamFailure;

  async function replay(routeDeps: LocalRouteDeps) {
    const route = localRoutes(routeDeps).find((each) => each.path === '/_local/stream-failures/replay');
    if (!route) throw new Error('no replay route');
    return route.handle({ query: new URLSearchParams(), body: Buffer.from('{}') });
  }

  it('hands a failed batch back to its consumer and forgets it once processed', async () => {
    const failures = memoryFailureDestination();
    await failures.send(failure);
    const invoke = vi.fn(async () => ({ batchItemFailures: [] }));
    const reply = await replay(deps({ streamConsumers: [consumer], failures, invoke }));
    expect(invoke).toHaveBeenCalledWith(consumer, { Records: [record] });
    expect(reply.body).toEqual({
      items: [{ functionName: 'TableReactions', records: 1, replayed: true }],
      remaining: 0,
    });
    expect(await failures.waiting()).toEqual([]);
  });

  it('keeps a batch that fails again', async () => {
    const failures = memoryFailureDestination();
    await failures.send(failure);
    const invoke = vi.fn(async () => ({ batchItemFailures: [{ itemIdentifier: '1' }] }));
    const reply = await replay(deps({ streamConsumers: [consumer], failures, invoke }));
    expect(reply.body).toMatchObject({
      remaining: 1,
      items: [{ replayed: false, error: 'records failed again' }],
    });
    expect(await failures.waiting()).toHaveLength(1);
  });
});

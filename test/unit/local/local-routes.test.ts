import { describe, expect, it, vi } from 'vitest';
import { type LocalRouteDeps, localRoutes } from '#local/local-routes';
import { silentLogger } from '#local/log';
import type { TopicSubscriber } from '#shared/catalog';

const subscriber: TopicSubscriber = { name: 'InboundSms', entry: 'x.ts', uses: [], topic: 'inbound-sms' };

function deps(overrides: Partial<LocalRouteDeps> = {}): LocalRouteDeps {
  return {
    mail: { list: async () => [] },
    sms: { list: () => [] },
    topicSubscribers: [subscriber],
    invoke: vi.fn(async () => undefined),
    region: 'us-east-1',
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

import { describe, expect, it } from 'vitest';
import { buildInboundSmsEvent, inboundSmsTopicArn } from '#local/inbound-sms';

describe('buildInboundSmsEvent', () => {
  const now = new Date('2026-05-01T12:00:00.000Z');
  const event = buildInboundSmsEvent(
    { from: '+15555550123', body: 'follow ada' },
    { region: 'us-east-1', destinationNumber: '+15555550100', previousPublishedMessageId: 'm-1', now },
  );
  const record = event.Records[0];

  it('is one SNS notification from the inbound topic', () => {
    expect(event.Records).toHaveLength(1);
    expect(record).toMatchObject({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      Sns: {
        Type: 'Notification',
        TopicArn: inboundSmsTopicArn('us-east-1'),
        Subject: null,
        Timestamp: now.toISOString(),
      },
    });
    expect(record?.EventSubscriptionArn.startsWith(inboundSmsTopicArn('us-east-1'))).toBe(true);
  });

  it('carries the message End User Messaging publishes for a two-way SMS', () => {
    expect(JSON.parse(record?.Sns.Message ?? '')).toEqual({
      originationNumber: '+15555550123',
      destinationNumber: '+15555550100',
      // Not a keyword registered on the number: AWS reports KEYWORD_<accountId>.
      messageKeyword: 'KEYWORD_000000000000',
      messageBody: 'follow ada',
      inboundMessageId: expect.any(String),
      previousPublishedMessageId: 'm-1',
    });
  });

  it('reports a message that is exactly a registered keyword with that keyword', () => {
    const help = buildInboundSmsEvent(
      { from: '+15555550123', body: ' help ' },
      { region: 'us-east-1', destinationNumber: '+15555550100' },
    );
    expect(JSON.parse(help.Records[0]?.Sns.Message ?? '').messageKeyword).toBe('HELP');
  });

  it('leaves out previousPublishedMessageId when nothing was sent to the number', () => {
    const first = buildInboundSmsEvent(
      { from: '+15555550123', body: 'hi' },
      { region: 'us-east-1', destinationNumber: '+1555' },
    );
    expect(JSON.parse(first.Records[0]?.Sns.Message ?? '')).not.toHaveProperty('previousPublishedMessageId');
  });
});

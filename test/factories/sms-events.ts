/**
 * Inbound SMS events for tests, built from the committed fixture of the format AWS delivers
 * (test/fixtures/sns-two-way-sms.json: an SNS Lambda event whose Message is the documented two-way SMS JSON).
 */
import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';

const FIXTURE = new URL('../fixtures/sns-two-way-sms.json', import.meta.url);

interface FixtureEvent {
  Records: { Sns: { TopicArn: string; MessageId: string; Message: string } }[];
}

export function fixtureEvent(): FixtureEvent {
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as FixtureEvent;
}

/** The topic the fixture's record comes from. */
export const FIXTURE_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:skylark-prod-InboundSmsTopic';

export interface InboundSmsOverrides {
  from?: string;
  body?: string;
  inboundMessageId?: string;
  topicArn?: string;
  /** Replaces Sns.Message as is (to send malformed JSON). */
  rawMessage?: string;
}

/** The fixture with another sender, text, message id or topic. A fresh inboundMessageId unless given. */
export function twoWaySmsEvent(overrides: InboundSmsOverrides = {}): FixtureEvent {
  const event = fixtureEvent();
  const record = event.Records[0];
  if (!record) throw new Error('The fixture has no record');
  const message = JSON.parse(record.Sns.Message) as Record<string, string>;
  if (overrides.from !== undefined) message.originationNumber = overrides.from;
  if (overrides.body !== undefined) message.messageBody = overrides.body;
  message.inboundMessageId = overrides.inboundMessageId ?? randomUUID();
  record.Sns.MessageId = randomUUID();
  record.Sns.Message = overrides.rawMessage ?? JSON.stringify(message);
  if (overrides.topicArn !== undefined) record.Sns.TopicArn = overrides.topicArn;
  return event;
}

/** A random valid US number (San Francisco area code), distinct enough for tests to share a table. */
export function randomPhoneNumber(): string {
  return `+1415${randomInt(2, 10)}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
}

export const lambdaContext = {
  functionName: 'InboundSms',
  awsRequestId: 'test-request',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:InboundSms',
  memoryLimitInMB: '512',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

/**
 * An SMS arriving at the service's number, delivered as AWS does it: End User Messaging SMS publishes a JSON
 * message to the two-way SNS topic, and SNS invokes each subscribed function with an `SNSEvent`. Locally the
 * subscribers are invoked directly, once, and synchronously, so a test knows the message has been handled.
 */

import { randomUUID } from 'node:crypto';
import type { SNSEventRecord, SNSMessage } from 'aws-lambda';
import { OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS } from '#shared/domain/sms/commands';
import { LOCAL_ACCOUNT_ID } from './aws-clients';

export interface InboundSms {
  /** E.164 number of the sender. */
  from: string;
  body: string;
}

export interface InboundSmsSettings {
  region: string;
  /** The service's own number (the destination of inbound messages). */
  destinationNumber: string;
  /** The id of the last message we sent to this sender, which AWS includes when there is one. */
  previousPublishedMessageId?: string;
  now?: Date;
}

/** `SNSEvent`, except that SNS sends an explicit `"Subject": null` when the publisher set none. */
export interface InboundSmsEvent {
  Records: (Omit<SNSEventRecord, 'Sns'> & {
    Sns: Omit<SNSMessage, 'Subject'> & { Subject: string | null };
  })[];
}

export const LOCAL_SMS_NUMBER = '+15555550100';

export function inboundSmsTopicArn(region: string): string {
  return `arn:aws:sns:${region}:${LOCAL_ACCOUNT_ID}:skylark-local-inbound-sms`;
}

/** The message End User Messaging publishes for a two-way SMS. */
export function inboundSmsMessage(sms: InboundSms, settings: InboundSmsSettings): Record<string, string> {
  return {
    originationNumber: sms.from,
    destinationNumber: settings.destinationNumber,
    messageKeyword: messageKeyword(sms.body),
    messageBody: sms.body,
    inboundMessageId: randomUUID(),
    ...(settings.previousPublishedMessageId
      ? { previousPublishedMessageId: settings.previousPublishedMessageId }
      : {}),
  };
}

/**
 * The keywords End User Messaging registers on every number (HELP, and the opt-out and opt-in keywords it
 * handles itself). A message that is exactly one of them is reported with it as messageKeyword; any other
 * message carries `KEYWORD_<accountId>`, which is what AWS publishes when no registered keyword matched.
 */
const DEFAULT_KEYWORDS: ReadonlySet<string> = new Set(['HELP', ...OPT_OUT_KEYWORDS, ...OPT_IN_KEYWORDS]);

function messageKeyword(body: string): string {
  const word = body.trim().toUpperCase();
  return DEFAULT_KEYWORDS.has(word) ? word : `KEYWORD_${LOCAL_ACCOUNT_ID}`;
}

export function buildInboundSmsEvent(sms: InboundSms, settings: InboundSmsSettings): InboundSmsEvent {
  const topicArn = inboundSmsTopicArn(settings.region);
  const messageId = randomUUID();
  const subscriptionArn = `${topicArn}:${randomUUID()}`;
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: subscriptionArn,
        Sns: {
          Type: 'Notification',
          MessageId: messageId,
          TopicArn: topicArn,
          Subject: null,
          Message: JSON.stringify(inboundSmsMessage(sms, settings)),
          Timestamp: (settings.now ?? new Date()).toISOString(),
          SignatureVersion: '1',
          // Nothing signs local messages; subscribers do not verify signatures (Lambda delivery is trusted).
          Signature: Buffer.from('local-unsigned').toString('base64'),
          SigningCertUrl: `https://sns.${settings.region}.amazonaws.com/SimpleNotificationService-local.pem`,
          UnsubscribeUrl: `https://sns.${settings.region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
          MessageAttributes: {},
        },
      },
    ],
  };
}

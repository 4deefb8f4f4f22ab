/**
 * The inbound two-way SMS subscriber. SNS delivers one record per invocation (Lambda subscriptions are not
 * batched), but every record is handled. A record that is not ours or not well formed is logged and dropped:
 * retrying it could never succeed. Anything else that fails throws, so Lambda retries and then parks the event
 * in the failure queue; the message's idempotency mark makes retries safe.
 */
import type { Context } from 'aws-lambda';
import { receiveSms } from '#shared/domain/sms/inbound';
import { maskForLogs } from '#shared/domain/sms/phone-digits';
import { flushMetrics, logger, MetricUnit, metrics } from '#shared/observability';
import { SnsEvent, unwrapInboundSms } from '#shared/schemas/sms';
import { inboundDeps, inboundTopicArn } from './deps';

export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  try {
    const envelope = SnsEvent.safeParse(event);
    if (!envelope.success) {
      logger.error('Dropped an event that is not an SNS notification', {
        fields: envelope.error.issues.map((issue) => issue.path.join('.')),
      });
      metrics.addMetric('InboundSmsDropped', MetricUnit.Count, 1);
      return;
    }
    for (const record of envelope.data.Records) {
      const unwrapped = unwrapInboundSms(record, inboundTopicArn());
      if (!unwrapped.ok) {
        logger.warn('Dropped an inbound SMS record', {
          reason: unwrapped.reason,
          fields: unwrapped.fields,
          snsMessageId: record.Sns.MessageId,
        });
        metrics.addMetric('InboundSmsDropped', MetricUnit.Count, 1);
        continue;
      }
      const { sms } = unwrapped;
      const outcome = await receiveSms(inboundDeps, {
        inboundMessageId: sms.inboundMessageId,
        from: sms.originationNumber,
        body: sms.messageBody,
        receivedAt: receivedAt(record.Sns.Timestamp),
      });
      logger.info('Inbound SMS handled', {
        outcome,
        from: maskForLogs(sms.originationNumber),
        inboundMessageId: sms.inboundMessageId,
      });
      metrics.addMetric('InboundSms', MetricUnit.Count, 1);
    }
  } finally {
    flushMetrics();
  }
};

/** SNS's receipt time (the same on every delivery of a message); now if it is not a valid date. */
function receivedAt(timestamp: string): Date {
  const parsed = new Date(timestamp);
  return Number.isNaN(parsed.getTime()) ? new Date() : parsed;
}

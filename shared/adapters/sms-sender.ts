/**
 * Outgoing SMS through SNS Publish to a phone number (SNS hands it to AWS End User Messaging SMS). Locally the
 * endpoint points at the SMS capture of `npm start`. Every message is cut to one SMS here, whoever wrote it, and
 * sent as Transactional (routed for delivery, not price). Logs carry only a masked number, never the text.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { config } from '#shared/config';
import { maskForLogs } from '#shared/domain/sms/phone-digits';
import type { SendSms } from '#shared/domain/sms/ports';
import { fitToOneSms, smsEncoding } from '#shared/domain/sms/sms-encoding';
import { ServiceUnavailableError } from '#shared/errors';
import { logger, MetricUnit, metrics } from '#shared/observability';

let client: SNSClient | undefined;

function sns(): SNSClient {
  if (!client) {
    const { AWS_REGION, SNS_ENDPOINT } = config();
    client = new SNSClient({ region: AWS_REGION, ...(SNS_ENDPOINT ? { endpoint: SNS_ENDPOINT } : {}) });
  }
  return client;
}

function attribute(value: string) {
  return { DataType: 'String', StringValue: value };
}

export const sendSms: SendSms = async (to, text) => {
  const { SMS_ORIGINATION_NUMBER, SMS_SENDER_ID } = config();
  const message = fitToOneSms(text);
  try {
    await sns().send(
      new PublishCommand({
        PhoneNumber: to,
        Message: message,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': attribute('Transactional'),
          ...(SMS_ORIGINATION_NUMBER
            ? { 'AWS.MM.SMS.OriginationNumber': attribute(SMS_ORIGINATION_NUMBER) }
            : {}),
          ...(SMS_SENDER_ID ? { 'AWS.SNS.SMS.SenderID': attribute(SMS_SENDER_ID) } : {}),
        },
      }),
    );
    metrics.addMetric('SmsSent', MetricUnit.Count, 1);
    logger.debug('SMS sent', { to: maskForLogs(to), encoding: smsEncoding(message), length: message.length });
  } catch (error) {
    metrics.addMetric('SmsFailed', MetricUnit.Count, 1);
    logger.error('Sending SMS failed', { error: error as Error, to: maskForLogs(to) });
    throw new ServiceUnavailableError(
      'sms_unavailable',
      'The SMS could not be sent right now; try again shortly',
    );
  }
};

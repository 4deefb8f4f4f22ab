/**
 * The local mail and SMS captures, driven by the real AWS SDK clients the handlers use, so the wire protocols
 * (SES v2 REST-JSON, SNS awsQuery) are the real ones.
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { CreateTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '#local/aws-clients';
import { type MailCapture, startMailCapture } from '#local/mail-capture';
import { type SmsCapture, startSmsCapture } from '#local/sns-capture';

let sms: SmsCapture;
let mail: MailCapture;
let sns: SNSClient;
let ses: SESv2Client;

beforeAll(async () => {
  [sms, mail] = await Promise.all([startSmsCapture(), startMailCapture()]);
  sns = new SNSClient(localClientConfig(sms.endpoint));
  ses = new SESv2Client(localClientConfig(mail.endpoint));
});

afterAll(async () => {
  sns.destroy();
  ses.destroy();
  await Promise.all([sms.stop(), mail.stop()]);
});

describe('the SMS capture', () => {
  it('accepts Publish to a phone number and answers with a message id', async () => {
    const { MessageId } = await sns.send(
      new PublishCommand({
        PhoneNumber: '+15555550123',
        Message: 'Your code is 123456 <&>',
        MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
      }),
    );

    expect(MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sms.list({ to: '+15555550123' })[0]).toEqual({
      messageId: MessageId,
      to: '+15555550123',
      message: 'Your code is 123456 <&>',
      attributes: { 'AWS.SNS.SMS.SMSType': 'Transactional' },
      at: expect.any(String),
    });
  });

  it('lists the newest message first', async () => {
    await sns.send(new PublishCommand({ PhoneNumber: '+15555550199', Message: 'one' }));
    await sns.send(new PublishCommand({ PhoneNumber: '+15555550199', Message: 'two' }));
    expect(sms.list({ to: '+15555550199' }).map((each) => each.message)).toEqual(['two', 'one']);
  });

  it('rejects a number that is not E.164 with the error SNS gives', async () => {
    await expect(
      sns.send(new PublishCommand({ PhoneNumber: '555-0123', Message: 'x' })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('rejects publishing to a topic and every other action', async () => {
    await expect(
      sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:x', Message: 'x' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(sns.send(new CreateTopicCommand({ Name: 'x' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('the mail capture', () => {
  it('keeps what SES v2 SendEmail sends and lists it newest first', async () => {
    for (const subject of ['Verify your email', 'Reset your password']) {
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: 'no-reply@skylark.local',
          Destination: { ToAddresses: ['ada@example.org'] },
          Content: {
            Simple: {
              Subject: { Data: subject },
              Body: { Text: { Data: `${subject} (text)` }, Html: { Data: `<p>${subject}</p>` } },
            },
          },
        }),
      );
    }

    const mails = await mail.list({ to: 'ada@example.org' });
    expect(mails.map((each) => each.subject)).toEqual(['Reset your password', 'Verify your email']);
    expect(mails[0]).toMatchObject({
      from: 'no-reply@skylark.local',
      to: ['ada@example.org'],
      text: 'Reset your password (text)',
      html: '<p>Reset your password</p>',
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(await mail.list({ to: 'nobody@example.org' })).toEqual([]);
  });
});

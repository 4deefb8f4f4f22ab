/**
 * Outgoing mail through SES v2 (SendEmail, simple content with a text and an HTML part). Locally the endpoint
 * points at the mail capture of `npm start`.
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { config } from '#shared/config';
import type { MailMessage, SendMail } from '#shared/domain/accounts/ports';
import { ServiceUnavailableError } from '#shared/errors';
import { logger } from '#shared/observability';

export type { MailMessage, SendMail };

let client: SESv2Client | undefined;

function ses(): SESv2Client {
  if (!client) {
    const { AWS_REGION, SES_ENDPOINT } = config();
    client = new SESv2Client({ region: AWS_REGION, ...(SES_ENDPOINT ? { endpoint: SES_ENDPOINT } : {}) });
  }
  return client;
}

export const sendMail: SendMail = async (message) => {
  const { MAIL_FROM, SES_CONFIGURATION_SET } = config();
  try {
    await ses().send(
      new SendEmailCommand({
        FromEmailAddress: MAIL_FROM,
        Destination: { ToAddresses: [message.to] },
        ...(SES_CONFIGURATION_SET ? { ConfigurationSetName: SES_CONFIGURATION_SET } : {}),
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: message.text, Charset: 'UTF-8' },
              Html: { Data: message.html, Charset: 'UTF-8' },
            },
          },
        },
      }),
    );
  } catch (error) {
    // The address is personal data: log the failure, not the recipient.
    logger.error('Sending mail failed', { error: error as Error, subject: message.subject });
    throw new ServiceUnavailableError(
      'mail_unavailable',
      'Mail could not be sent right now; try again shortly',
    );
  }
};

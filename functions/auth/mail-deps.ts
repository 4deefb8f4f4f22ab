/** Wiring for the account use cases that mail a link (register, resend verification, forgot password): + SES. */
import { sendMail } from '#shared/adapters/mailer';
import type { MailingAccountDeps } from '#shared/domain/accounts/deps';
import { accountDepsWith } from './deps';

export const mailingAccountDeps: MailingAccountDeps = accountDepsWith({ sendMail });

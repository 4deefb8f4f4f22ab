/**
 * A direct message goes by SMS to its recipient when they have SMS notifications on (`ON`, or
 * `notifications: "on"`), under the same rules as post notifications (notifications.ts): a verified number
 * that has not opted out, outside quiet hours, within the daily cap, recorded before it is sent (at most once).
 */
import type { DirectMessage } from '../messages';
import { deliver, type SmsNotifierDeps } from './notifications';
import type { SmsSettings } from './settings';

/** The SMS text of a direct message: who, then what (cut to one SMS when sent; `D user text` answers). */
export function messageSmsText(message: Pick<DirectMessage, 'sender' | 'text'>): string {
  return `DM @${message.sender.username}: ${message.text}`;
}

/**
 * Texts a new message to its recipient if their settings allow. Safe to call again for the same message.
 * @returns whether an SMS was sent
 */
export async function notifyMessageBySms(
  deps: Pick<SmsNotifierDeps, 'phones' | 'deliveries' | 'sendSms' | 'clock'>,
  message: DirectMessage,
): Promise<boolean> {
  const [settings] = await deps.phones.settingsOf([message.recipient.id]);
  if (!settings?.notifyAll || !hasNumber(settings)) return false;
  const optedOut = await deps.phones.optedOutNumbers([settings.phoneNumber]);
  if (optedOut.has(settings.phoneNumber)) return false;
  return deliver(deps, settings, { id: message.id, text: messageSmsText(message) });
}

function hasNumber(settings: SmsSettings): settings is SmsSettings & { phoneNumber: string } {
  return settings.phoneNumber !== undefined;
}

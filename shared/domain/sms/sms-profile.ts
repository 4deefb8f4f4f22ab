/**
 * The SMS part of the owner's profile (`GET /v1/me`, `PATCH /v1/me/sms`): the phone's state, by its last digits
 * only, and the notification settings.
 */
import type { SmsSettingsInput } from '#shared/schemas/sms';
import type { Clock } from '../clock';
import { type NotificationSettingsDeps, setNotifyAll } from './notification-settings';
import { lastDigits } from './phone-digits';
import type { PhoneStore } from './ports';
import type { SmsSettings } from './settings';

export type PhoneView =
  | { status: 'verified'; lastDigits: string; verifiedAt: string; optedOut: boolean }
  | { status: 'pending'; lastDigits: string; expiresAt: string }
  | { status: 'none' };

export interface SmsProfileView {
  phone: PhoneView;
  sms: {
    notifications: 'on' | 'off';
    dailyCap: number;
    quietHours: SmsSettings['quietHours'];
    timeZone: string;
  };
}

export async function smsProfile(
  deps: { phones: PhoneStore; clock: Clock },
  userId: string,
): Promise<SmsProfileView> {
  const [settings, pending] = await Promise.all([
    deps.phones.settings(userId),
    deps.phones.pendingCode(userId),
  ]);
  return { phone: await phoneView(deps, settings, pending), sms: settingsView(settings) };
}

async function phoneView(
  deps: { phones: PhoneStore; clock: Clock },
  settings: SmsSettings,
  pending: Awaited<ReturnType<PhoneStore['pendingCode']>>,
): Promise<PhoneView> {
  const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
  if (pending && pending.expiresAt > nowSeconds) {
    return {
      status: 'pending',
      lastDigits: lastDigits(pending.phoneNumber),
      expiresAt: new Date(pending.expiresAt * 1000).toISOString(),
    };
  }
  if (!settings.phoneNumber) return { status: 'none' };
  const { optedOut } = await deps.phones.numberState(settings.phoneNumber);
  return {
    status: 'verified',
    lastDigits: lastDigits(settings.phoneNumber),
    verifiedAt: settings.phoneVerifiedAt ?? '',
    optedOut,
  };
}

function settingsView(settings: SmsSettings): SmsProfileView['sms'] {
  return {
    notifications: settings.notifyAll ? 'on' : 'off',
    dailyCap: settings.dailyCap,
    quietHours: settings.quietHours,
    timeZone: settings.timeZone,
  };
}

/** `PATCH /v1/me/sms`: notifications ON/OFF for everyone followed (as the SMS commands), cap, quiet hours. */
export async function updateSmsSettings(
  deps: NotificationSettingsDeps,
  userId: string,
  input: SmsSettingsInput,
): Promise<SmsProfileView['sms']> {
  if (input.notifications) await setNotifyAll(deps, userId, input.notifications === 'on');
  const { notifications: _, ...rest } = input;
  const settings = await deps.phones.updateSettings(userId, {
    ...(rest.dailyCap !== undefined ? { dailyCap: rest.dailyCap } : {}),
    ...(rest.quietHours !== undefined ? { quietHours: rest.quietHours } : {}),
    ...(rest.timeZone !== undefined ? { timeZone: rest.timeZone } : {}),
  });
  return settingsView(settings);
}

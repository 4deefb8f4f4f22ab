/**
 * A user's SMS settings: the linked number and how outbound notifications behave. Notifications go only to a
 * verified number that has not opted out, for authors the user turned on (ON user, FOLLOW by SMS, or ON for
 * everyone followed), never during the user's quiet hours and at most `dailyCap` a local day.
 */

export const SMS_NOTIFICATION_RULES = {
  defaultDailyCap: 10,
  maxDailyCap: 100,
  defaultTimeZone: 'UTC',
} as const;

/** Quiet hours as local wall-clock times `HH:MM`; `start > end` spans midnight (22:00–07:00). */
export interface QuietHours {
  start: string;
  end: string;
}

export interface SmsSettings {
  userId: string;
  /** E.164; present once verified. */
  phoneNumber?: string;
  phoneVerifiedAt?: string;
  /** ON: every author the user follows, now and later (except those turned OFF one by one). */
  notifyAll: boolean;
  dailyCap: number;
  quietHours: QuietHours | null;
  /** IANA time zone of quiet hours and of the daily cap's day. */
  timeZone: string;
}

export function defaultSmsSettings(userId: string): SmsSettings {
  return {
    userId,
    notifyAll: false,
    dailyCap: SMS_NOTIFICATION_RULES.defaultDailyCap,
    quietHours: null,
    timeZone: SMS_NOTIFICATION_RULES.defaultTimeZone,
  };
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock `HH:MM` and day `YYYY-MM-DD` of an instant in a time zone. */
export function localTime(now: Date, timeZone: string): { time: string; day: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return {
    time: `${part('hour')}:${part('minute')}`,
    day: `${part('year')}-${part('month')}-${part('day')}`,
  };
}

/** Whether `now` falls in the quiet hours (start inclusive, end exclusive; equal bounds mean never). */
export function isQuietTime(settings: Pick<SmsSettings, 'quietHours' | 'timeZone'>, now: Date): boolean {
  const { quietHours } = settings;
  if (!quietHours || quietHours.start === quietHours.end) return false;
  const { time } = localTime(now, settings.timeZone);
  return quietHours.start < quietHours.end
    ? time >= quietHours.start && time < quietHours.end
    : time >= quietHours.start || time < quietHours.end;
}

import { describe, expect, it } from 'vitest';
import { isQuietTime, localTime } from '#shared/domain/sms/settings';

describe('quiet hours', () => {
  const at = (iso: string) => new Date(iso);

  it('span midnight when the start is after the end, in the user’s time zone', () => {
    const settings = { quietHours: { start: '22:00', end: '07:00' }, timeZone: 'Europe/Paris' };
    expect(isQuietTime(settings, at('2026-01-15T21:30:00Z'))).toBe(true); // 22:30 in Paris
    expect(isQuietTime(settings, at('2026-01-15T05:59:00Z'))).toBe(true); // 06:59
    expect(isQuietTime(settings, at('2026-01-15T06:00:00Z'))).toBe(false); // 07:00
    expect(isQuietTime(settings, at('2026-01-15T12:00:00Z'))).toBe(false);
  });

  it('work within a day, and never apply when unset or empty', () => {
    const lunch = { quietHours: { start: '12:00', end: '14:00' }, timeZone: 'UTC' };
    expect(isQuietTime(lunch, at('2026-01-15T13:00:00Z'))).toBe(true);
    expect(isQuietTime(lunch, at('2026-01-15T14:00:00Z'))).toBe(false);
    expect(isQuietTime({ quietHours: null, timeZone: 'UTC' }, at('2026-01-15T13:00:00Z'))).toBe(false);
    expect(
      isQuietTime(
        { quietHours: { start: '09:00', end: '09:00' }, timeZone: 'UTC' },
        at('2026-01-15T09:00:00Z'),
      ),
    ).toBe(false);
  });

  it('count the daily cap’s day in the user’s time zone', () => {
    expect(localTime(at('2026-01-15T23:30:00Z'), 'Asia/Tokyo')).toEqual({ time: '08:30', day: '2026-01-16' });
  });
});

import { describe, expect, it } from 'vitest';
import { parseSmsNumber } from '#shared/domain/sms/phone-number';

describe('parseSmsNumber', () => {
  it('normalises a mobile number as typed to E.164', () => {
    expect(parseSmsNumber('+33 6 12 34 56 78')).toEqual({ ok: true, e164: '+33612345678' });
    expect(parseSmsNumber('+49 151 2345 6789')).toEqual({ ok: true, e164: '+4915123456789' });
    expect(parseSmsNumber('+1 (415) 555-2671')).toEqual({ ok: true, e164: '+14155552671' });
  });

  it('reads a national number in the default country, and refuses it without one', () => {
    expect(parseSmsNumber('06 12 34 56 78', 'FR')).toEqual({ ok: true, e164: '+33612345678' });
    expect(parseSmsNumber('06 12 34 56 78')).toEqual({ ok: false, problem: 'invalid_phone_number' });
  });

  it('refuses numbers that cannot receive SMS: fixed lines and toll-free', () => {
    expect(parseSmsNumber('+33 1 23 45 67 89')).toEqual({ ok: false, problem: 'phone_cannot_receive_sms' });
    expect(parseSmsNumber('+44 20 7946 0000')).toEqual({ ok: false, problem: 'phone_cannot_receive_sms' });
    expect(parseSmsNumber('+1 800 555 1234')).toEqual({ ok: false, problem: 'phone_cannot_receive_sms' });
  });

  it('refuses what is not a valid number', () => {
    for (const input of [
      '',
      'hello',
      '+1 555 555 0123',
      '+33 6 12',
      '+336123456789012',
      'call +33612345678',
    ]) {
      expect(parseSmsNumber(input)).toEqual({ ok: false, problem: 'invalid_phone_number' });
    }
  });
});

describe('parseSmsNumber with allowed countries', () => {
  it('accepts a number of an allowed country', () => {
    expect(parseSmsNumber('+1 (415) 555-2671', undefined, ['US', 'CA'])).toEqual({
      ok: true,
      e164: '+14155552671',
    });
  });

  it('refuses a valid mobile number of any other country', () => {
    expect(parseSmsNumber('+33 6 12 34 56 78', undefined, ['US', 'CA'])).toEqual({
      ok: false,
      problem: 'phone_country_not_allowed',
    });
  });
});

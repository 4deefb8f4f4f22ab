import { describe, expect, it } from 'vitest';
import { lastDigits, maskForLogs } from '#shared/domain/sms/phone-digits';

describe('what may be shown of a number', () => {
  it('is its last digits, and in logs a mask', () => {
    expect(lastDigits('+33612345678')).toBe('5678');
    expect(maskForLogs('+33612345678')).toBe('+33…78');
  });
});

import { describe, expect, it } from 'vitest';
import * as replies from '#shared/domain/sms/replies';
import { fitsOneSms, fitToOneSms, smsEncoding, smsLength } from '#shared/domain/sms/sms-encoding';

describe('smsEncoding and smsLength', () => {
  it('keeps GSM-7 text at one septet a character, 160 to an SMS', () => {
    expect(smsLength('Héllo @ñ £5 Δ')).toEqual({ encoding: 'GSM-7', units: 13, limit: 160 });
  });

  it('counts the extension table (€ [ ] { } ~ ^ | \\) as two septets', () => {
    expect(smsLength('€[]')).toEqual({ encoding: 'GSM-7', units: 6, limit: 160 });
  });

  it('switches a message with any other character to UCS-2, 70 UTF-16 units to an SMS', () => {
    expect(smsEncoding('Bonjour ç’est')).toBe('UCS-2');
    expect(smsLength('ok 😀')).toEqual({ encoding: 'UCS-2', units: 5, limit: 70 });
    expect(smsEncoding('你好')).toBe('UCS-2');
  });
});

describe('fitToOneSms', () => {
  it('leaves a message that fits alone', () => {
    const exact = 'a'.repeat(160);
    expect(fitToOneSms(exact)).toBe(exact);
  });

  it('cuts GSM-7 text to 160 septets ending in "..."', () => {
    const fitted = fitToOneSms('a'.repeat(200));
    expect(fitted).toBe(`${'a'.repeat(157)}...`);
    expect(smsLength(fitted).units).toBe(160);
  });

  it('counts extension characters while cutting', () => {
    const fitted = fitToOneSms('€'.repeat(100));
    expect(smsLength(fitted).units).toBeLessThanOrEqual(160);
    expect(fitted).toBe(`${'€'.repeat(78)}...`);
  });

  it('cuts UCS-2 text to 70 units ending in "…", never splitting an emoji or a flag', () => {
    const fitted = fitToOneSms('😀'.repeat(50));
    expect(fitted).toBe(`${'😀'.repeat(34)}…`);
    expect(fitted.length).toBe(69);
    const flags = fitToOneSms('🇫🇷'.repeat(30));
    expect(flags).toBe(`${'🇫🇷'.repeat(17)}…`);
  });

  it('keeps a combining accent with its letter', () => {
    const text = `${'e\u0301'.repeat(40)}`;
    const fitted = fitToOneSms(text);
    expect(fitsOneSms(fitted)).toBe(true);
    expect(fitted.endsWith('\u0301…')).toBe(true);
  });
});

describe('the texts Skylark sends', () => {
  it('each fit one GSM-7 SMS', () => {
    const texts = [
      replies.HELP_TEXT,
      replies.OPTED_OUT_TEXT,
      replies.OPTED_IN_TEXT,
      replies.unknownNumberText('https://skylark.example.org'),
      replies.verificationCodeText('123456', 10),
      replies.followingText('a'.repeat(30), true),
      replies.notFollowingText('a'.repeat(30)),
      replies.notPostedText({ code: 'post_too_long', message: '', details: { length: 1600 } }),
      replies.statsText({ followerCount: 1_000_000, followingCount: 5000, postCount: 123_456 }),
    ];
    for (const text of texts) {
      expect(smsEncoding(text), text).toBe('GSM-7');
      expect(fitsOneSms(text), text).toBe(true);
    }
  });
});

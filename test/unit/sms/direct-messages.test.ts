import { describe, expect, it } from 'vitest';
import type { DirectMessage } from '#shared/domain/messages';
import { parseSmsCommand } from '#shared/domain/sms/commands';
import { messageSmsText, notifyMessageBySms } from '#shared/domain/sms/message-notifications';
import type { DeliveryReservation } from '#shared/domain/sms/ports';
import { HELP_TEXT, messageNotSentText } from '#shared/domain/sms/replies';
import { defaultSmsSettings, type SmsSettings } from '#shared/domain/sms/settings';
import { fitToOneSms } from '#shared/domain/sms/sms-encoding';

describe('D user text', () => {
  it.each([
    ['D bob hello there', { kind: 'direct_message', username: 'bob', text: 'hello there' }],
    ['d @Bob  two\nlines ', { kind: 'direct_message', username: 'bob', text: 'two\nlines' }],
  ])('reads %j as a direct message', (body, command) => {
    expect(parseSmsCommand(body)).toEqual(command);
  });

  it.each(['D bob', 'Dear bob hello', 'd'])('does not read %j as a direct message', (body) => {
    expect(parseSmsCommand(body).kind).not.toBe('direct_message');
  });

  it('is listed in HELP, which still fits one SMS', () => {
    expect(HELP_TEXT).toContain('D user text');
    expect(fitToOneSms(HELP_TEXT)).toBe(HELP_TEXT);
  });

  it('explains a refusal in SMS words', () => {
    expect(messageNotSentText({ code: 'not_followed_by_recipient', message: '' }, 'bob')).toBe(
      'Not sent: @bob does not follow you, so you cannot message them.',
    );
    expect(messageNotSentText({ code: 'post_too_long', message: '', details: { length: 141 } }, 'bob')).toBe(
      'Not sent: your text is 141 characters, a message has at most 140.',
    );
  });
});

describe('a direct message by SMS', () => {
  const NOW = new Date('2026-12-01T12:00:00Z');
  const message: DirectMessage = {
    id: '01JE0000000000000000000000',
    sender: { id: 'ada-id', username: 'ada', firstName: 'Ada', lastName: 'L' },
    recipient: { id: 'bob-id', username: 'bob', firstName: 'Bob', lastName: 'B' },
    text: 'lunch?',
    entities: { urls: [], mentions: [], hashtags: [] },
    createdAt: NOW.toISOString(),
  };

  function fakes(
    settings: Partial<SmsSettings>,
    options: { optedOut?: boolean; reservation?: DeliveryReservation } = {},
  ) {
    const sent: [string, string][] = [];
    const reserved: string[] = [];
    const recipient = { ...defaultSmsSettings('bob-id'), phoneNumber: '+14155552671', ...settings };
    const deps = {
      phones: {
        settingsOf: async () => [recipient],
        optedOutNumbers: async (numbers: readonly string[]) => new Set(options.optedOut ? numbers : []),
      },
      deliveries: {
        reserve: async (input: { postId: string }) => {
          reserved.push(input.postId);
          return options.reservation ?? 'reserved';
        },
      },
      sendSms: async (to: string, text: string) => void sent.push([to, text]),
      clock: { now: () => NOW },
    };
    // Only the ports the notification uses are faked.
    return { deps: deps as unknown as Parameters<typeof notifyMessageBySms>[0], sent, reserved };
  }

  it('goes to a recipient with SMS notifications on, recorded under the message id', async () => {
    const { deps, sent, reserved } = fakes({ notifyAll: true });
    expect(await notifyMessageBySms(deps, message)).toBe(true);
    expect(sent).toEqual([['+14155552671', messageSmsText(message)]]);
    expect(messageSmsText(message)).toBe('DM @ada: lunch?');
    expect(reserved).toEqual([message.id]);
  });

  it.each([
    ['notifications off', { notifyAll: false }, {}],
    ['no verified number', { notifyAll: true, phoneNumber: undefined }, {}],
    ['an opted-out number', { notifyAll: true }, { optedOut: true }],
    ['quiet hours', { notifyAll: true, quietHours: { start: '11:00', end: '13:00' } }, {}],
    ['the daily cap reached', { notifyAll: true }, { reservation: 'over_cap' as const }],
    ['a replay of the same message', { notifyAll: true }, { reservation: 'already_sent' as const }],
  ])('is not sent with %s', async (_case, settings, options) => {
    const { deps, sent } = fakes(settings, options);
    expect(await notifyMessageBySms(deps, message)).toBe(false);
    expect(sent).toEqual([]);
  });
});

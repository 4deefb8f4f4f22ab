import { describe, expect, it } from 'vitest';
import { OPT_OUT_KEYWORDS, parseSmsCommand } from '#shared/domain/sms/commands';

describe('parseSmsCommand', () => {
  it.each(OPT_OUT_KEYWORDS)('reads %s, in any case and with spaces around, as an opt-out', (keyword) => {
    expect(parseSmsCommand(keyword)).toEqual({ kind: 'opt_out', keyword });
    expect(parseSmsCommand(`  ${keyword.toLowerCase()} \n`)).toEqual({ kind: 'opt_out', keyword });
  });

  it('reads START and UNSTOP as opting in again', () => {
    expect(parseSmsCommand('start')).toEqual({ kind: 'opt_in' });
    expect(parseSmsCommand('Unstop')).toEqual({ kind: 'opt_in' });
  });

  it.each([
    ['HELP', { kind: 'help' }],
    ['follow Bob', { kind: 'follow', username: 'bob' }],
    ['F @bob', { kind: 'follow', username: 'bob' }],
    ['UNFOLLOW bob', { kind: 'unfollow', username: 'bob' }],
    ['leave bob', { kind: 'unfollow', username: 'bob' }],
    ['on', { kind: 'notifications_all', on: true }],
    [' OFF ', { kind: 'notifications_all', on: false }],
    ['on bob', { kind: 'notifications_for', on: true, username: 'bob' }],
    ['Off bob', { kind: 'notifications_for', on: false, username: 'bob' }],
    ['get bob', { kind: 'get', username: 'bob' }],
    ['WHOIS @Bob', { kind: 'whois', username: 'bob' }],
    ['stats', { kind: 'stats' }],
    ['FAV ada', { kind: 'like_latest', username: 'ada' }],
    ['fav @Ada', { kind: 'like_latest', username: 'ada' }],
    ['RT ada', { kind: 'repost_latest', username: 'ada' }],
    [' rt @ADA ', { kind: 'repost_latest', username: 'ada' }],
  ])('reads %j as a command', (body, command) => {
    expect(parseSmsCommand(body)).toEqual(command);
  });

  it('reads "@user text" as a reply, keeping the text as sent', () => {
    expect(parseSmsCommand('@Bob nice one')).toEqual({
      kind: 'reply',
      username: 'bob',
      text: '@Bob nice one',
    });
  });

  it.each([
    'hello from my phone',
    'follow me to the beach',
    'stop it please',
    'fav ada please',
    'RT',
    'STOP!',
    '@bob',
    'on my way',
  ])('posts %j as it is', (body) => {
    expect(parseSmsCommand(body)).toEqual({ kind: 'post', text: body });
  });
});

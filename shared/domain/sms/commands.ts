/**
 * What an inbound SMS asks for. Commands are matched case-insensitively with surrounding white space ignored;
 * a message that is not exactly a command is a post (so "follow me to the beach" is posted, "follow bob" is not).
 */

/**
 * Carrier opt-out keywords (CTIA, and the set AWS End User Messaging SMS recognises). They are never posts: they
 * stop every outbound SMS to the number until START or UNSTOP.
 */
export const OPT_OUT_KEYWORDS = [
  'STOP',
  'ARRET',
  'CANCEL',
  'END',
  'OPT-OUT',
  'OPTOUT',
  'QUIT',
  'REMOVE',
  'TD',
  'UNSUBSCRIBE',
] as const;
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP'] as const;

export type SmsCommand =
  | { kind: 'opt_out'; keyword: string }
  | { kind: 'opt_in' }
  | { kind: 'help' }
  | { kind: 'follow'; username: string }
  | { kind: 'unfollow'; username: string }
  | { kind: 'notifications_all'; on: boolean }
  | { kind: 'notifications_for'; on: boolean; username: string }
  | { kind: 'get'; username: string }
  | { kind: 'whois'; username: string }
  | { kind: 'stats' }
  /** FAV user: like that user's latest post. */
  | { kind: 'like_latest'; username: string }
  /** RT user: repost that user's latest post. */
  | { kind: 'repost_latest'; username: string }
  | { kind: 'reply'; username: string; text: string }
  | { kind: 'direct_message'; username: string; text: string }
  | { kind: 'post'; text: string };

const ONE_ARGUMENT = /^(\S+)\s+@?(\S+)$/u;
const REPLY = /^@([A-Za-z0-9_]{3,30})\s+\S/u;
/** `D user text` (classic Twitter's direct message); the text after the name is kept exactly as sent. */
const DIRECT_MESSAGE = /^D\s+@?([A-Za-z0-9_]{1,30})\s+(\S[\s\S]*)$/iu;

const optOut = new Set<string>(OPT_OUT_KEYWORDS);
const optIn = new Set<string>(OPT_IN_KEYWORDS);

/** Reads one inbound message. The text of a post is kept exactly as sent: the post rules judge it. */
export function parseSmsCommand(body: string): SmsCommand {
  const trimmed = body.trim();
  const upper = trimmed.toUpperCase();
  if (optOut.has(upper)) return { kind: 'opt_out', keyword: upper };
  if (optIn.has(upper)) return { kind: 'opt_in' };
  switch (upper) {
    case 'HELP':
    case 'INFO':
      return { kind: 'help' };
    case 'ON':
    case 'OFF':
      return { kind: 'notifications_all', on: upper === 'ON' };
    case 'STATS':
      return { kind: 'stats' };
  }
  const withArgument = ONE_ARGUMENT.exec(trimmed);
  if (withArgument?.[1] && withArgument[2]) {
    const command = withArgument[1].toUpperCase();
    const username = withArgument[2].toLowerCase();
    switch (command) {
      case 'FOLLOW':
      case 'F':
        return { kind: 'follow', username };
      case 'UNFOLLOW':
      case 'LEAVE':
        return { kind: 'unfollow', username };
      case 'ON':
      case 'OFF':
        return { kind: 'notifications_for', on: command === 'ON', username };
      case 'GET':
        return { kind: 'get', username };
      case 'WHOIS':
        return { kind: 'whois', username };
      case 'FAV':
        return { kind: 'like_latest', username };
      case 'RT':
        return { kind: 'repost_latest', username };
    }
  }
  const direct = DIRECT_MESSAGE.exec(trimmed);
  if (direct?.[1] && direct[2]) {
    return { kind: 'direct_message', username: direct[1].toLowerCase(), text: direct[2] };
  }
  const reply = REPLY.exec(trimmed);
  if (reply?.[1]) return { kind: 'reply', username: reply[1].toLowerCase(), text: body };
  return { kind: 'post', text: body };
}

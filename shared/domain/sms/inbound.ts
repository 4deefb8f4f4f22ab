/**
 * An SMS sent to the service's number, already checked to be a well-formed two-way SMS from our topic. In order:
 * 1. idempotency: the first delivery of an inboundMessageId marks it; a duplicate changes nothing;
 * 2. opt-out keywords stop every outbound SMS to the number (whoever owns it), START/UNSTOP resume them;
 * 3. a number no verified account owns gets one help reply a day at most, and nothing is written for it;
 * 4. a verified number's message is a command or a post by its owner. Replies respect the opt-out and are
 *    rate-limited per number; a reply that cannot be sent never undoes what the message did.
 */

import { AppError, RateLimitedError, ValidationError } from '#shared/errors';
import { accountRefusal } from '../accounts/account-state';
import { type Clock, fixedClock, type IdGenerator, seededIds } from '../clock';
import {
  type EngagementKind,
  type EngagementStore,
  engage,
  type PostVisibility,
} from '../engagement/engagement';
import type { FollowStore } from '../follow';
import { followUser, unfollowUser } from '../follow';
import { type MessageStore, sendMessage } from '../messages';
import { createPost, type PostStore, type UserDirectory } from '../post';
import type { ConsumeRateLimit } from '../rate-limits';
import type { RelationshipReads } from '../relationships/ports';
import { loadAudience } from '../relationships/visibility';
import { parseSmsCommand, type SmsCommand } from './commands';
import { setNotificationsFor, setNotifyAll } from './notification-settings';
import type { InboundLedger, IsFollowing, PhoneStore, SendSms, SmsPreferenceStore } from './ports';
import * as replies from './replies';

/** How long an inboundMessageId is remembered: well beyond SNS's and Lambda's retries. */
export const INBOUND_DEDUP_SECONDS = 7 * 24 * 3600;

export interface InboundSms {
  inboundMessageId: string;
  /** E.164 of the sender. */
  from: string;
  body: string;
  /** When SNS received it (its Timestamp): the same on every delivery of the message. */
  receivedAt: Date;
}

/** How long one attempt may hold a message before a redelivery may take it over (beyond the function timeout). */
export const INBOUND_LEASE_SECONDS = 60;

export interface InboundDeps {
  phones: PhoneStore;
  preferences: SmsPreferenceStore;
  inbound: InboundLedger;
  posts: PostStore;
  users: UserDirectory;
  follows: FollowStore;
  messages: MessageStore;
  /** FAV and RT: likes and reposts, under the rules of PUT /v1/posts/{id}/like|repost. */
  engagements: EngagementStore;
  canSee: PostVisibility;
  relationships: RelationshipReads;
  isFollowing: IsFollowing;
  rateLimit: ConsumeRateLimit;
  sendSms: SendSms;
  clock: Clock;
  ids: IdGenerator;
  publicUrl: string;
}

export type InboundOutcome =
  | 'duplicate'
  | 'opted_out'
  | 'opted_in'
  | 'unknown_number'
  | 'throttled'
  | 'account_inactive'
  | 'posted'
  | 'not_posted'
  | 'messaged'
  | 'not_messaged'
  | 'command';

/** Handles one inbound SMS; returns what happened (for logs and metrics, never including the text). */
export async function receiveSms(deps: InboundDeps, sms: InboundSms): Promise<InboundOutcome> {
  const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
  const claimed = await deps.inbound.claim(
    sms.inboundMessageId,
    nowSeconds + INBOUND_LEASE_SECONDS,
    nowSeconds + INBOUND_DEDUP_SECONDS,
  );
  if (!claimed) return 'duplicate';
  // Every delivery of one message writes the same things: its time is the message's, its post id derives from
  // the message id. An attempt that died mid-way (its lease lapses) is redone without posting twice.
  const messageDeps = { ...deps, clock: fixedClock(sms.receivedAt), ids: seededIds(sms.inboundMessageId) };
  try {
    const outcome = await handle(messageDeps, sms);
    await deps.inbound.complete(sms.inboundMessageId);
    return outcome;
  } catch (error) {
    // Let the retry handle the message again: nothing that is not idempotent happened before a throw.
    await deps.inbound.release(sms.inboundMessageId);
    throw error;
  }
}

async function handle(deps: InboundDeps, sms: InboundSms): Promise<InboundOutcome> {
  const command = parseSmsCommand(sms.body);
  const number = await deps.phones.numberState(sms.from);
  const at = deps.clock.now().toISOString();

  if (command.kind === 'opt_out') {
    await deps.phones.setOptOut(sms.from, true, at);
    // The one confirmation carriers expect; nothing is sent to the number after it.
    if (!number.optedOut) await reply(deps, sms.from, replies.OPTED_OUT_TEXT);
    return 'opted_out';
  }
  if (command.kind === 'opt_in') {
    if (number.optedOut) await deps.phones.setOptOut(sms.from, false, at);
    await reply(deps, sms.from, replies.OPTED_IN_TEXT);
    return 'opted_in';
  }

  const canReply = !number.optedOut;
  if (!number.ownerId) {
    if (canReply && (await allowed(deps, 'sms-help:number', sms.from))) {
      await reply(deps, sms.from, replies.unknownNumberText(deps.publicUrl));
    }
    return 'unknown_number';
  }
  if (!(await allowed(deps, 'sms-inbound:number', sms.from))) return 'throttled';
  // A suspended or deactivated owner can do nothing by SMS either; they are told why, once per message.
  const owner = await deps.users.getById(number.ownerId);
  const refusal = owner ? accountRefusal(owner) : undefined;
  if (refusal) {
    if (canReply) await reply(deps, sms.from, replies.accountRefusedText(refusal));
    return 'account_inactive';
  }

  const { outcome, text } = await execute(deps, number.ownerId, command);
  if (canReply && text) await reply(deps, sms.from, text);
  return outcome;
}

type Execution = { outcome: InboundOutcome; text?: string };

async function execute(deps: InboundDeps, userId: string, command: SmsCommand): Promise<Execution> {
  switch (command.kind) {
    case 'post':
      return post(deps, userId, command.text);
    case 'reply':
      return replyToLatest(deps, userId, command.username, command.text);
    case 'direct_message':
      return directMessage(deps, userId, command.username, command.text);
    case 'help':
      return { outcome: 'command', text: replies.HELP_TEXT };
    case 'follow':
      return command_(await follow(deps, userId, command.username));
    case 'unfollow':
      return command_(await unfollow(deps, userId, command.username));
    case 'notifications_all':
      await setNotifyAll(deps, userId, command.on);
      return command_(replies.notificationsAllText(command.on));
    case 'notifications_for':
      return command_(await notificationsFor(deps, userId, command.username, command.on));
    case 'get':
      return command_(await latestPostText(deps, userId, command.username));
    case 'whois':
      return command_(await whois(deps, command.username));
    case 'like_latest':
      return command_(await engageLatest(deps, userId, 'like', command.username));
    case 'repost_latest':
      return command_(await engageLatest(deps, userId, 'repost', command.username));
    case 'stats': {
      const user = await deps.users.getById(userId);
      return command_(user ? replies.statsText(user) : undefined);
    }
    case 'opt_out':
    case 'opt_in':
      // Handled before an owner is looked up.
      return { outcome: 'command' };
  }
}

function command_(text: string | undefined): Execution {
  return text === undefined ? { outcome: 'command' } : { outcome: 'command', text };
}

/** A post under exactly the rules of POST /v1/posts (createPost checks the text). */
async function post(deps: InboundDeps, authorId: string, text: string, replyTo?: string): Promise<Execution> {
  try {
    const created = await createPost(deps, { authorId, text, ...(replyTo ? { replyTo } : {}) });
    return { outcome: 'posted', text: replies.postedText(created) };
  } catch (error) {
    if (error instanceof ValidationError || error instanceof RateLimitedError) {
      return { outcome: 'not_posted', text: replies.notPostedText(error) };
    }
    throw error;
  }
}

/** `D user text`: a direct message under exactly the rules of POST /v1/messages/{username}. */
async function directMessage(deps: InboundDeps, senderId: string, username: string, text: string) {
  try {
    await sendMessage(deps, { senderId, recipientUsername: username, text });
    return { outcome: 'messaged' as const, text: replies.messageSentText(username) };
  } catch (error) {
    if (error instanceof AppError && error.statusCode < 500) {
      return { outcome: 'not_messaged' as const, text: replies.messageNotSentText(error, username) };
    }
    throw error;
  }
}

async function replyToLatest(deps: InboundDeps, authorId: string, username: string, text: string) {
  const target = await deps.users.findByUsername(username);
  if (!target) return { outcome: 'not_posted' as const, text: replies.noSuchUser(username) };
  const latest = await latestPost(deps, target.id);
  // Nothing to reply to: the text is still a post that mentions them.
  return post(deps, authorId, text, latest?.id);
}

async function follow(deps: InboundDeps, userId: string, username: string): Promise<string> {
  try {
    const outcome = await followUser(deps, { followerId: userId, username });
    if (outcome === 'requested') return replies.followRequestedText(username.toLowerCase());
  } catch (error) {
    return knownFailure(error, username);
  }
  const followee = await deps.users.findByUsername(username);
  if (!followee) return replies.noSuchUser(username);
  // Following by SMS means wanting their posts by SMS (as it did on Twitter), unless the user said OFF for them.
  const existing = await deps.preferences.preference(userId, followee.id);
  const sms = existing?.enabled !== false;
  if (sms)
    await deps.preferences.setPreference(userId, { authorId: followee.id, enabled: true, source: 'user' });
  return replies.followingText(followee.username, sms);
}

async function unfollow(deps: InboundDeps, userId: string, username: string): Promise<string> {
  try {
    await unfollowUser(deps, { followerId: userId, username });
  } catch (error) {
    return knownFailure(error, username);
  }
  const followee = await deps.users.findByUsername(username);
  if (followee) await deps.preferences.removePreference(userId, followee.id);
  return replies.unfollowedText(username);
}

async function notificationsFor(deps: InboundDeps, userId: string, username: string, on: boolean) {
  const result = await setNotificationsFor(deps, userId, username, on);
  switch (result) {
    case 'no_such_user':
      return replies.noSuchUser(username);
    case 'not_following':
      return replies.notFollowingText(username);
    default:
      return replies.notificationsForText(username, on);
  }
}

async function latestPost(deps: InboundDeps, authorId: string) {
  const page = await deps.posts.pageByAuthor(authorId, { limit: 1 });
  return page.items[0];
}

async function latestPostText(deps: InboundDeps, userId: string, username: string): Promise<string> {
  const user = await deps.users.findByUsername(username);
  if (!user) return replies.noSuchUser(username);
  // The same gate as the user's page: across a block, or a protected account not followed, nothing to show.
  const audience = await loadAudience(deps.relationships, userId, [user.id]);
  if (!audience.canSeeContentOf(user.id)) return replies.noSuchUser(username);
  const latest = await latestPost(deps, user.id);
  return latest ? replies.postText(latest) : replies.noPostsText(user.username);
}

/** FAV / RT: like or repost the user's latest post (idempotent: a second FAV answers the same). */
async function engageLatest(
  deps: InboundDeps,
  userId: string,
  kind: EngagementKind,
  username: string,
): Promise<string> {
  const author = await deps.users.findByUsername(username);
  if (!author) return replies.noSuchUser(username);
  const latest = await latestPost(deps, author.id);
  if (!latest) return replies.noPostsText(author.username);
  try {
    await engage(deps, { kind, userId, postId: latest.id });
  } catch (error) {
    // Deleted in between, or not visible: as if there were nothing to like.
    if (error instanceof AppError && error.code === 'post_not_found')
      return replies.noPostsText(author.username);
    if (error instanceof RateLimitedError) return replies.slowDownText;
    throw error;
  }
  return kind === 'like' ? replies.likedText(author.username) : replies.repostedText(author.username);
}

async function whois(deps: InboundDeps, username: string): Promise<string> {
  const user = await deps.users.findByUsername(username);
  if (!user) return replies.noSuchUser(username);
  return replies.whoisText(user);
}

/** The failures a user can cause, as replies; anything else is a real error. */
function knownFailure(error: unknown, username: string): string {
  if (error instanceof AppError) {
    if (error.code === 'user_not_found') return replies.noSuchUser(username);
    if (error.code === 'cannot_follow_self') return replies.cannotFollowSelfText;
  }
  throw error;
}

async function allowed(
  deps: Pick<InboundDeps, 'rateLimit'>,
  name: Parameters<ConsumeRateLimit>[0],
  subject: string,
) {
  try {
    await deps.rateLimit(name, subject);
    return true;
  } catch (error) {
    if (error instanceof RateLimitedError) return false;
    throw error;
  }
}

/** Sends a reply if the number's reply budget allows; a failed send is logged by the sender and dropped. */
async function reply(deps: InboundDeps, to: string, text: string): Promise<void> {
  if (!(await allowed(deps, 'sms-reply:number', to))) return;
  try {
    await deps.sendSms(to, text);
  } catch {
    // What the message did stands; retrying the whole message for a lost reply would post twice.
  }
}

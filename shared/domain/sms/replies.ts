/**
 * The texts Skylark sends by SMS. Plain ASCII where we choose the words, so a reply stays in GSM-7 (160
 * characters) unless it quotes someone's post; every text is cut to one SMS when it is sent.
 */
import type { Post } from '../post';
import type { User } from '../user';

export function verificationCodeText(code: string, validMinutes: number): string {
  return `${code} is your Skylark code. It expires in ${validMinutes} minutes. Do not share it.`;
}

export const HELP_TEXT =
  'Skylark: text to post. @user text: reply. D user text: message. FOLLOW/UNFOLLOW user, GET/WHOIS/FAV/RT user, ON/OFF [user], STATS. STOP to end SMS.';

export function unknownNumberText(publicUrl: string): string {
  return `Skylark: this number is not linked to an account. Add it in your settings at ${publicUrl} to post by SMS. STOP to end.`;
}

export const OPTED_OUT_TEXT = 'Skylark: you will get no more SMS from us. Text START to get them again.';
export const OPTED_IN_TEXT = 'Skylark: SMS are back on. Text HELP for commands, STOP to end.';

export function postedText(post: Pick<Post, 'text' | 'replyTo'>): string {
  return post.replyTo ? 'Reply posted.' : 'Posted.';
}

export function notPostedText(problem: { code: string; message: string; details?: unknown }): string {
  if (problem.code === 'post_too_long') {
    return `Not posted: your text is ${countedLength(problem)}, a post has at most 140. Shorten it and send again.`;
  }
  if (problem.code === 'rate_limited') {
    return `Not posted: you reached your posting limit. Try again in ${waitText(problem)}.`;
  }
  return `Not posted: ${problem.message}.`;
}

/** "about 3 hours", "12 minutes": the Retry-After of a 429, for people. */
function waitText(problem: { details?: unknown }): string {
  const seconds = (problem.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (typeof seconds !== 'number') return 'a while';
  if (seconds >= 5400) return `about ${Math.round(seconds / 3600)} hours`;
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

export const messageSentText = (username: string) => `Message sent to @${username}.`;

/** Why a `D user text` was refused, in the words of the API's error. */
export function messageNotSentText(
  problem: { code: string; message: string; details?: unknown },
  username: string,
) {
  switch (problem.code) {
    case 'user_not_found':
      return noSuchUser(username);
    case 'not_followed_by_recipient':
      return `Not sent: @${username} does not follow you, so you cannot message them.`;
    case 'post_too_long':
      return `Not sent: your text is ${countedLength(problem)}, a message has at most 140.`;
    case 'rate_limited':
      return 'Not sent: you sent too many messages. Try again later.';
    default:
      return `Not sent: ${problem.message}.`;
  }
}

function countedLength(problem: { details?: unknown }): string {
  const length = (problem.details as { length?: unknown } | undefined)?.length;
  return typeof length === 'number' ? `${length} characters` : 'too long';
}

/** The answer to any SMS from the number of a suspended or deactivated account. */
export function accountRefusedText(refusal: { message: string }): string {
  return `Skylark: ${refusal.message}. Nothing was done.`;
}

export const noSuchUser = (username: string) => `No user named @${username}.`;
export const followingText = (username: string, sms: boolean) =>
  sms
    ? `You follow @${username} and get their posts by SMS. OFF ${username} to stop the SMS.`
    : `You follow @${username}. ON ${username} to get their posts by SMS.`;
export const followRequestedText = (username: string) =>
  `@${username} is protected: you asked to follow them, and will once they accept.`;
export const unfollowedText = (username: string) => `You no longer follow @${username}.`;
export const cannotFollowSelfText = 'You cannot follow yourself.';
export const notificationsAllText = (on: boolean) =>
  on
    ? 'SMS notifications on for everyone you follow. OFF to stop them all.'
    : 'SMS notifications off. ON to get posts from everyone you follow again.';
export const notificationsForText = (username: string, on: boolean) =>
  on ? `SMS notifications on for @${username}.` : `SMS notifications off for @${username}.`;
export const notFollowingText = (username: string) =>
  `You do not follow @${username}: text FOLLOW ${username} first.`;
export const likedText = (username: string) => `You liked the latest post of @${username}.`;
export const repostedText = (username: string) =>
  `You reposted the latest post of @${username} to your followers.`;
export const slowDownText = 'Too many likes and reposts for now; try again later.';
export const noPostsText = (username: string) => `@${username} has not posted yet.`;

/** A post as an SMS: who, then what. */
export function postText(post: Pick<Post, 'author' | 'text'>): string {
  return `@${post.author.username}: ${post.text}`;
}

export function whoisText(user: Pick<User, 'username' | 'firstName' | 'lastName' | 'bio'>): string {
  const name = `${user.firstName} ${user.lastName} (@${user.username})`;
  return user.bio ? `${name}: ${user.bio}` : name;
}

export function statsText(user: Pick<User, 'followerCount' | 'followingCount' | 'postCount'>): string {
  return `You have ${user.followerCount} followers, follow ${user.followingCount} and have posted ${user.postCount} times.`;
}

/** What a notification says, in words: the API groups likes and reposts of a post, so one line names several. */
import type { NotificationType, NotificationView, UserSummary } from './api-types';

/** By type; a type this client does not know yet (a newer server) still reads as a sentence. */
const ACTIONS: Readonly<Record<NotificationType, string>> & Readonly<Record<string, string>> = {
  follow: 'followed you',
  follow_request: 'asked to follow you',
  mention: 'mentioned you',
  reply: 'replied to your post',
  like: 'liked your post',
  repost: 'reposted your post',
  message: 'sent you a message',
};

const fullName = (user: UserSummary) => `${user.firstName} ${user.lastName}`;

/**
 * "Ada Lovelace", "Ada Lovelace and Bob Babbage", "Ada Lovelace, Bob Babbage and 2 others": the shown actors
 * (newest first) and how many more did the same.
 */
export function actorsPhrase(actors: readonly UserSummary[], actorCount: number): string {
  const names = actors.map(fullName);
  const others = Math.max(0, actorCount - names.length);
  if (others > 0) return `${names.join(', ')} and ${others} other${others === 1 ? '' : 's'}`;
  if (names.length <= 1) return names[0] ?? 'Someone';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export function notificationSentence(notification: Pick<NotificationView, 'type' | 'actors' | 'actorCount'>) {
  const action = ACTIONS[notification.type] ?? 'sent you a notification';
  return `${actorsPhrase(notification.actors, notification.actorCount)} ${action}`;
}

/** The type filters of the notifications screen, in the order shown; `all` asks for every type. */
export const NOTIFICATION_FILTERS: readonly {
  id: string;
  label: string;
  types: readonly NotificationType[];
}[] = [
  { id: 'all', label: 'All', types: [] },
  { id: 'mention', label: 'Mentions', types: ['mention'] },
  { id: 'reply', label: 'Replies', types: ['reply'] },
  { id: 'like', label: 'Likes', types: ['like'] },
  { id: 'repost', label: 'Reposts', types: ['repost'] },
  { id: 'follow', label: 'Follows', types: ['follow'] },
  { id: 'message', label: 'Messages', types: ['message'] },
];

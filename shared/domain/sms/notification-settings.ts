/**
 * Who a user gets by SMS. One preference item per (user, author): enabled ones are indexed by author (GSI2), so
 * the sender of a post finds its SMS subscribers with one Query instead of reading every follower's settings.
 * - ON: `notifyAll` on, and every author the user follows enabled (except those turned OFF one by one); authors
 *   followed later are enabled by the stream hook (onFollowCreated).
 * - OFF: `notifyAll` off and every enabled preference removed.
 * - ON user / OFF user: that author only (OFF user is remembered, so a later ON leaves them off).
 * - unfollowing removes the preference.
 */
import type { FollowStore } from '../follow';
import type { UserDirectory } from '../post';
import type { IsFollowing, PhoneStore, SmsPreferenceStore } from './ports';

export interface NotificationSettingsDeps {
  phones: PhoneStore;
  preferences: SmsPreferenceStore;
  follows: Pick<FollowStore, 'pageFollowing'>;
  users: UserDirectory;
  isFollowing: IsFollowing;
}

/** The page size used to walk a user's followees when turning everything on. */
const FOLLOWING_PAGE = 100;

/** ON / OFF for everyone the user follows. */
export async function setNotifyAll(
  deps: NotificationSettingsDeps,
  userId: string,
  on: boolean,
): Promise<void> {
  await deps.phones.updateSettings(userId, { notifyAll: on });
  if (on) {
    let cursor: string | undefined;
    do {
      const page = await deps.follows.pageFollowing(userId, { limit: FOLLOWING_PAGE, cursor });
      for (const followee of page.items) await enableUnlessTurnedOff(deps, userId, followee.id, 'all');
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return;
  }
  for await (const page of deps.preferences.preferences(userId)) {
    for (const preference of page) {
      if (preference.enabled) await deps.preferences.removePreference(userId, preference.authorId);
    }
  }
}

export type NotificationsForResult = 'updated' | 'no_such_user' | 'not_following';

/** ON user / OFF user. Turning one on requires following them. */
export async function setNotificationsFor(
  deps: NotificationSettingsDeps,
  userId: string,
  username: string,
  on: boolean,
): Promise<NotificationsForResult> {
  const author = await deps.users.findByUsername(username);
  if (!author || author.id === userId) return 'no_such_user';
  if (on && !(await deps.isFollowing(userId, author.id))) return 'not_following';
  await deps.preferences.setPreference(userId, { authorId: author.id, enabled: on, source: 'user' });
  return 'updated';
}

/** Stream hook: a new follow of a user whose notifications are ON for everyone. Idempotent. */
export async function onFollowCreated(
  deps: Pick<NotificationSettingsDeps, 'phones' | 'preferences' | 'isFollowing'>,
  followerId: string,
  followeeId: string,
): Promise<void> {
  const settings = await deps.phones.settings(followerId);
  if (!settings.notifyAll) return;
  // The record may be a replay of a follow undone since: converge on the current edge.
  if (!(await deps.isFollowing(followerId, followeeId))) return;
  await enableUnlessTurnedOff(deps, followerId, followeeId, 'all');
}

/** Stream hook: an unfollow, wherever it was made, ends that author's SMS. Idempotent. */
export async function onFollowDeleted(
  deps: Pick<NotificationSettingsDeps, 'preferences' | 'isFollowing'>,
  followerId: string,
  followeeId: string,
): Promise<void> {
  if (await deps.isFollowing(followerId, followeeId)) return;
  await deps.preferences.removePreference(followerId, followeeId);
}

async function enableUnlessTurnedOff(
  deps: Pick<NotificationSettingsDeps, 'preferences'>,
  userId: string,
  authorId: string,
  source: 'user' | 'all',
): Promise<void> {
  const existing = await deps.preferences.preference(userId, authorId);
  if (existing && (!existing.enabled || existing.source === 'user')) return;
  await deps.preferences.setPreference(userId, { authorId, enabled: true, source });
}

/**
 * Outbound notifications: a new post goes by SMS to each user who has SMS on for its author, unless their number
 * opted out, it is quiet time where they are, or they had their daily cap of notifications today. Replies are
 * not sent (they are conversations, not news). A delivery is recorded before it is sent, so a replayed stream
 * record sends nothing twice (at most once: a send that fails after the record is not retried).
 */
import type { Clock } from '../clock';
import type { StreamChange } from '../fan-out';
import type { Post } from '../post';
import { onFollowCreated, onFollowDeleted } from './notification-settings';
import type { DeliveryLedger, IsFollowing, PhoneStore, SendSms, SmsPreferenceStore } from './ports';
import { postText } from './replies';
import { isQuietTime, localTime, type SmsSettings } from './settings';

/** Delivery records outlive any stream retry (records are at most a day old). */
const DELIVERY_RECORD_SECONDS = 2 * 24 * 3600;
/** SMS sent at once while notifying one post's subscribers. */
const SEND_CONCURRENCY = 8;

export interface SmsNotifierDeps {
  phones: PhoneStore;
  preferences: SmsPreferenceStore;
  deliveries: DeliveryLedger;
  isFollowing: IsFollowing;
  sendSms: SendSms;
  clock: Clock;
}

export interface NotifySummary {
  sent: number;
  skipped: number;
}

/**
 * Sends a post to its author's SMS subscribers. Safe to call again for the same post.
 * Throws only on table errors (the stream retries the record); SNS failures are counted as skipped.
 */
export async function notifyFollowersBySms(deps: SmsNotifierDeps, post: Post): Promise<NotifySummary> {
  const summary: NotifySummary = { sent: 0, skipped: 0 };
  if (post.replyTo !== null) return summary;
  for await (const subscriberIds of deps.preferences.subscriberPages(post.author.id)) {
    const candidates = (await deps.phones.settingsOf(subscriberIds)).filter(
      (settings): settings is SmsSettings & { phoneNumber: string } =>
        settings.phoneNumber !== undefined && settings.userId !== post.author.id,
    );
    const optedOut = await deps.phones.optedOutNumbers(candidates.map((settings) => settings.phoneNumber));
    const eligible = candidates.filter((settings) => !optedOut.has(settings.phoneNumber));
    summary.skipped += subscriberIds.length - eligible.length;
    for (let start = 0; start < eligible.length; start += SEND_CONCURRENCY) {
      const results = await Promise.all(
        eligible
          .slice(start, start + SEND_CONCURRENCY)
          .map((settings) => deliver(deps, settings, { id: post.id, text: postText(post) })),
      );
      for (const sent of results) summary[sent ? 'sent' : 'skipped']++;
    }
  }
  return summary;
}

/**
 * Sends one notification (a post, a direct message) to one user unless it is their quiet time or over their
 * daily cap; recorded under the item's id first, so it is sent at most once.
 */
export async function deliver(
  deps: Pick<SmsNotifierDeps, 'deliveries' | 'sendSms' | 'clock'>,
  settings: SmsSettings & { phoneNumber: string },
  item: { id: string; text: string },
): Promise<boolean> {
  const now = deps.clock.now();
  if (isQuietTime(settings, now)) return false;
  const reservation = await deps.deliveries.reserve({
    userId: settings.userId,
    postId: item.id,
    day: localTime(now, settings.timeZone).day,
    dailyCap: settings.dailyCap,
    expiresAt: Math.floor(now.getTime() / 1000) + DELIVERY_RECORD_SECONDS,
  });
  if (reservation !== 'reserved') return false;
  try {
    await deps.sendSms(settings.phoneNumber, item.text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The fan-out consumer's hook: everything SMS does for one stream change (posts are sent, follows and unfollows
 * keep the ON-for-everyone preferences current). Idempotent, like the fan-out itself.
 */
export async function applySmsStreamChange(deps: SmsNotifierDeps, change: StreamChange): Promise<void> {
  switch (change.kind) {
    case 'post_created':
      await notifyFollowersBySms(deps, change.post);
      return;
    case 'follow_created':
      return onFollowCreated(deps, change.followerId, change.followeeId);
    case 'follow_deleted':
      return onFollowDeleted(deps, change.followerId, change.followeeId);
    case 'post_deleted':
      return;
  }
}

/**
 * Erasing a deactivated account once its grace period is over (the scheduled job EraseAccounts). Every step
 * pages one of the account's partitions (never a Scan) and removes through the guarded writes the API uses, so
 * counters end up as if the user had undone everything: posts deleted (the stream then removes their timeline,
 * mention, hashtag and engagement copies and notifications), likes and reposts undone (counts corrected),
 * follows both ways removed (counts corrected), conversations deleted with their notifications, then the
 * account's own partitions and its username and email claims. Each step is idempotent, so a job that stops
 * half-way (its time is up, a write fails) simply carries on at its next run.
 */
import type { Clock } from '../clock';
import { messageNotification } from '../messages';
import { type NotificationStore, withdraw } from '../notifications/notifications';
import type { AccountErasureStore, AccountLifecycleStore, ErasureSchedule } from './lifecycle-ports';
import { allPages } from './pages';

export interface AccountErasureDeps {
  lifecycle: AccountLifecycleStore;
  erasure: AccountErasureStore;
  notifications: NotificationStore;
  /** The archive of an export the account asked for. */
  archives: { remove(key: string): Promise<void> };
  exportArchiveKey(userId: string): Promise<string | undefined>;
  clock: Clock;
}

/** Accounts taken per run of the job before it checks its remaining time again. */
const ERASURES_PER_PAGE = 10;

export interface ErasureRun {
  erased: string[];
  /** True when time ran out with erasures still due (the next run continues). */
  unfinished: boolean;
}

/**
 * Erases every account whose grace period is over, oldest first, while `hasTime()` says there is time left
 * (a Lambda's remaining time): an account erased half-way is finished by the next run.
 */
export async function eraseDueAccounts(
  deps: AccountErasureDeps,
  hasTime: () => boolean = () => true,
): Promise<ErasureRun> {
  const erased: string[] = [];
  for (;;) {
    const due = await deps.lifecycle.dueErasures(deps.clock.now().toISOString(), ERASURES_PER_PAGE);
    if (due.length === 0) return { erased, unfinished: false };
    for (const schedule of due) {
      if (!hasTime()) return { erased, unfinished: true };
      if (await eraseAccount(deps, schedule)) erased.push(schedule.userId);
    }
  }
}

/** Erases one account; false when it was reactivated before the erasure could start. */
export async function eraseAccount(deps: AccountErasureDeps, schedule: ErasureSchedule): Promise<boolean> {
  const { erasure } = deps;
  const { userId } = schedule;
  if (!(await deps.lifecycle.startErasure(userId, deps.clock.now().toISOString()))) return false;

  for await (const posts of allPages((page) => erasure.posts(userId, page))) {
    for (const post of posts) await erasure.removePost(post);
  }
  for (const kind of ['like', 'repost'] as const) {
    for await (const engagements of allPages((page) => erasure.engagements(kind, userId, page))) {
      for (const engagement of engagements) await erasure.removeEngagement(engagement);
    }
  }
  for await (const followeeIds of allPages((page) => erasure.followeeIds(userId, page))) {
    for (const followeeId of followeeIds) await erasure.unfollow({ followerId: userId, followeeId });
  }
  for await (const followerIds of allPages((page) => erasure.followerIds(userId, page))) {
    for (const followerId of followerIds) await erasure.unfollow({ followerId, followeeId: userId });
  }
  await eraseConversations(deps, userId);

  const archiveKey = await deps.exportArchiveKey(userId);
  if (archiveKey) await deps.archives.remove(archiveKey);
  await erasure.removeOwnPartitions(schedule);
  await deps.lifecycle.finishErasure(userId);
  return true;
}

/**
 * A conversation needs both participants: it goes as a whole (both sides' messages and views), and the other
 * participant's notifications of the account's messages are withdrawn.
 */
async function eraseConversations(deps: AccountErasureDeps, userId: string): Promise<void> {
  const { erasure } = deps;
  // Views are deleted as they are read, so always read the first page again until none is left.
  for (;;) {
    const { items: views } = await erasure.conversations(userId, { limit: 25 });
    if (views.length === 0) return;
    for (const view of views) {
      const messages = [];
      for await (const page of allPages((request) => erasure.messages(userId, view.otherUserId, request))) {
        messages.push(...page);
      }
      for (const message of messages) {
        if (message.sender.id === userId) await withdraw(deps, messageNotification(message));
      }
      await erasure.removeConversation(userId, view.otherUserId, messages);
    }
  }
}

/**
 * Erasing a deactivated account once its grace period is over (the scheduled job EraseAccounts). Every step
 * pages one of the account's partitions (never a Scan) and removes through the guarded writes the API uses, so
 * counters end up as if the user had undone everything: posts deleted (the stream then removes their timeline,
 * mention, hashtag and engagement copies and notifications), likes and reposts undone (counts corrected),
 * follows both ways removed (counts corrected), conversations deleted with their notifications, then the
 * account's own partitions and its username and email claims (removing the export request item, whose stream
 * record then deletes the archive: the archive-retirement reaction). Each step is idempotent, so a job that stops
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
  clock: Clock;
}

export interface ErasureRun {
  /** Accounts fully erased by this run. */
  erased: string[];
  /** Accounts whose first phase this run did (their second phase is for the next run). */
  contentErased: string[];
  /** True when time ran out with erasures still due (the next run continues). */
  unfinished: boolean;
}

/**
 * Erases the accounts whose grace period is over, oldest first, while `hasTime()` says there is time left (a
 * Lambda's remaining time). Two phases, in two runs: first what the account wrote (posts, likes, reposts,
 * conversations), whose removal the stream fans out along the follow edges; then, in a later run (an hour
 * later, when the stream has long caught up), the follow edges, the account's own partitions and its claims.
 * An account erased half-way is finished by the next run: every step is idempotent.
 */
export async function eraseDueAccounts(
  deps: AccountErasureDeps,
  hasTime: () => boolean = () => true,
): Promise<ErasureRun> {
  const runStartedAt = deps.clock.now().toISOString();
  const run: ErasureRun = { erased: [], contentErased: [], unfinished: false };
  for await (const due of allPages((page) => deps.lifecycle.dueErasures(runStartedAt, page))) {
    for (const schedule of due) {
      if (!hasTime()) return { ...run, unfinished: true };
      if (schedule.contentErasedAt && schedule.contentErasedAt < runStartedAt) {
        await eraseAccountData(deps, schedule);
        run.erased.push(schedule.userId);
      } else if (!schedule.contentErasedAt && (await eraseContent(deps, schedule))) {
        run.contentErased.push(schedule.userId);
      }
    }
  }
  return run;
}

/** Phase one: what the account wrote. False when it was reactivated before the erasure could start. */
export async function eraseContent(deps: AccountErasureDeps, schedule: ErasureSchedule): Promise<boolean> {
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
  await eraseConversations(deps, userId);
  await deps.lifecycle.markContentErased(userId, deps.clock.now().toISOString());
  return true;
}

/**
 * Phase two: follows both ways (counts corrected), others' blocks and mutes of the account and its pending
 * follow requests, the account's own partitions, its claims, the schedule.
 */
export async function eraseAccountData(deps: AccountErasureDeps, schedule: ErasureSchedule): Promise<void> {
  const { erasure } = deps;
  const { userId } = schedule;
  for await (const followeeIds of allPages((page) => erasure.followeeIds(userId, page))) {
    for (const followeeId of followeeIds) await erasure.unfollow({ followerId: userId, followeeId });
  }
  for await (const followerIds of allPages((page) => erasure.followerIds(userId, page))) {
    for (const followerId of followerIds) await erasure.unfollow({ followerId, followeeId: userId });
  }
  // What others hold naming the account, outside its partitions: their blocks and mutes of it (their counters
  // corrected) and its pending requests to follow them.
  for await (const edges of allPages((page) => erasure.relationsNaming(userId, page))) {
    for (const edge of edges) await erasure.removeRelation(edge);
  }
  for await (const targetIds of allPages((page) => erasure.followRequestTargets(userId, page))) {
    for (const targetId of targetIds) await erasure.withdrawFollowRequest(targetId, userId);
  }
  await erasure.removeOwnPartitions(schedule);
  await deps.lifecycle.finishErasure(userId);
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

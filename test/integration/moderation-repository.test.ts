/**
 * The moderation store on DynamoDB Local: each action and its audit entry are written together or not at all,
 * reports move between the status lists, the audit log pages newest first.
 */
import { describe, expect, it } from 'vitest';
import { moderationStore } from '#shared/db/moderation-repository';
import { postStore } from '#shared/db/post-repository';
import { relationshipReads } from '#shared/db/relationship-repository';
import { userDirectory } from '#shared/db/user-directory';
import { getUserById } from '#shared/db/user-repository';
import { systemClock, ulidIds } from '#shared/domain/clock';
import type { AuditEntry, Report } from '#shared/domain/moderation/ports';
import { createPost } from '#shared/domain/post';
import { toUserSummary } from '#shared/domain/user';
import { insertVerifiedUser } from '#test/factories/users';

const actor = { via: 'cli' as const, name: 'integration' };

function entry(action: AuditEntry['action'], target: AuditEntry['target'] = {}): AuditEntry {
  const now = new Date();
  return { id: ulidIds.next(now), at: now.toISOString(), actor, action, target, note: null };
}

async function auditIds(): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await moderationStore.pageAuditLog({ limit: 2, cursor });
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

describe('the moderation store', () => {
  it('writes an action and its audit entry together, and neither when the action is refused', async () => {
    const { user } = await insertVerifiedUser();
    const before = await auditIds();
    const suspend = entry('user.suspend', { user: toUserSummary(user) });
    expect(
      await moderationStore.changeAccountState(user.id, { from: 'active', to: 'suspended' }, suspend),
    ).toBe(true);
    const repeated = entry('user.suspend', { user: toUserSummary(user) });
    expect(
      await moderationStore.changeAccountState(user.id, { from: 'active', to: 'suspended' }, repeated),
    ).toBe(false);
    expect((await getUserById(user.id, { consistent: true }))?.accountState).toBe('suspended');
    expect(await auditIds()).toEqual([suspend.id, ...before]);

    const grant = entry('operator.grant', { user: toUserSummary(user) });
    expect(await moderationStore.setOperator(toUserSummary(user), true, grant)).toBe(true);
    expect(await moderationStore.setOperator(toUserSummary(user), true, entry('operator.grant'))).toBe(false);
    expect(await moderationStore.isOperator(user.id)).toBe(true);
    const operators = await moderationStore.listOperators({ limit: 100 });
    expect(operators.items.map((item) => item.id)).toContain(user.id);
    expect((await auditIds())[0]).toBe(grant.id);
  });

  it('moves a resolved report from the open list to the resolved one, once', async () => {
    const [{ user: reporter }, { user: target }] = await Promise.all([
      insertVerifiedUser(),
      insertVerifiedUser(),
    ]);
    const report: Report = {
      id: ulidIds.next(new Date()),
      status: 'open',
      reason: 'spam',
      note: null,
      createdAt: new Date().toISOString(),
      reporter: toUserSummary(reporter),
      target: { user: toUserSummary(target), post: null },
      resolution: null,
    };
    await moderationStore.saveReport(report);
    expect(
      (await moderationStore.pageReports('open', { limit: 100 })).items.map((item) => item.id),
    ).toContain(report.id);
    const resolved: Report = {
      ...report,
      status: 'resolved',
      resolution: {
        action: 'dismiss',
        note: 'fine',
        by: toUserSummary(reporter),
        at: new Date().toISOString(),
      },
    };
    expect(
      await moderationStore.resolveReport(resolved, entry('report.resolve', { reportId: report.id })),
    ).toBe(true);
    expect(
      await moderationStore.resolveReport(resolved, entry('report.resolve', { reportId: report.id })),
    ).toBe(false);
    expect(
      (await moderationStore.pageReports('open', { limit: 100 })).items.map((item) => item.id),
    ).not.toContain(report.id);
    expect((await moderationStore.pageReports('resolved', { limit: 100 })).items[0]).toEqual(resolved);
    expect(await moderationStore.findReport(report.id)).toEqual(resolved);
  });

  it("deletes a post as its author's delete does, with the audit entry in the same transaction", async () => {
    const { user } = await insertVerifiedUser();
    const deps = {
      posts: postStore,
      users: userDirectory,
      relationships: relationshipReads,
      clock: systemClock,
      ids: ulidIds,
    };
    const post = await createPost(deps, { authorId: user.id, text: 'to be removed' });
    const deletion = entry('post.delete', { postId: post.id });
    await moderationStore.removePost(post, deletion);
    expect(await postStore.findById(post.id)).toBeUndefined();
    expect((await getUserById(user.id, { consistent: true }))?.postCount).toBe(0);
    expect((await auditIds())[0]).toBe(deletion.id);
    // Already gone: nothing is deleted, so nothing is audited.
    await moderationStore.removePost(post, entry('post.delete', { postId: post.id }));
    expect((await auditIds())[0]).toBe(deletion.id);
  });
});

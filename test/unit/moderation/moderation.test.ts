/** Reports and moderation over an in-memory store that keeps each action and its audit entry together. */
import { describe, expect, it } from 'vitest';
import type { AccountState } from '#shared/domain/accounts/account-state';
import { ulidIds } from '#shared/domain/clock';
import {
  type AuditEntry,
  deletePostAsOperator,
  fileReport,
  listReports,
  type ModerationDeps,
  type ModerationStore,
  type Report,
  readAuditLog,
  resolveReport,
  setOperatorRole,
  suspendUser,
  unsuspendUser,
} from '#shared/domain/moderation/moderation';
import type { Post } from '#shared/domain/post';
import type { User } from '#shared/domain/user';
import { memoryRateLimiter } from '#test/factories/rate-limits';
import { makeUser } from '#test/factories/user-records';

const op = makeUser({ username: 'op', firstName: 'Olga' });
const ada = makeUser({ username: 'ada' });
const mal = makeUser({ username: 'mal', firstName: 'Mal' });

function makePost(author: User, id = '01JABCDEFGHJKMNPQRSTVWXYZ0'): Post {
  return {
    id,
    author: {
      id: author.id,
      username: author.username,
      firstName: author.firstName,
      lastName: author.lastName,
    },
    text: 'something nasty',
    entities: { urls: [], mentions: [], hashtags: [] },
    replyTo: null,
    attachments: [],
    createdAt: '2026-12-02T10:00:00.000Z',
    replyCount: 0,
    likeCount: 0,
    repostCount: 0,
  };
}

function world() {
  const users = new Map([op, ada, mal].map((user) => [user.id, { ...user } as User]));
  const operators = new Set<string>();
  const reports = new Map<string, Report>();
  const posts = new Map<string, Post>();
  const audit: AuditEntry[] = [];
  const revoked: string[] = [];
  const byName = (name: string) => [...users.values()].find((user) => user.username === name);
  const stateOf = (user: User): AccountState => user.accountState ?? 'active';
  const moderation: ModerationStore = {
    isOperator: async (id) => operators.has(id),
    setOperator: async (user, operator, entry) => {
      if (operators.has(user.id) === operator) return false;
      if (operator) operators.add(user.id);
      else operators.delete(user.id);
      audit.push(entry);
      return true;
    },
    listOperators: async () => ({ items: [], nextCursor: null }),
    saveReport: async (report) => void reports.set(report.id, report),
    findReport: async (id) => reports.get(id),
    pageReports: async (status) => ({
      items: [...reports.values()].filter((report) => report.status === status),
      nextCursor: null,
    }),
    resolveReport: async (report, entry) => {
      if (reports.get(report.id)?.status !== 'open') return false;
      reports.set(report.id, report);
      audit.push(entry);
      return true;
    },
    changeAccountState: async (userId, change, entry) => {
      const user = users.get(userId);
      if (!user || stateOf(user) !== change.from) return false;
      users.set(userId, { ...user, accountState: change.to === 'active' ? undefined : change.to } as User);
      audit.push(entry);
      return true;
    },
    removePost: async (post, entry) => {
      if (!posts.delete(post.id)) return;
      audit.push(entry);
    },
    pageAuditLog: async () => ({ items: [...audit].reverse(), nextCursor: null }),
  };
  const deps: ModerationDeps = {
    moderation,
    users: {
      getById: async (id) => users.get(id),
      findByUsername: async (name) => {
        const user = byName(name);
        return user && stateOf(user) === 'active' ? user : undefined;
      },
      findAnyByUsername: async (name) => byName(name),
    },
    posts: { findById: async (id) => posts.get(id) },
    revokeAppAccess: async (userId) => void revoked.push(userId),
    rateLimit: memoryRateLimiter(),
    clock: { now: () => new Date('2026-12-02T12:00:00Z') },
    ids: ulidIds,
  };
  return { deps, users, reports, posts, audit, revoked, operators };
}

async function withOperator() {
  const w = world();
  await setOperatorRole(w.deps, { actor: { via: 'cli', name: 'root' }, username: 'op', operator: true });
  return w;
}

describe('filing a report', () => {
  it('refuses a report with no target, of oneself, and of a post by someone else than the named user', async () => {
    const { deps, reports, posts } = world();
    posts.set(makePost(mal).id, makePost(mal));
    await expect(fileReport(deps, { reporterId: ada.id, reason: 'spam' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'report_target_required',
    });
    await expect(
      fileReport(deps, { reporterId: ada.id, username: 'ada', reason: 'spam' }),
    ).rejects.toMatchObject({
      code: 'cannot_report_self',
    });
    await expect(
      fileReport(deps, { reporterId: ada.id, username: 'op', postId: makePost(mal).id, reason: 'spam' }),
    ).rejects.toMatchObject({ code: 'report_target_mismatch' });
    await expect(
      fileReport(deps, { reporterId: ada.id, username: 'nobody', reason: 'spam' }),
    ).rejects.toMatchObject({
      code: 'user_not_found',
    });
    expect(reports.size).toBe(0);
  });

  it('reports a post against its author and keeps its text as reported', async () => {
    const { deps, reports, posts } = world();
    const post = makePost(mal);
    posts.set(post.id, post);
    const filed = await fileReport(deps, { reporterId: ada.id, postId: post.id, reason: 'harassment' });
    expect(filed.status).toBe('open');
    expect(reports.get(filed.id)).toMatchObject({
      reporter: { id: ada.id },
      target: { user: { id: mal.id }, post: { id: post.id, text: 'something nasty' } },
      resolution: null,
    });
  });
});

describe('operators', () => {
  it('refuses every admin action to a non-operator with 403 operator_only, writing nothing', async () => {
    const { deps, audit } = world();
    const calls = [
      () => listReports(deps, { operatorId: ada.id, status: 'open', limit: 20 }),
      () => resolveReport(deps, { operatorId: ada.id, reportId: 'r', action: 'dismiss' }),
      () => suspendUser(deps, { operatorId: ada.id, username: 'mal' }),
      () => unsuspendUser(deps, { operatorId: ada.id, username: 'mal' }),
      () => deletePostAsOperator(deps, { operatorId: ada.id, postId: 'p' }),
      () => readAuditLog(deps, { operatorId: ada.id, limit: 20 }),
    ];
    for (const call of calls)
      await expect(call()).rejects.toMatchObject({ statusCode: 403, code: 'operator_only' });
    expect(audit).toEqual([]);
  });

  it('loses its powers when suspended, or when the role is revoked', async () => {
    const w = await withOperator();
    await setOperatorRole(w.deps, { actor: { via: 'cli', name: 'root' }, username: 'op', operator: false });
    await expect(readAuditLog(w.deps, { operatorId: op.id, limit: 20 })).rejects.toMatchObject({
      code: 'operator_only',
    });
    const again = await setOperatorRole(w.deps, {
      actor: { via: 'cli', name: 'root' },
      username: 'op',
      operator: false,
    });
    expect(again.changed).toBe(false);
    expect(w.audit.map((entry) => entry.action)).toEqual(['operator.grant', 'operator.revoke']);
  });
});

describe('resolving a report', () => {
  it('suspends the reported account: audited twice, app tokens revoked, a second resolution refused', async () => {
    const w = await withOperator();
    const post = makePost(mal);
    w.posts.set(post.id, post);
    const { id } = await fileReport(w.deps, { reporterId: ada.id, postId: post.id, reason: 'hate' });
    const resolved = await resolveReport(w.deps, { operatorId: op.id, reportId: id, action: 'suspend_user' });
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolution: { action: 'suspend_user', by: { id: op.id } },
    });
    expect(w.users.get(mal.id)?.accountState).toBe('suspended');
    expect(w.revoked).toEqual([mal.id]);
    expect(w.audit.map((entry) => entry.action)).toEqual([
      'operator.grant',
      'user.suspend',
      'report.resolve',
    ]);
    await expect(
      resolveReport(w.deps, { operatorId: op.id, reportId: id, action: 'dismiss' }),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: 'report_already_resolved',
    });
  });

  it('deletes the reported post, and refuses delete_post on a report about an account', async () => {
    const w = await withOperator();
    const post = makePost(mal);
    w.posts.set(post.id, post);
    const aboutPost = await fileReport(w.deps, { reporterId: ada.id, postId: post.id, reason: 'spam' });
    const aboutUser = await fileReport(w.deps, { reporterId: ada.id, username: 'mal', reason: 'spam' });
    await expect(
      resolveReport(w.deps, { operatorId: op.id, reportId: aboutUser.id, action: 'delete_post' }),
    ).rejects.toMatchObject({ code: 'report_has_no_post' });
    await resolveReport(w.deps, {
      operatorId: op.id,
      reportId: aboutPost.id,
      action: 'delete_post',
      note: 'spam link',
    });
    expect(w.posts.size).toBe(0);
    expect(w.audit.at(-2)).toMatchObject({
      action: 'post.delete',
      target: { postId: post.id, reportId: aboutPost.id },
    });
    await expect(
      resolveReport(w.deps, { operatorId: op.id, reportId: '01JNOSUCHREPORT00000000000', action: 'dismiss' }),
    ).rejects.toMatchObject({ statusCode: 404, code: 'report_not_found' });
  });
});

describe('suspending and unsuspending', () => {
  it('is idempotent, audits only real changes, and refuses oneself and a deactivated account', async () => {
    const w = await withOperator();
    expect(await suspendUser(w.deps, { operatorId: op.id, username: 'mal', note: 'spam' })).toEqual({
      username: 'mal',
      accountState: 'suspended',
    });
    await suspendUser(w.deps, { operatorId: op.id, username: 'mal' });
    await expect(suspendUser(w.deps, { operatorId: op.id, username: 'op' })).rejects.toMatchObject({
      code: 'cannot_suspend_self',
    });
    expect(await unsuspendUser(w.deps, { operatorId: op.id, username: 'mal' })).toEqual({
      username: 'mal',
      accountState: 'active',
    });
    await unsuspendUser(w.deps, { operatorId: op.id, username: 'mal' });
    expect(w.audit.map((entry) => entry.action)).toEqual([
      'operator.grant',
      'user.suspend',
      'user.unsuspend',
    ]);
    w.users.set(ada.id, { ...ada, accountState: 'deactivated' });
    await expect(suspendUser(w.deps, { operatorId: op.id, username: 'ada' })).rejects.toMatchObject({
      statusCode: 409,
      code: 'account_not_active',
    });
    await expect(suspendUser(w.deps, { operatorId: op.id, username: 'nobody' })).rejects.toMatchObject({
      code: 'user_not_found',
    });
  });
});

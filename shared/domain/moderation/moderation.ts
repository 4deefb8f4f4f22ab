/**
 * Reports and moderation. Anyone signed in reports an account or a post; operators (a role granted with
 * `npm run admin -- grant <username>`) read the reports, resolve them, suspend and unsuspend accounts and delete
 * posts. Every moderation action writes its audit entry in the same transaction as the change, so the log
 * never misses one and never records one that did not happen.
 */
import { ConflictError, ForbiddenError, NotFoundError, userNotFound, ValidationError } from '#shared/errors';
import { type AccountState, accountStateOf, isAccountVisible } from '../accounts/account-state';
import type { Clock, IdGenerator } from '../clock';
import type { Page } from '../pagination';
import { getVisiblePost, type PageRequest, type Post, type PostStore, type UserDirectory } from '../post';
import type { ConsumeRateLimit } from '../rate-limits';
import { toUserSummary, type User, type UserSummary } from '../user';
import type {
  Actor,
  AuditAction,
  AuditEntry,
  ModerationStore,
  Report,
  ReportReason,
  ReportStatus,
  ResolutionAction,
  RevokeAppAccess,
} from './ports';

export * from './ports';

type OperatorActor = Extract<Actor, { via: 'api' }>;

/** Users as operators see them: by name in any state (a suspended account must be found to unsuspend it). */
export interface ModerationUsers extends Pick<UserDirectory, 'getById' | 'findByUsername'> {
  findAnyByUsername(username: string): Promise<User | undefined>;
}

export interface ModerationDeps {
  moderation: ModerationStore;
  users: ModerationUsers;
  posts: Pick<PostStore, 'findById'>;
  revokeAppAccess: RevokeAppAccess;
  rateLimit: ConsumeRateLimit;
  clock: Clock;
  ids: IdGenerator;
}

function entryOf(
  deps: Pick<ModerationDeps, 'clock' | 'ids'>,
  actor: Actor,
  action: AuditAction,
  target: AuditEntry['target'],
  note: string | null | undefined,
): AuditEntry {
  const now = deps.clock.now();
  return { id: deps.ids.next(now), at: now.toISOString(), actor, action, target, note: note ?? null };
}

/**
 * Files a report about an account, a post, or a post and its author (then they must match).
 * @throws ValidationError report_target_required, report_target_mismatch, cannot_report_self;
 *   NotFoundError user_not_found, post_not_found; ForbiddenError account_suspended; RateLimitedError
 */
export async function fileReport(
  deps: Pick<ModerationDeps, 'moderation' | 'users' | 'posts' | 'rateLimit' | 'clock' | 'ids'>,
  input: {
    reporterId: string;
    username?: string | undefined;
    postId?: string | undefined;
    reason: ReportReason;
    note?: string | undefined;
  },
): Promise<Pick<Report, 'id' | 'status'>> {
  if (input.username === undefined && input.postId === undefined) {
    throw new ValidationError(
      'report_target_required',
      'Name the user or the post you report (username or postId)',
    );
  }
  const reporter = await deps.users.getById(input.reporterId);
  if (!reporter?.emailVerified || !isAccountVisible(reporter)) throw userNotFound();
  const post = input.postId === undefined ? undefined : await getVisiblePost(deps, input.postId);
  const named = input.username === undefined ? undefined : await deps.users.findByUsername(input.username);
  if (input.username !== undefined && !named) throw userNotFound(input.username);
  if (post && named && post.author.id !== named.id) {
    throw new ValidationError('report_target_mismatch', 'The post you report is not by the user you name');
  }
  const targetUser: UserSummary = post ? post.author : toUserSummary(named as User);
  if (targetUser.id === reporter.id)
    throw new ValidationError('cannot_report_self', 'You cannot report yourself');
  await deps.rateLimit('report:user', reporter.id);
  const now = deps.clock.now();
  const report: Report = {
    id: deps.ids.next(now),
    status: 'open',
    reason: input.reason,
    note: input.note ?? null,
    createdAt: now.toISOString(),
    reporter: toUserSummary(reporter),
    target: { user: targetUser, post: post ? { id: post.id, text: post.text } : null },
    resolution: null,
  };
  await deps.moderation.saveReport(report);
  return { id: report.id, status: report.status };
}

/**
 * The caller as an operator, for every /v1/admin route.
 * @throws ForbiddenError operator_only
 */
export async function requireOperator(
  deps: Pick<ModerationDeps, 'moderation' | 'users'>,
  callerId: string,
): Promise<OperatorActor> {
  const [isOperator, caller] = await Promise.all([
    deps.moderation.isOperator(callerId),
    deps.users.getById(callerId),
  ]);
  if (!isOperator || !caller || !isAccountVisible(caller)) {
    throw new ForbiddenError('operator_only', 'Only an operator of this site may do this');
  }
  return { via: 'api', user: toUserSummary(caller) };
}

/** Reports by status: open ones oldest first (a queue), resolved ones newest first. @throws ForbiddenError operator_only */
export async function listReports(
  deps: Pick<ModerationDeps, 'moderation' | 'users'>,
  input: { operatorId: string; status: ReportStatus } & PageRequest,
): Promise<Page<Report>> {
  await requireOperator(deps, input.operatorId);
  return deps.moderation.pageReports(input.status, input);
}

/**
 * Resolves an open report: dismisses it, or suspends the reported account, or deletes the reported post; each
 * action has its own audit entry, and the resolution one more. The action runs first and is idempotent, so a
 * resolution that failed half-way can simply be sent again.
 * @throws ForbiddenError operator_only; NotFoundError report_not_found; ConflictError report_already_resolved;
 *   ValidationError report_has_no_post
 */
export async function resolveReport(
  deps: ModerationDeps,
  input: { operatorId: string; reportId: string; action: ResolutionAction; note?: string | undefined },
): Promise<Report> {
  const actor = await requireOperator(deps, input.operatorId);
  const report = await deps.moderation.findReport(input.reportId);
  if (!report) throw new NotFoundError('report_not_found', 'No such report');
  if (report.status !== 'open') throw reportAlreadyResolved();
  if (input.action === 'delete_post' && !report.target.post) {
    throw new ValidationError('report_has_no_post', 'This report names no post to delete');
  }
  if (input.action === 'suspend_user') {
    const user = await deps.users.getById(report.target.user.id);
    if (user) await suspend(deps, actor, user, input.note ?? `report ${report.id}`);
  }
  if (input.action === 'delete_post' && report.target.post) {
    const post = await deps.posts.findById(report.target.post.id);
    if (post) await deps.moderation.removePost(post, postDeletion(deps, actor, post, input.note, report.id));
  }
  const resolved: Report = {
    ...report,
    status: 'resolved',
    resolution: {
      action: input.action,
      note: input.note ?? null,
      by: actor.user,
      at: deps.clock.now().toISOString(),
    },
  };
  const entry = entryOf(
    deps,
    actor,
    'report.resolve',
    {
      user: report.target.user,
      reportId: report.id,
      ...(report.target.post ? { postId: report.target.post.id } : {}),
    },
    input.note ?? input.action,
  );
  if (!(await deps.moderation.resolveReport(resolved, entry))) throw reportAlreadyResolved();
  return resolved;
}

function reportAlreadyResolved(): ConflictError {
  return new ConflictError('report_already_resolved', 'This report is already resolved');
}

function postDeletion(
  deps: Pick<ModerationDeps, 'clock' | 'ids'>,
  actor: Actor,
  post: Post,
  note: string | undefined,
  reportId?: string,
): AuditEntry {
  return entryOf(
    deps,
    actor,
    'post.delete',
    { user: post.author, postId: post.id, ...(reportId ? { reportId } : {}) },
    note,
  );
}

export interface AccountStateView {
  username: string;
  accountState: AccountState;
}

/** Suspends an active account (an already suspended one stays as it is, with no new entry). */
async function suspend(
  deps: Pick<ModerationDeps, 'moderation' | 'revokeAppAccess' | 'clock' | 'ids'>,
  actor: Actor,
  user: User,
  note: string | null | undefined,
): Promise<AccountStateView> {
  const state = accountStateOf(user);
  if (state === 'active') {
    const entry = entryOf(deps, actor, 'user.suspend', { user: toUserSummary(user) }, note);
    const changed = await deps.moderation.changeAccountState(
      user.id,
      { from: 'active', to: 'suspended' },
      entry,
    );
    if (!changed) throw stateChangedMeanwhile();
  } else if (state !== 'suspended') {
    throw new ConflictError('account_not_active', `@${user.username} is ${state}, not active`);
  }
  // Sign-in and refresh check the state; long-lived Mastodon app tokens are revoked (again, on a retry).
  await deps.revokeAppAccess(user.id);
  return { username: user.username, accountState: 'suspended' };
}

function stateChangedMeanwhile(): ConflictError {
  return new ConflictError('edit_conflict', 'The account changed meanwhile; try again');
}

/** The account an operator names, in any state. @throws NotFoundError user_not_found */
async function namedAccount(deps: Pick<ModerationDeps, 'users'>, username: string): Promise<User> {
  const user = await deps.users.findAnyByUsername(username);
  if (!user) throw userNotFound(username);
  return user;
}

/**
 * Suspends an account: it cannot sign in, refresh, post or use SMS, and its page and posts are hidden.
 * @throws ForbiddenError operator_only; NotFoundError user_not_found; ValidationError cannot_suspend_self;
 *   ConflictError account_not_active (a deactivated account)
 */
export async function suspendUser(
  deps: ModerationDeps,
  input: { operatorId: string; username: string; note?: string | undefined },
): Promise<AccountStateView> {
  const actor = await requireOperator(deps, input.operatorId);
  const user = await namedAccount(deps, input.username);
  if (user.id === input.operatorId)
    throw new ValidationError('cannot_suspend_self', 'You cannot suspend yourself');
  return suspend(deps, actor, user, input.note);
}

/**
 * Lifts a suspension (an active account stays as it is, with no new entry). The owner signs in again.
 * @throws ForbiddenError operator_only; NotFoundError user_not_found; ConflictError account_not_active
 */
export async function unsuspendUser(
  deps: ModerationDeps,
  input: { operatorId: string; username: string; note?: string | undefined },
): Promise<AccountStateView> {
  const actor = await requireOperator(deps, input.operatorId);
  const user = await namedAccount(deps, input.username);
  const state = accountStateOf(user);
  if (state === 'suspended') {
    const entry = entryOf(deps, actor, 'user.unsuspend', { user: toUserSummary(user) }, input.note);
    if (!(await deps.moderation.changeAccountState(user.id, { from: 'suspended', to: 'active' }, entry))) {
      throw stateChangedMeanwhile();
    }
  } else if (state !== 'active') {
    throw new ConflictError('account_not_active', `@${user.username} is ${state}, not suspended`);
  }
  return { username: user.username, accountState: 'active' };
}

/**
 * Deletes anyone's post, as its author's delete would (counts, timelines, mentions), with an audit entry.
 * @throws ForbiddenError operator_only; NotFoundError post_not_found
 */
export async function deletePostAsOperator(
  deps: ModerationDeps,
  input: { operatorId: string; postId: string; note?: string | undefined },
): Promise<void> {
  const actor = await requireOperator(deps, input.operatorId);
  const post = await deps.posts.findById(input.postId);
  if (!post) throw new NotFoundError('post_not_found', 'No such post');
  await deps.moderation.removePost(post, postDeletion(deps, actor, post, input.note));
}

/** The audit log, newest first. @throws ForbiddenError operator_only */
export async function readAuditLog(
  deps: Pick<ModerationDeps, 'moderation' | 'users'>,
  input: { operatorId: string } & PageRequest,
): Promise<Page<AuditEntry>> {
  await requireOperator(deps, input.operatorId);
  return deps.moderation.pageAuditLog(input);
}

/**
 * Grants or revokes the operator role (`npm run admin`, whoever can write the table).
 * @throws NotFoundError user_not_found
 * @returns whether anything changed
 */
export async function setOperatorRole(
  deps: Pick<ModerationDeps, 'moderation' | 'users' | 'clock' | 'ids'>,
  input: { actor: Actor; username: string; operator: boolean },
): Promise<{ username: string; operator: boolean; changed: boolean }> {
  const user = await namedAccount(deps, input.username);
  const entry = entryOf(
    deps,
    input.actor,
    input.operator ? 'operator.grant' : 'operator.revoke',
    { user: toUserSummary(user) },
    null,
  );
  const changed = await deps.moderation.setOperator(toUserSummary(user), input.operator, entry);
  return { username: user.username, operator: input.operator, changed };
}

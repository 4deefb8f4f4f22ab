/**
 * Moderation's types and what it needs from storage (shared/db/moderation-repository.ts implements the store).
 */
import type { AccountState } from '../accounts/account-state';
import type { Page } from '../pagination';
import type { PageRequest, Post } from '../post';
import type { UserSummary } from '../user';

export const REPORT_REASONS = [
  'spam',
  'harassment',
  'hate',
  'violence',
  'sexual_content',
  'self_harm',
  'impersonation',
  'illegal',
  'other',
] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const REPORT_STATUSES = ['open', 'resolved'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** What an operator does when resolving a report. */
export const RESOLUTION_ACTIONS = ['dismiss', 'suspend_user', 'delete_post'] as const;
export type ResolutionAction = (typeof RESOLUTION_ACTIONS)[number];

export const MODERATION_RULES = { maxNoteLength: 1000 } as const;

export interface Report {
  /** ULID. */
  id: string;
  status: ReportStatus;
  reason: ReportReason;
  note: string | null;
  createdAt: string;
  reporter: UserSummary;
  /** The reported account, and the post when a post was reported (its text as it was, for the operator). */
  target: { user: UserSummary; post: { id: string; text: string } | null };
  resolution: { action: ResolutionAction; note: string | null; by: UserSummary; at: string } | null;
}

/** Who did something: an operator through the API, or someone running `npm run admin` against the table. */
export type Actor = { via: 'api'; user: UserSummary } | { via: 'cli'; name: string };

export const AUDIT_ACTIONS = [
  'report.resolve',
  'user.suspend',
  'user.unsuspend',
  'post.delete',
  'operator.grant',
  'operator.revoke',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One moderation action, written in the same transaction as the action itself. */
export interface AuditEntry {
  /** ULID: the log reads newest first. */
  id: string;
  at: string;
  actor: Actor;
  action: AuditAction;
  target: { user?: UserSummary; postId?: string; reportId?: string };
  note: string | null;
}

export interface ModerationStore {
  isOperator(userId: string): Promise<boolean>;
  /** Grants (true) or revokes the role with its audit entry; false when it already was so (nothing written). */
  setOperator(user: UserSummary, operator: boolean, entry: AuditEntry): Promise<boolean>;
  listOperators(page: PageRequest): Promise<Page<UserSummary>>;
  saveReport(report: Report): Promise<void>;
  findReport(reportId: string): Promise<Report | undefined>;
  pageReports(status: ReportStatus, page: PageRequest): Promise<Page<Report>>;
  /** Marks an open report resolved, with its audit entry; false when it was no longer open (nothing written). */
  resolveReport(report: Report, entry: AuditEntry): Promise<boolean>;
  /** Moves an account between states with its audit entry; false when it was not in `from` (nothing written). */
  changeAccountState(
    userId: string,
    change: { from: AccountState; to: AccountState },
    entry: AuditEntry,
  ): Promise<boolean>;
  /** Deletes the post (counts and copies as an author's delete does) with its audit entry. */
  removePost(post: Post, entry: AuditEntry): Promise<void>;
  pageAuditLog(page: PageRequest): Promise<Page<AuditEntry>>;
}

/** Ends the account's sessions in apps signed in through the Mastodon API (long-lived tokens). */
export type RevokeAppAccess = (userId: string) => Promise<void>;

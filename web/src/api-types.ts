/**
 * The API's response shapes, taken from the very types the handlers return: type-only imports, so nothing of the
 * server (nor its Node.js dependencies) reaches the bundle.
 */

import type { DeletionView } from '#shared/domain/account-lifecycle/account-deletion';
import type { ExportStatusView } from '#shared/domain/account-lifecycle/account-export';
import type { getOwnProfile, OwnProfile } from '#shared/domain/accounts/profile-view';
import type { Session } from '#shared/domain/accounts/sessions';
import type { ContrastCheck, Design } from '#shared/domain/design';
import type { toAuthorizedApp } from '#shared/domain/mastodon/entities';
import type { ConversationSummary, DirectMessage } from '#shared/domain/messages';
import type { AccountStateView } from '#shared/domain/moderation/moderation';
import type {
  AuditEntry,
  Report,
  ReportReason,
  ReportStatus,
  ResolutionAction,
} from '#shared/domain/moderation/ports';
import type { NotificationType, NotificationView } from '#shared/domain/notifications/notifications';
import type { Page } from '#shared/domain/pagination';
import type { Post } from '#shared/domain/post';
import type { TextEntities } from '#shared/domain/post-text';
import type { publicConfig } from '#shared/domain/public-config';
import type { SmsProfileView } from '#shared/domain/sms/sms-profile';
import type { PublicUser, UserSummary } from '#shared/domain/user';
import type { ProfileForViewer } from '#shared/domain/users/public-profile';

export type {
  AccountStateView,
  AuditEntry,
  ContrastCheck,
  ConversationSummary,
  DeletionView,
  Design,
  DirectMessage,
  ExportStatusView,
  NotificationType,
  NotificationView,
  Page,
  Post,
  ProfileForViewer,
  PublicUser,
  Report,
  ReportReason,
  ReportStatus,
  ResolutionAction,
  TextEntities,
  UserSummary,
};
export type PublicConfig = ReturnType<typeof publicConfig>;
/** GET /v1/me: the owner's profile with the SMS state and the unread notification count. */
export type Me = Awaited<ReturnType<typeof getOwnProfile>>;
/** A cookie session's answer: the refresh token is in the HttpOnly cookie, never in the body. */
export type CookieSession = Omit<Session, 'refreshToken'>;

/** GET /v1/me/apps: an app signed in through the Mastodon API (never its token). */
export type AuthorizedApp = ReturnType<typeof toAuthorizedApp>;
export type LoginAnswer = CookieSession & { user: OwnProfile };
export type SmsSettingsView = SmsProfileView['sms'];
export type PhoneView = SmsProfileView['phone'];

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * The one API module: every screen calls the server through these functions, never `fetch` itself. Same origin
 * (the API is under /v1 on the site's own host), JSON in and out, errors as ApiError with the server's code and
 * details. The access token lives in memory only (session.ts); a 401 on an authenticated call refreshes once
 * through the HttpOnly session cookie and retries.
 */
import type {
  AccountStateView,
  AuditEntry,
  AuthorizedApp,
  ConversationSummary,
  CookieSession,
  DeletionView,
  Design,
  DirectMessage,
  ErrorBody,
  ExportStatusView,
  FieldProblem,
  LoginAnswer,
  Me,
  NotificationType,
  NotificationView,
  Page,
  PhoneView,
  Post,
  ProfileForViewer,
  PublicConfig,
  PublicUser,
  Report,
  ReportReason,
  ReportStatus,
  ResolutionAction,
  SmsSettingsView,
} from './api-types';

/**
 * The first page of the home timeline and of a user page: a screen and a half of posts, so the first paint
 * waits for (and lays out) no more than it shows; scrolling reads on with the API's default page.
 */
export const FIRST_PAGE_LIMIT = 10;

/** Sent on login to ask for a cookie session, and on refresh/logout when the cookie is used (CSRF guard). */
const SESSION_HEADERS = { 'x-skylark-session': 'cookie' } as const;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    /** From Retry-After on a 429 or 503. */
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(message);
  }

  /** The field problems of a 400, keyed by the body field's name (`body.username` → `username`). */
  fieldProblems(): Record<string, string> {
    const fields = (this.details as { fields?: FieldProblem[] } | undefined)?.fields ?? [];
    const byField: Record<string, string> = {};
    for (const problem of fields) {
      const name = problem.field.replace(/^(body|query|path)\./, '');
      byField[name] ??= problem.message;
    }
    return byField;
  }
}

interface TokenSource {
  accessToken(): string | undefined;
  /** Refreshes the access token through the cookie; false when the session is gone. */
  renew(): Promise<boolean>;
}

let tokens: TokenSource = { accessToken: () => undefined, renew: async () => false };

/** session.ts plugs itself in here, so the API module needs no import of it (no cycle). */
export function useTokenSource(source: TokenSource): void {
  tokens = source;
}

interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  auth?: boolean;
  headers?: Record<string, string>;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const send = () => {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const token = options.auth ? tokens.accessToken() : undefined;
    if (token) headers.authorization = `Bearer ${token}`;
    return fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  };
  let response = await send();
  if (response.status === 401 && options.auth && (await tokens.renew())) response = await send();
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw toApiError(response, body);
  return body as T;
}

function withQuery(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

function toApiError(response: Response, body: unknown): ApiError {
  const error = (body as ErrorBody | undefined)?.error;
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    error?.code ?? `http_${response.status}`,
    error?.message ?? `The server answered ${response.status}`,
    error?.details,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

const path = (value: string) => encodeURIComponent(value);

export interface RegisterInput {
  firstName: string;
  lastName: string;
  username: string;
  email: string;
  password: string;
}

export interface ProfileEdit {
  firstName?: string;
  lastName?: string;
  bio?: string | null;
  location?: string | null;
  website?: string | null;
  accountType?: 'person' | 'business';
  category?: string | null;
  design?: Partial<Design> | null;
  protected?: boolean;
}

export interface ReportInput {
  username?: string;
  postId?: string;
  reason: ReportReason;
  note?: string;
}

export const api = {
  config: () => request<PublicConfig>('GET', '/v1/config'),

  register: (input: RegisterInput) =>
    request<{ status: string }>('POST', '/v1/auth/register', { body: input }),
  verifyEmail: (token: string) => request<{ status: string }>('POST', '/v1/auth/verify', { body: { token } }),
  resendVerification: (email: string) =>
    request<void>('POST', '/v1/auth/resend-verification', { body: { email } }),
  login: (login: string, password: string) =>
    request<LoginAnswer>('POST', '/v1/auth/login', { body: { login, password }, headers: SESSION_HEADERS }),
  refresh: () => request<CookieSession>('POST', '/v1/auth/refresh', { headers: SESSION_HEADERS }),
  logout: () => request<void>('POST', '/v1/auth/logout', { headers: SESSION_HEADERS }),
  forgotPassword: (email: string) => request<void>('POST', '/v1/auth/password/forgot', { body: { email } }),
  resetPassword: (token: string, password: string) =>
    request<{ status: string }>('POST', '/v1/auth/password/reset', { body: { token, password } }),

  me: () => request<Me>('GET', '/v1/me', { auth: true }),
  updateMe: (edit: ProfileEdit) =>
    request<Omit<Me, 'unreadNotifications'>>('PATCH', '/v1/me', { body: edit, auth: true }),

  createPost: (text: string, replyTo?: string) =>
    request<Post>('POST', '/v1/posts', { body: replyTo ? { text, replyTo } : { text }, auth: true }),
  post: (id: string) => request<Post>('GET', `/v1/posts/${path(id)}`, { auth: true }),
  replies: (id: string, cursor?: string) =>
    request<Page<Post>>('GET', `/v1/posts/${path(id)}/replies`, { query: { cursor }, auth: true }),
  userPosts: (username: string, cursor?: string, limit?: number) =>
    request<Page<Post>>('GET', `/v1/users/${path(username)}/posts`, { query: { cursor, limit }, auth: true }),
  timeline: (cursor?: string, limit?: number) =>
    request<Page<Post>>('GET', '/v1/timeline', { query: { cursor, limit }, auth: true }),
  mentions: (cursor?: string) =>
    request<Page<Post>>('GET', '/v1/mentions', { query: { cursor }, auth: true }),

  /** With `viewer` (how the signed-in reader stands with the owner) when signed in. */
  user: (username: string) => request<ProfileForViewer>('GET', `/v1/users/${path(username)}`, { auth: true }),
  /** 204 (undefined) when followed; `{state: "requested"}` (202) when the account is protected. */
  follow: (username: string) =>
    request<{ state: 'requested' } | undefined>('PUT', `/v1/users/${path(username)}/follow`, { auth: true }),
  unfollow: (username: string) =>
    request<void>('DELETE', `/v1/users/${path(username)}/follow`, { auth: true }),
  searchUsers: (q: string, cursor?: string) =>
    request<Page<PublicUser>>('GET', '/v1/users', { query: { q, cursor } }),

  like: (postId: string) => request<void>('PUT', `/v1/posts/${path(postId)}/like`, { auth: true }),
  unlike: (postId: string) => request<void>('DELETE', `/v1/posts/${path(postId)}/like`, { auth: true }),
  repost: (postId: string) => request<void>('PUT', `/v1/posts/${path(postId)}/repost`, { auth: true }),
  unrepost: (postId: string) => request<void>('DELETE', `/v1/posts/${path(postId)}/repost`, { auth: true }),
  likers: (postId: string, cursor?: string) =>
    request<Page<PublicUser>>('GET', `/v1/posts/${path(postId)}/likes`, { query: { cursor } }),
  reposters: (postId: string, cursor?: string) =>
    request<Page<PublicUser>>('GET', `/v1/posts/${path(postId)}/reposts`, { query: { cursor } }),
  userLikes: (username: string, cursor?: string) =>
    request<Page<Post>>('GET', `/v1/users/${path(username)}/likes`, { query: { cursor }, auth: true }),
  hashtagPosts: (tag: string, cursor?: string) =>
    request<Page<Post>>('GET', `/v1/hashtags/${path(tag)}/posts`, { query: { cursor }, auth: true }),
  searchPosts: (q: string, cursor?: string) =>
    request<Page<Post>>('GET', '/v1/search/posts', { query: { q, cursor }, auth: true }),

  notifications: (types: readonly NotificationType[], cursor?: string, limit?: number) =>
    request<Page<NotificationView>>('GET', '/v1/notifications', {
      query: { types: types.join(','), cursor, limit },
      auth: true,
    }),
  markNotificationsRead: (upTo: string) =>
    request<void>('POST', '/v1/notifications/read', { body: { upTo }, auth: true }),

  conversations: (cursor?: string) =>
    request<Page<ConversationSummary>>('GET', '/v1/messages', { query: { cursor }, auth: true }),
  conversation: (username: string, cursor?: string) =>
    request<Page<DirectMessage>>('GET', `/v1/messages/${path(username)}`, { query: { cursor }, auth: true }),
  sendMessage: (username: string, text: string) =>
    request<DirectMessage>('POST', `/v1/messages/${path(username)}`, { body: { text }, auth: true }),

  addPhone: (phoneNumber: string) =>
    request<{ status: string; expiresInSeconds: number }>('POST', '/v1/me/phone', {
      body: { phoneNumber },
      auth: true,
    }),
  verifyPhone: (code: string) =>
    request<{ status: string; phone: PhoneView }>('POST', '/v1/me/phone/verify', {
      body: { code },
      auth: true,
    }),
  removePhone: () => request<void>('DELETE', '/v1/me/phone', { auth: true }),
  updateSms: (settings: Partial<SmsSettingsView>) =>
    request<SmsSettingsView>('PATCH', '/v1/me/sms', { body: settings, auth: true }),

  /** Block or mute (`kind`), and undo it. */
  relate: (kind: 'block' | 'mute', username: string) =>
    request<void>('PUT', `/v1/users/${path(username)}/${kind}`, { auth: true }),
  unrelate: (kind: 'block' | 'mute', username: string) =>
    request<void>('DELETE', `/v1/users/${path(username)}/${kind}`, { auth: true }),
  relations: (kind: 'block' | 'mute', cursor?: string) =>
    request<Page<PublicUser>>('GET', `/v1/me/${kind}s`, { query: { cursor }, auth: true }),
  followRequests: (cursor?: string, limit?: number) =>
    request<Page<PublicUser>>('GET', '/v1/me/follow-requests', { query: { cursor, limit }, auth: true }),
  acceptFollowRequest: (username: string) =>
    request<void>('PUT', `/v1/me/follow-requests/${path(username)}`, { auth: true }),
  rejectFollowRequest: (username: string) =>
    request<void>('DELETE', `/v1/me/follow-requests/${path(username)}`, { auth: true }),

  /** Apps signed in through the Mastodon API (one page: a person authorizes a handful), and revoking one. */
  authorizedApps: () => request<Page<AuthorizedApp>>('GET', '/v1/me/apps', { auth: true }),
  revokeApp: (id: string) => request<void>('DELETE', `/v1/me/apps/${path(id)}`, { auth: true }),

  report: (input: ReportInput) =>
    request<{ id: string; status: string }>('POST', '/v1/reports', { body: input, auth: true }),

  requestExport: () => request<ExportStatusView>('POST', '/v1/me/export', { auth: true }),
  exportStatus: () => request<ExportStatusView>('GET', '/v1/me/export', { auth: true }),
  deleteAccount: (password: string) =>
    request<DeletionView>('DELETE', '/v1/me', { body: { password }, auth: true }),
  reactivate: (login: string, password: string) =>
    request<{ status: 'active' }>('POST', '/v1/auth/reactivate', { body: { login, password } }),

  /** The operator's routes: 403 operator_only for anyone else. */
  admin: {
    reports: (status: ReportStatus, cursor?: string) =>
      request<Page<Report>>('GET', '/v1/admin/reports', { query: { status, cursor }, auth: true }),
    resolveReport: (id: string, action: ResolutionAction, note?: string) =>
      request<Report>('POST', `/v1/admin/reports/${path(id)}/resolve`, {
        body: note ? { action, note } : { action },
        auth: true,
      }),
    setSuspended: (username: string, suspended: boolean, note?: string) =>
      request<AccountStateView>(
        'POST',
        `/v1/admin/users/${path(username)}/${suspended ? 'suspend' : 'unsuspend'}`,
        { body: note ? { note } : {}, auth: true },
      ),
    auditLog: (cursor?: string) =>
      request<Page<AuditEntry>>('GET', '/v1/admin/audit-log', { query: { cursor }, auth: true }),
  },
};

import type { HttpRoute } from '#shared/catalog';

/** Reports (anyone signed in) and the operator's routes under /v1/admin (docs/api.md, "Reports and moderation"). */
export const moderationRoutes: readonly HttpRoute[] = [
  {
    name: 'FileReport',
    method: 'POST',
    path: '/v1/reports',
    entry: 'functions/moderation/file-report.ts',
    auth: 'required',
    uses: ['table:read', 'table:write'],
  },
  {
    name: 'ListReports',
    method: 'GET',
    path: '/v1/admin/reports',
    entry: 'functions/moderation/list-reports.ts',
    auth: 'required',
    uses: ['table:read'],
  },
  {
    name: 'ResolveReport',
    method: 'POST',
    path: '/v1/admin/reports/{id}/resolve',
    entry: 'functions/moderation/resolve-report.ts',
    auth: 'required',
    uses: ['table:read', 'table:write'],
  },
  {
    name: 'SuspendUser',
    method: 'POST',
    path: '/v1/admin/users/{username}/suspend',
    entry: 'functions/moderation/suspend-user.ts',
    auth: 'required',
    uses: ['table:read', 'table:write'],
  },
  {
    name: 'UnsuspendUser',
    method: 'POST',
    path: '/v1/admin/users/{username}/unsuspend',
    entry: 'functions/moderation/unsuspend-user.ts',
    auth: 'required',
    uses: ['table:read', 'table:write'],
  },
  {
    name: 'DeletePostAsOperator',
    method: 'DELETE',
    path: '/v1/admin/posts/{id}',
    entry: 'functions/moderation/delete-post.ts',
    auth: 'required',
    uses: ['table:read', 'table:write'],
  },
  {
    name: 'ReadAuditLog',
    method: 'GET',
    path: '/v1/admin/audit-log',
    entry: 'functions/moderation/audit-log.ts',
    auth: 'required',
    uses: ['table:read'],
  },
];

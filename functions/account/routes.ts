import { HASHING_ROUTE_THROTTLE, type HttpRoute, type ScheduledJob } from '#shared/catalog';

/** Checking a password hashes it with scrypt: the same room and throttle as sign-in. */
const HASHING = { memoryMb: 1024, timeoutSeconds: 15, throttle: HASHING_ROUTE_THROTTLE } as const;

/** Account export and deletion (docs/api.md, "Your data and leaving"). */
export const accountLifecycleRoutes: readonly HttpRoute[] = [
  {
    name: 'RequestExport',
    method: 'POST',
    path: '/v1/me/export',
    entry: 'functions/account/request-export.ts',
    auth: 'required',
    uses: ['table:write'],
  },
  {
    name: 'GetExport',
    method: 'GET',
    path: '/v1/me/export',
    entry: 'functions/account/get-export.ts',
    auth: 'required',
    uses: ['table:read', 'export-archive:read'],
  },
  {
    name: 'DeleteAccount',
    method: 'DELETE',
    path: '/v1/me',
    entry: 'functions/account/delete-account.ts',
    auth: 'required',
    uses: ['table:write'],
    ...HASHING,
  },
  {
    name: 'ReactivateAccount',
    method: 'POST',
    path: '/v1/auth/reactivate',
    entry: 'functions/account/reactivate-account.ts',
    auth: 'none',
    uses: ['table:write'],
    ...HASHING,
  },
];

/**
 * Erasure of accounts whose grace period is over. Hourly: the grace period is counted in days, so an account
 * is erased within the hour after it ends; a run stops with 30 s left and the next one continues.
 */
export const eraseAccountsJob: ScheduledJob = {
  name: 'EraseAccounts',
  entry: 'functions/account/erase-accounts.ts',
  // No S3: the erased account's archive is deleted by the outside-world reader (archive-retirement).
  uses: ['table:read', 'table:write'],
  memoryMb: 1024,
  timeoutSeconds: 900,
  everyMinutes: 60,
};

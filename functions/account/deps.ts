/**
 * The production wiring of account export, deletion and erasure: DynamoDB, the archive links, scrypt. One
 * object per use case, each free of side effects, so a handler bundles only what its own object references
 * (GetExport has the links alone; no function here holds the S3 client: archives are written and deleted by
 * the outside-world stream reader).
 */
import { configuredArchiveLinks } from '#shared/adapters/archive-store';
import { verifyAgainstDummy, verifyPassword } from '#shared/adapters/password-hasher';
import { config } from '#shared/config';
import { exportRequestStore } from '#shared/db/account-export-repository';
import { accountErasureStore, accountLifecycleStore } from '#shared/db/account-lifecycle-repository';
import { findAccountByLogin, getAccount } from '#shared/db/account-repository';
import { notificationStore } from '#shared/db/notification-repository';
import { listUserGrants, revokeUserGrant } from '#shared/db/oauth-repository';
import { phoneStore } from '#shared/db/phone-repository';
import { consumeRateLimit } from '#shared/db/rate-limiter';
import type { AccountDeletionDeps } from '#shared/domain/account-lifecycle/account-deletion';
import type { AccountErasureDeps } from '#shared/domain/account-lifecycle/account-erasure';
import type { AccountExportDeps, ExportStatusDeps } from '#shared/domain/account-lifecycle/account-export';
import { systemClock, ulidIds } from '#shared/domain/clock';

/** POST /v1/me/export: records the request; the archive is built by a stream reaction (no S3 client here). */
export const exportRequestDeps: AccountExportDeps = {
  requests: exportRequestStore,
  rateLimit: consumeRateLimit,
  clock: systemClock,
  ids: ulidIds,
};

/** GET /v1/me/export: the request's state and a presigned link (signed without the S3 client). */
export const exportStatusDeps: ExportStatusDeps = {
  requests: exportRequestStore,
  archives: configuredArchiveLinks,
  clock: systemClock,
};

export const accountDeletionDeps: AccountDeletionDeps = {
  accounts: { getAccount, findAccountByLogin },
  lifecycle: accountLifecycleStore,
  phones: phoneStore,
  appGrants: { listUserGrants, revokeUserGrant },
  passwords: { verify: verifyPassword, verifyDummy: verifyAgainstDummy },
  rateLimit: consumeRateLimit,
  clock: systemClock,
  get graceDays() {
    return config().ACCOUNT_ERASURE_GRACE_DAYS;
  },
};

export const accountErasureDeps: AccountErasureDeps = {
  lifecycle: accountLifecycleStore,
  erasure: accountErasureStore,
  notifications: notificationStore,
  clock: systemClock,
};

import { exportStatus } from '#shared/domain/account-lifecycle/account-export';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { accountExportDeps } from './deps';

export const handler = httpHandler({ auth: 'required' }, async ({ caller }) =>
  ok(await exportStatus(accountExportDeps, caller.userId)),
);

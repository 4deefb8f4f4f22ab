import { exportStatus } from '#shared/domain/account-lifecycle/account-export';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { exportStatusDeps } from './deps';

export const handler = httpHandler({ auth: 'required' }, async ({ caller }) =>
  ok(await exportStatus(exportStatusDeps, caller.userId)),
);

import { requestExport } from '#shared/domain/account-lifecycle/account-export';
import { httpHandler } from '#shared/http/handler';
import { accepted } from '#shared/http/responses';
import { exportRequestDeps } from './deps';

/** 202: the archive is built in the background; GET /v1/me/export says when it is ready. */
export const handler = httpHandler({ auth: 'required' }, async ({ caller }) =>
  accepted(await requestExport(exportRequestDeps, caller.userId)),
);

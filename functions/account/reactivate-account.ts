import { reactivateAccount } from '#shared/domain/account-lifecycle/account-deletion';
import { publicHttpHandler } from '#shared/http/public-handler';
import { ok } from '#shared/http/responses';
import { ReactivateBody } from '#shared/schemas/account-lifecycle';
import { accountDeletionDeps } from './deps';

export const handler = publicHttpHandler({ schemas: { body: ReactivateBody } }, async ({ body, sourceIp }) =>
  ok(await reactivateAccount(accountDeletionDeps, body, sourceIp)),
);

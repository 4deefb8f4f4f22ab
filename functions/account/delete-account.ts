import { deleteAccount } from '#shared/domain/account-lifecycle/account-deletion';
import { httpHandler } from '#shared/http/handler';
import { accepted } from '#shared/http/responses';
import { DeleteAccountBody } from '#shared/schemas/account-lifecycle';
import { accountDeletionDeps } from './deps';

/** 202: deactivated now, erased after the grace period (the body says when). */
export const handler = httpHandler(
  { auth: 'required', schemas: { body: DeleteAccountBody } },
  async ({ caller, body }) =>
    accepted(await deleteAccount(accountDeletionDeps, caller.userId, body.password)),
);

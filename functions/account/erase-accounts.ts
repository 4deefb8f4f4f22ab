/**
 * The scheduled erasure job (catalog `EraseAccounts`): erases the accounts whose grace period is over, while
 * the invocation has time left; the next run carries on with the rest.
 */
import type { Context } from 'aws-lambda';
import { eraseDueAccounts } from '#shared/domain/account-lifecycle/account-erasure';
import { logger } from '#shared/observability';
import { accountErasureDeps } from './deps';

/** Time kept back for finishing the account in hand. */
const SAFETY_MARGIN_MS = 30_000;

export async function handler(_event: unknown, context: Context) {
  const run = await eraseDueAccounts(
    accountErasureDeps,
    () => context.getRemainingTimeInMillis() > SAFETY_MARGIN_MS,
  );
  logger.info('erasure run', {
    erased: run.erased.length,
    contentErased: run.contentErased.length,
    unfinished: run.unfinished,
  });
  return run;
}

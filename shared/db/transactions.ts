import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/**
 * For a cancelled TransactWriteItems: the index of each item whose condition failed. Empty for any other error
 * (including a cancellation for conflict with another transaction, which the caller treats as "try again").
 */
export function failedConditions(error: unknown): number[] | undefined {
  if (
    !(error instanceof TransactionCanceledException) &&
    (error as Error)?.name !== 'TransactionCanceledException'
  ) {
    return undefined;
  }
  const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
  return reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
}

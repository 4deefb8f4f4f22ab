/**
 * The invocation record Lambda writes to a stream consumer's S3 on-failure destination (and the local stack to
 * its failure file): metadata plus the batch's whole event as `payload`. Read by `npm run replay-failures`
 * (tools/replay-failures.ts) and the local stack's replay route, which hand the event back to the consumer.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from '#shared/schemas/zod';

const FailureRecordSchema = z.looseObject({
  requestContext: z.looseObject({ functionArn: z.string().check(z.minLength(1)) }),
  payload: z.union([z.string(), z.looseObject({ Records: z.array(z.unknown()) })]),
  local: z.optional(z.looseObject({ functionName: z.string() })),
});

export interface FailedBatch {
  /** The consumer that gave up: its function name (the last part of the ARN). */
  functionName: string;
  event: DynamoDBStreamEvent;
}

export class FailureRecordError extends Error {
  override name = 'FailureRecordError';
}

export function readFailureRecord(json: unknown, source: string): FailedBatch {
  const result = FailureRecordSchema.safeParse(json);
  if (!result.success) throw new FailureRecordError(`${source} is not a Lambda failure record (no payload)`);
  const { requestContext, payload, local } = result.data;
  const event: unknown = typeof payload === 'string' ? JSON.parse(payload) : payload;
  if (!isStreamEvent(event)) throw new FailureRecordError(`${source}: the payload holds no Records`);
  const functionName = local?.functionName ?? requestContext.functionArn.split(':').slice(6, 7).join('');
  if (!functionName)
    throw new FailureRecordError(`${source}: no function name in ${requestContext.functionArn}`);
  return { functionName, event };
}

/** Whether a consumer's answer means every record was processed (ReportBatchItemFailures semantics). */
export function replaySucceeded(response: unknown): boolean {
  if (response === undefined || response === null) return true;
  const failures = (response as Partial<DynamoDBBatchResponse>).batchItemFailures;
  return failures === undefined || failures === null || failures.length === 0;
}

function isStreamEvent(value: unknown): value is DynamoDBStreamEvent {
  return (
    typeof value === 'object' && value !== null && Array.isArray((value as { Records?: unknown }).Records)
  );
}

/**
 * The stream consumer that materialises timelines (shared/domain/fan-out.ts). Records are processed with the
 * Powertools batch processor: a failing record is reported in `batchItemFailures`, so only it (and what
 * follows it in its shard) is retried; everything it writes is deterministic, so retries are harmless.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { parseStreamRecord } from '#shared/db/stream-records';
import { fanOutStore } from '#shared/db/timeline-repository';
import { systemClock } from '#shared/domain/clock';
import { applyStreamChange } from '#shared/domain/fan-out';
import { logger } from '#shared/observability';

const processor = new BatchProcessor(EventType.DynamoDBStreams);
const deps = { store: fanOutStore(), clock: systemClock };

async function recordHandler(record: DynamoDBRecord): Promise<void> {
  const change = parseStreamRecord(record);
  if (!change) return;
  logger.debug('Applying stream change', { kind: change.kind, eventId: record.eventID });
  await applyStreamChange(deps, change);
}

export const handler = async (
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  return processPartialResponse(event, recordHandler, processor, { context });
};

/**
 * The one way a DynamoDB stream consumer is built: the Powertools batch processor with partial batch
 * responses, so a failing record is reported in `batchItemFailures` and only it (and what follows it in its
 * shard) is retried; the event source mapping bisects, retries and finally sends it to the failure queue.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { flushMetrics, logger } from '#shared/observability';

export type StreamRecordHandler = (record: DynamoDBRecord) => Promise<void>;

export function streamHandler(handleRecord: StreamRecordHandler) {
  return async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
    // A processor per invocation: it keeps the batch's results in itself, so two invocations overlapping in
    // one process (the local stack abandons a timed-out invocation and retries the batch while it still runs)
    // would otherwise report each other's records.
    const processor = new BatchProcessor(EventType.DynamoDBStreams);
    logger.addContext(context);
    try {
      // In order, one record at a time: records of a shard arrive in order and handlers that diff images
      // (the search indexer) depend on it; it also bounds the writes in flight to one record's reactions.
      return await processPartialResponse(event, handleRecord, processor, {
        context,
        processInParallel: false,
      });
    } finally {
      flushMetrics();
    }
  };
}

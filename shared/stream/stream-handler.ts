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
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  return async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
    logger.addContext(context);
    try {
      return await processPartialResponse(event, handleRecord, processor, { context });
    } finally {
      flushMetrics();
    }
  };
}

/**
 * The stream consumers' on-failure destination. In AWS, records a consumer gives up on (retries exhausted or
 * too old) are described in a message to an SQS queue; locally the same message is appended to
 * `.skylark/stream-failures.jsonl` (or kept in memory with --in-memory) and logged loudly.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DynamoDBRecord } from 'aws-lambda';

export type FailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

/** The invocation record Lambda sends for discarded stream records, plus a local-only `local` section. */
export interface StreamFailure {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: FailureCondition;
    approximateInvokeCount: number;
  };
  responseContext: { statusCode: number; executedVersion: string; functionError?: string };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
  /** Not in AWS's message (there you read the records back from the stream by sequence number). */
  local: { functionName: string; lastError?: string; records: DynamoDBRecord[] };
}

export interface FailureDestination {
  /** Where failures go, for log messages and the banner. */
  readonly description: string;
  send(failure: StreamFailure): Promise<void>;
  /** Everything sent during this process's life. */
  sent(): readonly StreamFailure[];
}

export function memoryFailureDestination(): FailureDestination {
  const failures: StreamFailure[] = [];
  return {
    description: 'memory (--in-memory)',
    send: async (failure) => {
      failures.push(failure);
    },
    sent: () => failures,
  };
}

export function fileFailureDestination(path: string): FailureDestination {
  const failures: StreamFailure[] = [];
  return {
    description: path,
    send: async (failure) => {
      failures.push(failure);
      await mkdir(dirname(path), { recursive: true });
      await appendFile(path, `${JSON.stringify(failure)}\n`, 'utf8');
    },
    sent: () => failures,
  };
}

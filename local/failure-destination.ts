/**
 * The stream consumers' on-failure destination. In AWS, Lambda writes the invocation record of a batch a
 * consumer gives up on (retries exhausted or too old), its payload included, to an S3 bucket; locally the same
 * record is appended to `.skylark/stream-failures.jsonl` (or kept in memory with --in-memory) and logged
 * loudly. `npm run replay-failures` replays either (tools/replay-failures.ts).
 */
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
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
  /** The batch's event ({"Records": [...]}) as JSON text, as in the S3 object Lambda writes. */
  payload: string;
  /** Local only: which consumer, why, and the records again (parsed). */
  local: { functionName: string; lastError?: string; records: DynamoDBRecord[] };
}

export interface FailureDestination {
  /** Where failures go, for log messages and the banner. */
  readonly description: string;
  send(failure: StreamFailure): Promise<void>;
  /** Everything sent during this process's life. */
  sent(): readonly StreamFailure[];
  /** Everything waiting to be replayed (the file's lines, or this process's failures in memory). */
  waiting(): Promise<StreamFailure[]>;
  /** Keeps only these as waiting (the ones a replay could not process). */
  keep(failures: readonly StreamFailure[]): Promise<void>;
}

export function memoryFailureDestination(): FailureDestination {
  const failures: StreamFailure[] = [];
  let waiting: StreamFailure[] = [];
  return {
    description: 'memory (--in-memory)',
    send: async (failure) => {
      failures.push(failure);
      waiting.push(failure);
    },
    sent: () => failures,
    waiting: async () => [...waiting],
    keep: async (kept) => {
      waiting = [...kept];
    },
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
    waiting: async () => {
      const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return '';
        throw error;
      });
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as StreamFailure);
    },
    keep: async (kept) => {
      const text = kept.map((failure) => `${JSON.stringify(failure)}\n`).join('');
      await writeFile(`${path}.tmp`, text, 'utf8');
      await rename(`${path}.tmp`, path);
    },
  };
}

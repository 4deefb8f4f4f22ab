/**
 * npm run replay-failures: hands stream batches a consumer gave up on back to it, once the bug is fixed.
 *
 *   AWS:   npm run replay-failures -- --bucket <FailureBucket output> [--prefix <key prefix>] [--delete]
 *   local: npm run replay-failures -- --local [--url http://127.0.0.1:3000]
 *
 * In AWS each object in the bucket is one Lambda invocation record with the batch's whole event (`payload`);
 * the event is sent to the function named in the record, synchronously, and counts as replayed only if the
 * function answers without an error and without batchItemFailures. `--delete` removes replayed objects
 * (otherwise they expire with the bucket's lifecycle). Locally the running stack replays its own failure file
 * (POST /_local/stream-failures/replay). Replaying is safe: reactions write deterministic keys.
 */
import { parseArgs } from 'node:util';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { readFailureRecord, replaySucceeded } from '#shared/stream/failure-record';

interface Outcome {
  source: string;
  functionName: string;
  records: number;
  replayed: boolean;
  error?: string;
}

async function replayFromS3(bucket: string, prefix: string | undefined, remove: boolean): Promise<Outcome[]> {
  const s3 = new S3Client({});
  const lambda = new LambdaClient({});
  const outcomes: Outcome[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      if (!object.Key) continue;
      const source = `s3://${bucket}/${object.Key}`;
      const body = await (
        await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }))
      ).Body?.transformToString();
      const batch = readFailureRecord(JSON.parse(body ?? 'null'), source);
      const response = await lambda.send(
        new InvokeCommand({
          FunctionName: batch.functionName,
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify(batch.event)),
        }),
      );
      const answer: unknown = response.Payload
        ? JSON.parse(new TextDecoder().decode(response.Payload) || 'null')
        : null;
      const replayed = !response.FunctionError && replaySucceeded(answer);
      outcomes.push({
        source,
        functionName: batch.functionName,
        records: batch.event.Records.length,
        replayed,
        ...(replayed ? {} : { error: response.FunctionError ?? 'records failed again' }),
      });
      if (replayed && remove) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.Key }));
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return outcomes;
}

async function replayLocally(url: string): Promise<Outcome[]> {
  const response = await fetch(`${url.replace(/\/+$/, '')}/_local/stream-failures/replay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (!response.ok) throw new Error(`The local stack answered ${response.status}: ${await response.text()}`);
  const { items } = (await response.json()) as { items: Omit<Outcome, 'source'>[] };
  return items.map((item, index) => ({ source: `local failure ${index + 1}`, ...item }));
}

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      bucket: { type: 'string' },
      prefix: { type: 'string' },
      delete: { type: 'boolean', default: false },
      local: { type: 'boolean', default: false },
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
    },
  });
  if (!values.local && !values.bucket) {
    process.stderr.write(
      'Give --bucket <name> (AWS: the <Consumer>FailureBucket output) or --local (npm start running).',
    );
    return 2;
  }
  const outcomes = values.local
    ? await replayLocally(values.url)
    : await replayFromS3(values.bucket as string, values.prefix, values.delete);
  for (const outcome of outcomes) {
    const mark = outcome.replayed ? 'replayed' : `FAILED (${outcome.error})`;
    process.stdout.write(
      `${mark}: ${outcome.records} record(s) to ${outcome.functionName} from ${outcome.source}\n`,
    );
  }
  const failed = outcomes.filter((outcome) => !outcome.replayed).length;
  process.stdout.write(`${outcomes.length - failed} of ${outcomes.length} batch(es) replayed.\n`);
  return failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  },
);

/**
 * Integration-test plumbing for the timeline fan-out: the test table's real stream (DynamoDB Local) read back as the DynamoDBStreamEvent records Lambda would deliver, filtered by the
 * filter patterns of the reactions that write timelines and page digests: the post fan-out and the repost
 * fan-out (the same matcher the local stream poller uses).
 */
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { repostFanOut, timelineFanOut } from '#functions/reactions/reactions';
import { toLambdaRecord } from '#local/stream-records';
import { matchesAnyFilter } from '#shared/stream/filter-pattern';

/** DynamoDB Local keeps one set of tables per access key and region: use the same ones as the code under test. */
const clientConfig = () => ({ region: process.env.AWS_REGION, endpoint: process.env.DYNAMODB_ENDPOINT });

/** Reads the stream incrementally: each call returns the records written since the previous call. */
export function streamReader(streamArn: string) {
  const streams = new DynamoDBStreamsClient(clientConfig());
  const iterators = new Map<string, string | undefined>();
  return async function newRecords(): Promise<DynamoDBRecord[]> {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      iterators.set(shard.ShardId, ShardIterator);
    }
    const records: DynamoDBRecord[] = [];
    for (const [shardId, start] of iterators) {
      let iterator = start;
      while (iterator) {
        const output = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        for (const record of output.Records ?? []) {
          records.push(toLambdaRecord(record, { streamArn, region: 'us-east-1' }));
        }
        iterators.set(shardId, output.NextShardIterator);
        if ((output.Records ?? []).length === 0) break;
        iterator = output.NextShardIterator;
      }
    }
    const filters = [...timelineFanOut.filters, ...repostFanOut.filters];
    return records.filter((record) => matchesAnyFilter(filters, record));
  };
}

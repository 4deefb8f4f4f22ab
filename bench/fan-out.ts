/**
 * Fan-out of one post to N followers through the real consumer handler, against DynamoDB Local: requests
 * issued, write units (by item size), wall time; then the same N+1 entries written one PutItem at a time.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { handler } from '#functions/reactions/table-reader';
import { batchWrite } from '#shared/db/batch-write';
import { db, tableName } from '#shared/db/client';
import { ItemType, keys } from '#shared/db/keys';
import { postItem, timelineEntryItem } from '#shared/db/post-item';
import { postStore } from '#shared/db/post-repository';
import { userDirectory } from '#shared/db/user-directory';
import { systemClock, ulidIds } from '#shared/domain/clock';
import { createPost } from '#shared/domain/post';
import { makeLambdaContext } from '#test/factories/api-gateway-event';
import { insertVerifiedUser } from '#test/factories/users';
import { countRequests, round, toImage, writeResult } from './support';

const SIZES = [1, 25, 26, 1_000, 10_000];
const TEXT =
  'Benchmarking the fan-out: a post of about a hundred characters, with a #hashtag and a link https://ex.am/ple';

async function withFollowers(count: number) {
  const author = (await insertVerifiedUser()).user;
  const followers = Array.from({ length: count }, () => ulid());
  await batchWrite(
    db(),
    tableName(),
    followers.map((followerId) => ({
      PutRequest: {
        Item: {
          ...keys.follow(followerId, author.id),
          ...keys.followerOf(author.id, followerId),
          type: ItemType.Follow,
          followerId,
          followeeId: author.id,
          createdAt: new Date().toISOString(),
        },
      },
    })),
  );
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.user(author.id),
      UpdateExpression: 'SET followerCount = :n',
      ExpressionAttributeValues: { ':n': count },
    }),
  );
  return { author, followers };
}

async function main() {
  const rows = [];
  for (const n of SIZES) {
    const { author, followers } = await withFollowers(n);
    const post = await createPost(
      { posts: postStore, users: userDirectory, clock: systemClock, ids: ulidIds },
      { authorId: author.id, text: TEXT },
    );
    const item = postItem(post);
    const event: DynamoDBStreamEvent = {
      Records: [
        {
          eventID: '1',
          eventName: 'INSERT',
          eventSource: 'aws:dynamodb',
          dynamodb: {
            NewImage: toImage({ ...item }),
            SequenceNumber: '1',
            StreamViewType: 'NEW_AND_OLD_IMAGES',
          },
        },
      ],
    };
    const counter = countRequests();
    const started = performance.now();
    const response = await handler(event, makeLambdaContext());
    const fanOutMs = performance.now() - started;
    counter.stop();
    if (response.batchItemFailures.length > 0) throw new Error('the fan-out failed');

    const baseline = countRequests();
    const baselineStarted = performance.now();
    for (const ownerId of [author.id, ...followers]) {
      await db().send(new PutCommand({ TableName: tableName(), Item: timelineEntryItem(ownerId, post) }));
    }
    const baselineMs = performance.now() - baselineStarted;
    baseline.stop();

    const batchWrites = counter.counts.byCommand.BatchWrite ?? 0;
    rows.push({
      followers: n,
      entries: n + 1,
      fanOut: {
        requests: counter.counts.total,
        byCommand: counter.counts.byCommand,
        batchWrites,
        expectedBatchWrites: Math.ceil((n + 1) / 25),
        writeUnits: counter.counts.writeUnits,
        wallMs: round(fanOutMs),
      },
      putItemEach: {
        requests: baseline.counts.total,
        writeUnits: baseline.counts.writeUnits,
        wallMs: round(baselineMs),
      },
      requestRatio: round(baseline.counts.total / counter.counts.total, 1),
      timeRatio: round(baselineMs / fanOutMs, 1),
      entryBytes: JSON.stringify(timelineEntryItem(author.id, post)).length,
    });
    console.log(
      `fan-out N=${n}: ${counter.counts.total} requests in ${round(fanOutMs)} ms vs ${baseline.counts.total} PutItems in ${round(baselineMs)} ms`,
    );
  }
  await writeResult('fan-out', { rows });
}

await main();

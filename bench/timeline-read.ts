/**
 * A home-timeline page of 20 through the real read path (domain + repository), against DynamoDB Local:
 * requests and read units (by item size), without and with a followed celebrity.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#shared/db/client';
import { keys } from '#shared/db/keys';
import { timelineEntryItem } from '#shared/db/post-item';
import { postStore } from '#shared/db/post-repository';
import { countPost } from '#shared/db/rate-limiter';
import { relationshipReads } from '#shared/db/relationship-repository';
import { applyWrites, timelineReader } from '#shared/db/timeline-repository';
import { userDirectory } from '#shared/db/user-directory';
import { systemClock, ulidIds } from '#shared/domain/clock';
import type { TimelineWrite } from '#shared/domain/fan-out';
import { createPost, type Post } from '#shared/domain/post';
import { readTimeline } from '#shared/domain/timeline';
import { insertVerifiedUser } from '#test/factories/users';
import { countRequests, itemSize, round, writeResult } from './support';

const postDeps = {
  posts: postStore,
  users: userDirectory,
  relationships: relationshipReads,
  countPost,
  clock: systemClock,
  ids: ulidIds,
};
const TEXT =
  'A typical post of about a hundred characters: some words, a mention of nobody, and a #tag. Fine.';

async function measure(ownerId: string, label: string, cursor?: string) {
  const counter = countRequests();
  const started = performance.now();
  const page = await readTimeline(
    { timeline: timelineReader, clock: systemClock },
    { ownerId, limit: 20, cursor },
  );
  const ms = performance.now() - started;
  counter.stop();
  console.log(
    `${label}: ${page.items.length} items, ${counter.counts.total} requests, ${counter.counts.readUnits} RCU`,
  );
  return {
    case: label,
    items: page.items.length,
    requests: counter.counts.total,
    byCommand: counter.counts.byCommand,
    readUnits: counter.counts.readUnits,
    wallMs: round(ms),
    nextCursor: page.nextCursor,
  };
}

async function main() {
  const reader = (await insertVerifiedUser()).user;
  const authors = await Promise.all(Array.from({ length: 10 }, () => insertVerifiedUser()));
  const posts: Post[] = [];
  for (let index = 0; index < 60; index++) {
    const author = authors[index % authors.length]?.user;
    if (author) posts.push(await createPost(postDeps, { authorId: author.id, text: `${TEXT} ${index}` }));
  }
  await applyWrites(posts.map((post): TimelineWrite => ({ op: 'put_entry', ownerId: reader.id, post })));
  const entryBytes = itemSize(timelineEntryItem(reader.id, posts[0] as Post));

  const rows = [];
  const first = await measure(reader.id, 'page 1, no celebrity followed');
  rows.push(first);
  rows.push(await measure(reader.id, 'page 2, no celebrity followed', first.nextCursor ?? undefined));

  const star = (await insertVerifiedUser()).user;
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.user(star.id),
      UpdateExpression: 'SET celebritySince = :t',
      ExpressionAttributeValues: { ':t': new Date(Date.now() - 3_600_000).toISOString() },
    }),
  );
  for (let index = 0; index < 30; index++)
    await createPost(postDeps, { authorId: star.id, text: `${TEXT} star ${index}` });
  await applyWrites([{ op: 'put_pull', ownerId: reader.id, celebrityId: star.id }]);
  const celebrityFirst = await measure(reader.id, 'page 1, one celebrity followed');
  rows.push(celebrityFirst);
  rows.push(
    await measure(reader.id, 'page 2, one celebrity followed', celebrityFirst.nextCursor ?? undefined),
  );
  await writeResult('timeline-read', { entryBytes, rows: rows.map(({ nextCursor: _, ...row }) => row) });
}

await main();

/**
 * A home-timeline page of 20 through the real read path (domain + repository), against DynamoDB Local:
 * requests and read units (by item size), without and with followed celebrities (1, 10, 50 and 100), each
 * three ways: "cache cold" (every read starts with an empty cache of pulled pages: the celebrities' page digests
 * are read, all in one BatchGetItem), "cache cold, no digests" (the same without digests, as for celebrities
 * promoted before them: one Query of each celebrity's page, in parallel, bounded) and "cache warm" (another reader
 * following the same celebrities read within the TTL, so their pages come from the cache).
 * Wall time is the median of SAMPLES reads of the same page.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { postDeps } from '#functions/posts/deps';
import { authorPage } from '#shared/db/author-page';
import { db, tableName } from '#shared/db/client';
import { keys } from '#shared/db/keys';
import { pageDigestStorage, readPageDigests } from '#shared/db/page-digest-repository';
import { timelineEntryItem } from '#shared/db/post-item';
import { applyWrites, timelineReader } from '#shared/db/timeline-repository';
import { mapBounded } from '#shared/domain/bounded';
import { systemClock } from '#shared/domain/clock';
import type { TimelineWrite } from '#shared/domain/fan-out';
import { buildPageDigest } from '#shared/domain/page-digest';
import { createPost, type Post } from '#shared/domain/post';
import { pulledAuthorPages } from '#shared/domain/pulled-page-cache';
import {
  PULLED_AUTHORS_IN_FLIGHT,
  readTimeline,
  TIMELINE_RULES,
  type TimelineReader,
} from '#shared/domain/timeline';
import { insertVerifiedUser, promoteToCelebrity } from '#test/factories/users';
import { recordSentCommands, type SentCommand } from '#test/support/sent-commands';
import { countRequests, itemSize, percentile, round, writeResult } from './support';

const TEXT =
  'A typical post of about a hundred characters: some words, a mention of nobody, and a #tag. Fine.';

const SAMPLES = 5;
const CELEBRITY_COUNTS = [10, 50, 100];
/** A full digest (40 entries) and one more on the page, as for any celebrity who has posted that much. */
const POSTS_PER_CELEBRITY = TIMELINE_RULES.pulledPageWindow + 1;

/**
 * The production reader with its own cache of pulled pages, on a stopped clock (nothing expires meanwhile), and
 * the page digests unless `digests` is false.
 */
function readerWithCache(digests = true): TimelineReader {
  const startedAt = new Date();
  return {
    ...timelineReader,
    pulledAuthorPages: pulledAuthorPages((id, page) => authorPage(id, page), {
      clock: { now: () => startedAt },
      ttlMs: 60_000,
      maxAuthors: TIMELINE_RULES.pulledPageCacheAuthors,
      window: TIMELINE_RULES.pulledPageWindow,
      inFlight: PULLED_AUTHORS_IN_FLIGHT,
      ...(digests ? { readDigests: readPageDigests } : {}),
    }),
  };
}

/**
 * Reads one page: once counted, then SAMPLES times timed. `reader()` gives the timeline reader of each read:
 * a new cache for cold reads, one shared (already warmed) cache for warm reads.
 */
async function measure(ownerId: string, label: string, reader: () => TimelineReader, cursor?: string) {
  const read = () => readTimeline({ timeline: reader(), clock: systemClock }, { ownerId, limit: 20, cursor });
  const counter = countRequests();
  const recorded = recordSentCommands();
  const page = await read();
  recorded.stop();
  counter.stop();
  const samples = await timed(read);
  const floorSamples = await timed(() => replayBare(recorded.commands));
  const ms = percentile(samples, 50);
  const floorMs = percentile(floorSamples, 50);
  console.log(
    `${label}: ${page.items.length} items, ${counter.counts.total} requests, ${counter.counts.readUnits} RCU, ${round(ms)} ms (bare requests ${round(floorMs)} ms)`,
  );
  return {
    case: label,
    items: page.items.length,
    requests: counter.counts.total,
    byCommand: counter.counts.byCommand,
    readUnits: counter.counts.readUnits,
    wallMs: round(ms),
    samples: samples.map((sample) => round(sample)),
    floorMs: round(floorMs),
    ratioToFloor: round(ms / floorMs, 2),
    nextCursor: page.nextCursor,
  };
}

async function timed(work: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let sample = 0; sample < SAMPLES; sample++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return samples;
}

/**
 * The engine's floor for a page: the read's own requests sent again bare (no parsing, merging or hydration),
 * with the read's dependency shape: the first alone (the entries and markers Query), then the rest at the read's
 * concurrency (the pulled pages, PULLED_AUTHORS_IN_FLIGHT at once).
 */
async function replayBare(commands: readonly SentCommand[]): Promise<void> {
  // A new command each time: a sent command keeps the middleware its first send added.
  const resend = (command: SentCommand) =>
    db().send(new (command.constructor as new (input: unknown) => SentCommand)(command.input));
  const [first, ...rest] = commands;
  if (first) await resend(first);
  await mapBounded(rest, PULLED_AUTHORS_IN_FLIGHT, resend);
}

/**
 * Pages 1 and 2 of `ownerId`, cache cold (with and without page digests), then cache warm after `other` (same
 * celebrities) read its pages.
 */
async function measureCelebrityPages(ownerId: string, otherId: string, followed: string) {
  const cold = () => readerWithCache();
  const page1 = await measure(ownerId, `page 1, ${followed}, cache cold`, cold);
  const page2 = await measure(
    ownerId,
    `page 2, ${followed}, cache cold`,
    cold,
    page1.nextCursor ?? undefined,
  );
  const withoutDigests = () => readerWithCache(false);
  const undigested = [
    await measure(ownerId, `page 1, ${followed}, cache cold, no digests`, withoutDigests),
    await measure(
      ownerId,
      `page 2, ${followed}, cache cold, no digests`,
      withoutDigests,
      page1.nextCursor ?? undefined,
    ),
  ];
  const shared = readerWithCache();
  const warm = () => shared;
  const otherPage1 = await readTimeline(
    { timeline: shared, clock: systemClock },
    { ownerId: otherId, limit: 20 },
  );
  if (otherPage1.nextCursor)
    await readTimeline(
      { timeline: shared, clock: systemClock },
      { ownerId: otherId, limit: 20, cursor: otherPage1.nextCursor },
    );
  return [
    page1,
    page2,
    ...undigested,
    await measure(ownerId, `page 1, ${followed}, cache warm`, warm),
    await measure(ownerId, `page 2, ${followed}, cache warm`, warm, page1.nextCursor ?? undefined),
  ];
}

/** A promoted celebrity (celebritySince an hour ago) with `posts` posts of their own, and their page digest. */
async function celebrity(posts: number) {
  const star = (await insertVerifiedUser()).user;
  await promoteToCelebrity(star.id, new Date(Date.now() - 3_600_000));
  for (let index = 0; index < posts; index++)
    await createPost(postDeps, { authorId: star.id, text: `${TEXT} star ${index}` });
  // What the fan-out does on promotion (no stream runs here).
  await buildPageDigest(pageDigestStorage, star.id);
  return star;
}

/** A reader whose timeline holds `posts` as entries and who follows `celebrities` (pull markers). */
async function readerOf(posts: readonly Post[], celebrities: readonly { id: string }[]) {
  const reader = (await insertVerifiedUser()).user;
  await applyWrites([
    ...posts.map((post): TimelineWrite => ({ op: 'put_entry', ownerId: reader.id, post })),
    ...celebrities.map(
      (star): TimelineWrite => ({ op: 'put_pull', ownerId: reader.id, celebrityId: star.id }),
    ),
  ]);
  return reader;
}

async function main() {
  const authors = await Promise.all(Array.from({ length: 10 }, () => insertVerifiedUser()));
  const posts: Post[] = [];
  for (let index = 0; index < 60; index++) {
    const author = authors[index % authors.length]?.user;
    if (author) posts.push(await createPost(postDeps, { authorId: author.id, text: `${TEXT} ${index}` }));
  }
  const reader = await readerOf(posts, []);
  const entryBytes = itemSize(timelineEntryItem(reader.id, posts[0] as Post));

  const rows = [];
  const uncached = () => timelineReader;
  const first = await measure(reader.id, 'page 1, no celebrity followed', uncached);
  const second = await measure(
    reader.id,
    'page 2, no celebrity followed',
    uncached,
    first.nextCursor ?? undefined,
  );
  rows.push(first, second);

  const stars = [await celebrity(30)];
  const fullStar = await celebrity(POSTS_PER_CELEBRITY);
  const { Item: fullDigest } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.pageDigest(fullStar.id) }),
  );
  const digestBytes = fullDigest ? itemSize(fullDigest) : 0;
  const [fan, otherFan] = [await readerOf(posts, stars), await readerOf(posts, stars)];
  rows.push(...(await measureCelebrityPages(fan.id, otherFan.id, 'one celebrity followed')));

  for (const count of CELEBRITY_COUNTS) {
    const more = Array.from({ length: count - stars.length }, () => POSTS_PER_CELEBRITY);
    stars.push(...(await mapBounded(more, 8, celebrity)));
    const followed = stars.slice(0, count);
    const [many, other] = [await readerOf(posts, followed), await readerOf(posts, followed)];
    rows.push(...(await measureCelebrityPages(many.id, other.id, `${count} celebrities followed`)));
  }
  await writeResult('timeline-read', {
    entryBytes,
    samples: SAMPLES,
    postsPerCelebrity: POSTS_PER_CELEBRITY,
    digestBytes,
    rows: rows.map(({ nextCursor: _, ...row }) => {
      const baseline = row.case.startsWith('page 2') ? second : first;
      return { ...row, ratioToNoCelebrity: round(row.wallMs / baseline.wallMs, 2) };
    }),
  });
}

await main();

/**
 * The local stack under load: autocannon, 10 connections, for BENCH_LOAD_SECONDS (default 20) per route,
 * against GET /v1/timeline (a reader following authors who have posted) and POST /v1/posts (distinct bodies
 * spread over many authors, so the per-account posting limit is not what gets measured). Afterwards every
 * 201's post id must be readable on its author's page, and the table must hold exactly that many new posts.
 *
 * autocannon runs in this process, beside the stack: the figures are the whole local stack's (one Node process
 * plus DynamoDB Local's JVM on the same cores), load generator included.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import type { LocalStack } from '#local/stack';
import { db, tableName } from '#shared/db/client';
import { ItemType } from '#shared/db/keys';
import { PAGE_LIMIT } from '#shared/domain/pagination';
import { DEFAULT_RATE_LIMITS } from '#shared/domain/rate-limits';
import { insertVerifiedUser } from '#test/factories/users';
import {
  type ApiCall,
  type BenchUser,
  round,
  seedReaderTimeline,
  startBenchStack,
  writeResult,
} from './support';

const CONNECTIONS = 10;
const DURATION_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const SEED_AUTHORS = 10;
const SEED_POSTS = 100;
/**
 * Posting authors: enough that each stays well inside `post:burst` (300 per 3 hours) even at 500 posts a
 * second, several times what the local stack sustains; a 429 would show up in the non-2xx column.
 */
const POSTING_AUTHORS = Math.ceil((500 * DURATION_SECONDS) / (DEFAULT_RATE_LIMITS['post:burst'].limit / 2));

async function main() {
  if (!Number.isFinite(DURATION_SECONDS) || DURATION_SECONDS <= 0)
    throw new Error(`BENCH_LOAD_SECONDS must be a positive number of seconds, not ${DURATION_SECONDS}`);
  const stack = await startBenchStack();
  try {
    const { reader, call } = await seedReaderTimeline(stack, { authors: SEED_AUTHORS, posts: SEED_POSTS });
    const posters = await Promise.all(Array.from({ length: POSTING_AUTHORS }, () => insertVerifiedUser()));
    // The reader follows the posters too, so every post under load is fanned out to a second timeline.
    for (const poster of posters)
      await call('PUT', `/v1/users/${poster.user.username}/follow`, reader.accessToken);
    const page = (await call('GET', '/v1/timeline?limit=20', reader.accessToken)) as { items: unknown[] };
    if (page.items.length !== 20)
      throw new Error(`the reader's timeline has ${page.items.length} posts, not 20`);

    const timeline = summary(
      'GET /v1/timeline',
      await autocannon({
        url: new URL('/v1/timeline?limit=20', stack.url).href,
        connections: CONNECTIONS,
        duration: DURATION_SECONDS,
        headers: { authorization: `Bearer ${reader.accessToken}` },
      }),
    );
    const posting = await loadPosts(stack, posters);
    await stack.streams.drain({ timeoutMs: 120_000 });
    const lost = await countLostPosts(call, reader, posters, posting);
    const rows = [timeline, { ...summary('POST /v1/posts', posting.result), ...lost }];
    for (const row of rows) console.log(row);
    await writeResult('load', {
      connections: CONNECTIONS,
      durationSeconds: DURATION_SECONDS,
      seed: { authors: SEED_AUTHORS, posts: SEED_POSTS },
      postingAuthors: POSTING_AUTHORS,
      rows,
    });
  } finally {
    await stack.stop();
  }
}

/** POST /v1/posts round robin over the posters, each body distinct; the ids of the 201s, by author. */
async function loadPosts(stack: LocalStack, posters: BenchUser[]) {
  const created: { id: string; username: string }[] = [];
  let sequence = 0;
  const result = await autocannon({
    url: stack.url,
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
    requests: [
      {
        method: 'POST',
        path: '/v1/posts',
        setupRequest: (request, context: { username?: string }) => {
          const index = sequence++;
          const poster = posters[index % posters.length] as BenchUser;
          // autocannon keeps one context per connection and calls onResponse before the next setupRequest.
          context.username = poster.user.username;
          return {
            ...request,
            headers: { authorization: `Bearer ${poster.accessToken}`, 'content-type': 'application/json' },
            body: JSON.stringify({ text: `load post ${index} by @${poster.user.username} #bench` }),
          };
        },
        onResponse: (status, body, context: { username?: string }) => {
          if (status === 201 && context.username)
            created.push({ id: (JSON.parse(body) as { id: string }).id, username: context.username });
        },
      },
    ],
  });
  return { result, created };
}

/**
 * Every 201's post id looked for on its own author's page (GET /v1/users/{username}/posts, all pages), and the
 * table's post items counted (a Scan: bench only, on a table of its own). autocannon stops at the deadline
 * without waiting for the requests still in flight: those posts are written but answered to nobody, so the
 * table holds seed + 201s + unanswered, and a post on a page that no 201 returned must be one of those.
 */
async function countLostPosts(
  call: ApiCall,
  reader: BenchUser,
  posters: BenchUser[],
  posting: Awaited<ReturnType<typeof loadPosts>>,
) {
  const authorOf = new Map<string, string>();
  for (const poster of posters) {
    let cursor: string | undefined;
    do {
      const query = `limit=${PAGE_LIMIT.max}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await call(
        'GET',
        `/v1/users/${poster.user.username}/posts?${query}`,
        reader.accessToken,
      )) as {
        items: { id: string }[];
        nextCursor?: string | null;
      };
      for (const item of page.items) authorOf.set(item.id, poster.user.username);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  const { created, result } = posting;
  const unreadable = created.filter((post) => authorOf.get(post.id) !== post.username);
  const answered = result['2xx'] + result.non2xx;
  const unansweredAtStop = result.requests.sent - answered - result.errors;
  const tablePosts = await countPostItems();
  const tablePostsBeyondSeed = tablePosts - SEED_POSTS;
  return {
    createdIds: created.length,
    readableAfterwards: created.length - unreadable.length,
    sent: result.requests.sent,
    unansweredAtStop,
    postsOnPages: authorOf.size,
    tablePosts,
    tablePostsBeyondSeed,
    // Every post written is either a 201 or one of the requests cut off at the deadline, and nothing else.
    tableMatches:
      tablePostsBeyondSeed === created.length + unansweredAtStop && authorOf.size === tablePostsBeyondSeed,
    lost: unreadable.length,
    unreadableIds: unreadable.slice(0, 20).map((post) => post.id),
  };
}

async function countPostItems(): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: '#type = :post',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':post': ItemType.Post },
        Select: 'COUNT',
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

function summary(route: string, result: autocannon.Result) {
  return {
    route,
    requests: result.requests.total,
    durationSeconds: result.duration,
    rpsMean: round(result.requests.mean),
    latencyMeanMs: round(result.latency.mean),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    '2xx': result['2xx'],
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]),
    ),
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

await main();

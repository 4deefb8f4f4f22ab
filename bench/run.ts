/**
 * `npm run bench`: runs each benchmark in a fresh process against a fresh DynamoDB Local (in memory) and a
 * table of its own (handler modules read their configuration once per process, like a Lambda), writes
 * bench/results/<name>.json and the tables in docs/performance.md. Not part of `npm test`.
 *
 *   npm run bench                 all sections
 *   npm run bench -- fan-out      one or more sections by name
 *   BENCH_LOAD_SECONDS=3 npm run bench -- load   a short smoke run of the load section (default 20 s a route)
 *   BENCH_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof' npm run bench -- fan-out   profile a section
 *   (Node refuses --cpu-prof in NODE_OPTIONS; the flags go to each section's process only)
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoDbClient } from '#local/aws-clients';
import { ensureTable, startDynamoDbLocal } from '#local/dynamodb';
import { consoleLogger } from '#local/log';
import { generateKeySet } from '#local/signing-key';
import { machine, RESULTS_DIR } from './support';

const SECTIONS = [
  'fan-out',
  'timeline-read',
  'engagement',
  'http-latency',
  'load',
  'bundles',
  'handler-cpu',
  'web',
] as const;
const ROOT = path.join(import.meta.dirname, '..');
const DOC = path.join(ROOT, 'docs', 'performance.md');

function runSection(name: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
    const child = spawn(
      process.execPath,
      [...flags, '--import', 'tsx', path.join(import.meta.dirname, `${name}.ts`)],
      {
        cwd: ROOT,
        env,
        stdio: 'inherit',
      },
    );
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`bench ${name} exited with ${code}`)),
    );
  });
}

async function main() {
  const wanted = process.argv.slice(2);
  if (wanted.includes('render')) {
    await writeFile(DOC, await renderDoc());
    return;
  }
  const sections = wanted.length > 0 ? SECTIONS.filter((name) => wanted.includes(name)) : [...SECTIONS];
  for (const section of sections) {
    // A DynamoDB Local of its own for each section: writes on one instance slow down with every stream record it
    // holds, for any table (a full run's earlier sections left hundreds of thousands; deleting their tables
    // keeps the records), which stalled the later sections and skewed their figures.
    const dynamodb = await startDynamoDbLocal({
      logger: consoleLogger('bench', 'warn'),
      readyTimeoutMs: 180_000,
    });
    try {
      const tableName = `bench-${section}-${randomUUID().slice(0, 8)}`;
      const client = localDynamoDbClient(dynamodb.endpoint);
      await ensureTable(client, tableName);
      client.destroy();
      console.log(`\n== ${section}`);
      await runSection(section, {
        ...process.env,
        STAGE: 'bench',
        AWS_REGION: LOCAL_REGION,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        DYNAMODB_ENDPOINT: dynamodb.endpoint,
        TABLE_NAME: tableName,
        PUBLIC_URL: 'http://127.0.0.1:3000',
        MAIL_FROM: 'Skylark <bench@skylark.test>',
        ACCESS_TOKEN_KEYS: JSON.stringify(generateKeySet()),
        POWERTOOLS_TRACE_ENABLED: 'false',
        POWERTOOLS_METRICS_DISABLED: 'true',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        LOG_LEVEL: 'SILENT',
      });
    } finally {
      await dynamodb.stop();
    }
  }
  await writeFile(DOC, await renderDoc());
  console.log(`\nWrote ${path.relative(ROOT, DOC)}`);
}

async function load(name: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(path.join(RESULTS_DIR, `${name}.json`), 'utf8'));
  } catch {
    return undefined;
  }
}

type Row = Record<string, unknown>;
const table = (header: string[], rows: unknown[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');

/** ", at load average a / b / c" when the result recorded it (the machine is shared). */
function loadOf(result: Row): string {
  const load = (result.machine as Row | undefined)?.loadAverage as number[] | undefined;
  return load ? ` at load average ${load.join(' / ')} (1/5/15 min)` : '';
}

/** docs/performance.md with the part between the bench markers regenerated; the prose around it is kept. */
async function renderDoc(): Promise<string> {
  const current = await readFile(DOC, 'utf8').catch(() => `${BEGIN}\n${END}\n`);
  const begin = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`docs/performance.md has no ${BEGIN} … ${END} section`);
  return `${current.slice(0, begin)}${BEGIN}\n${await renderTables()}${current.slice(end)}`;
}

const BEGIN = '<!-- bench:begin (generated by npm run bench; edit bench/run.ts instead) -->';
const END = '<!-- bench:end -->';

function renderEngagement(result: Row): string[] {
  const home = result.homePage as Row;
  const repost = result.repost as Row;
  const m = result.machine as Row;
  return [
    '### Engagement: viewer state, repost fan-out, notifications',
    '',
    `Measured ${result.measuredAt} (bench/engagement.ts) on ${m.cpuModel}, ${m.nproc} CPUs, load average`,
    `${(m.loadAverage as number[] | undefined)?.join(' / ') ?? 'not recorded'} (1/5/15 min; a shared machine), counted, not timed. A home page of ${home.items}`,
    `(timeline entry ≈ ${home.entryBytes} bytes, like edge ≈ ${home.edgeBytes} bytes; the reader liked ${home.likedOnPage} of the page):`,
    '',
    table(
      ['read', 'requests', 'RCU (by size)'],
      (home.rows as Row[]).map((row) => [row.case, row.requests, row.readUnits]),
    ),
    '',
    `One repost fanned out to ${repost.followers} followers (${repost.entries} entries): ${repost.requests} requests`,
    `(${Object.entries(repost.byCommand as Row)
      .map(([name, count]) => `${count} ${name}`)
      .join(', ')}), ${repost.writeUnits} WCU, ${repost.readUnits} RCU.`,
    '',
    table(
      ['notification per like', 'requests', 'notification item bytes', 'WCU', 'RCU'],
      (result.notifications as Row[]).map((row) => [
        row.case,
        `${row.requests} (${Object.entries(row.byCommand as Row)
          .map(([name, count]) => `${count} ${name}`)
          .join(', ')})`,
        row.notificationBytes,
        row.writeUnits,
        row.readUnits,
      ]),
    ),
    '',
  ];
}

async function renderTables(): Promise<string> {
  const [fanOut, read, engagement, latency, loadResult, bundles, handlerCpu, web] = await Promise.all(
    SECTIONS.map(load),
  );
  const m = (fanOut?.machine ?? read?.machine ?? machine()) as Row;
  const parts = [
    '## Measured figures (generated)',
    '',
    'Measured by `npm run bench` (bench/run.ts) against DynamoDB Local in memory, on one machine; raw figures in',
    '`bench/results/*.json`. DynamoDB Local reports no consumed capacity, so units are counted from item sizes the',
    'way DynamoDB bills them: a write is ⌈item size / 1 KB⌉ WCU, a read ⌈bytes read / 4 KB⌉ × ½ RCU (eventually',
    'consistent). Latencies on DynamoDB Local say little about AWS; request counts and units carry over exactly.',
    '',
    `Machine: ${m.cpuModel}, ${m.nproc} CPUs (nproc), ${m.memoryGb} GB, ${m.platform}, Node ${m.node}.`,
    '',
  ];
  if (fanOut) {
    const rows = fanOut.rows as Row[];
    parts.push(
      '### Fan-out of one post',
      '',
      `Measured ${fanOut.measuredAt}${loadOf(fanOut)}. Entries = followers + the author's own timeline. The`,
      'handler is the whole TableReactions reader, so requests = ⌈entries / 25⌉ BatchWriteItem of the fan-out + 1',
      'GetItem (author status) + 1 Query per page of followers (~4,000 edges a page) + 1 GetItem (the post still',
      "exists) + the post-index reaction's BatchWriteItem calls (its hashtag and word-prefix entries: 54 for this",
      'text, 3 calls). Node CPU: process.cpuUsage over the handler call (request counting is done after it).',
      'A first fan-out of each size warms both sides (the JVM\'s and Node\'s JIT; its wall time is the "first"',
      'column); then rounds alternate one fan-out of a new post with one floor trial per concurrency, so both see',
      `the same engine state and load; fan-out and floor figures are medians over the ${((rows[0]?.floor as Row | undefined)?.rounds as number | undefined) ?? 1} rounds.`,
      'Engine floor: the same number of entries (each trial a fresh post id, so new items as the fan-out wrote, not',
      'overwrites of them), marshalled beforehand, by bare BatchWriteItem calls at 1–32 in flight (best shown), with',
      "the Node CPU those bare calls took (the SDK's own share: signing, serializing, HTTP, parsing). PutItem: the same",
      'entries one at a time, sequentially (up to 1,000 followers). Follower reads alone: the paged follower Query the',
      'fan-out makes, timed by itself (engine work the write floor leaves out).',
      '',
      table(
        [
          'followers',
          'entries',
          'fan-out requests',
          'BatchWriteItem (⌈entries/25⌉)',
          'WCU',
          'fan-out ms',
          'first fan-out ms',
          'Node CPU ms',
          'engine floor ms (best in flight)',
          'floor Node CPU ms',
          'ratio to floor',
          'follower reads alone ms',
          'ratio to floor + reads',
          'PutItem requests',
          'PutItem ms',
        ],
        rows.map((row) => {
          const f = row.fanOut as Row;
          const p = row.putItemEach as Row | undefined;
          const floor = row.floor as Row | undefined;
          return [
            row.followers,
            row.entries,
            f.requests,
            `${f.batchWrites} (${f.expectedBatchWrites})`,
            f.writeUnits,
            f.wallMs,
            f.firstWallMs ?? '–',
            f.cpuMs ?? '–',
            floor ? `${floor.bestMs} (${floor.bestConcurrency})` : '–',
            floor?.bestCpuMs ?? '–',
            row.floorRatio ? `${row.floorRatio}×` : '–',
            row.followerReadMs ?? '–',
            row.floorWithReadsRatio ? `${row.floorWithReadsRatio}×` : '–',
            p?.requests ?? '–',
            p?.wallMs ?? '–',
          ];
        }),
      ),
      '',
    );
  }
  if (read) {
    parts.push(
      '### A home-timeline page of 20',
      '',
      `Measured ${read.measuredAt}${loadOf(read)}. Timeline entry size ≈ ${read.entryBytes} bytes. "cache cold":`,
      "every read starts with an empty cache of pulled pages, so the followed celebrities' page digests are read",
      '(their newest 40 entries each, all celebrities in one BatchGetItem per 100). "cache cold, no digests": the same',
      "without digests (celebrities promoted before them): each celebrity's page is one Query of GSI3, where its posts",
      "and reposts sit together by position (the celebrities' pages in parallel, at most 16 at once). With more than",
      '20 celebrities the first Query returns only markers; then all markers (one Query) and the newest entries (one',
      'Query) are read together. "cache warm": another reader following the same celebrities read within the TTL, so',
      `their pages come from the cache. Each celebrity has ${read.postsPerCelebrity ?? 5} posts (the first one 30), so a`,
      `digest holds a full window (${read.digestBytes ?? '–'} bytes). ms = median of the same page read ` +
        `${read.samples ?? 1} times; "vs none" = that median over the no-celebrity page's (same page number).`,
      '"bare requests ms": the engine\'s floor for that page, the same requests sent again with no application code',
      '(the first alone, then the rest 16 at a time, as the read depends on them), median of as many sends; "vs bare"',
      '= the read over it.',
      '',
      table(
        [
          'case',
          'items',
          'requests',
          'by command',
          'RCU (by size)',
          'ms',
          'vs none',
          'bare requests ms',
          'vs bare',
        ],
        (read.rows as Row[]).map((row) => [
          row.case,
          row.items,
          row.requests,
          Object.entries((row.byCommand ?? {}) as Row)
            .map(([name, count]) => `${count} ${name}`)
            .join(', '),
          row.readUnits,
          row.wallMs,
          row.ratioToNoCelebrity ? `${row.ratioToNoCelebrity}×` : '–',
          row.floorMs ?? '–',
          row.ratioToFloor ? `${row.ratioToFloor}×` : '–',
        ]),
      ),
      '',
    );
  }
  if (engagement) parts.push(...renderEngagement(engagement));
  if (latency) {
    parts.push(
      '### HTTP latency through the local stack',
      '',
      `Measured ${latency.measuredAt}${runOn(latency)}: sequential requests after 20 warm-up calls; the stream poller fans posts out meanwhile.`,
      '',
      table(
        ['route', 'samples', 'median ms', 'p99 ms'],
        (latency.rows as Row[]).map((row) => [row.route, row.samples, row.medianMs, row.p99Ms]),
      ),
      '',
    );
  }
  if (loadResult) parts.push(...loadSection(loadResult));
  if (bundles) {
    const floor = bundles.floor as Row | undefined;
    const maps = bundles.sourceMaps as Row | undefined;
    parts.push(
      '### Bundles and load time',
      '',
      `Measured ${bundles.measuredAt}${runOn(bundles)}: esbuild with the deploy settings (infra/constructs/function-bundle.ts); load =`,
      'median of 7 `import()`s of the bundle, each in a fresh Node process, interleaved with the SDK floor (a bundle',
      `of only the DynamoDB document client and GetCommand: ${floor?.bundleKb ?? '?'} KB, ${floor?.loadMedianMs ?? '?'} ms here).`,
      '',
      table(
        ['function', 'bundle KB', 'load ms', 'load / SDK floor'],
        (bundles.rows as Row[]).map((row) => [
          row.function,
          row.bundleKb ?? `failed: ${row.error}`,
          row.loadMedianMs ?? '–',
          row.floorRatio ? `${row.floorRatio}×` : '–',
        ]),
      ),
      '',
    );
    if (maps) {
      parts.push(
        `Source maps: ${maps.function} built with its map imports in ${maps.withoutMs} ms without and ${maps.withMs} ms`,
        `with \`--enable-source-maps\` (${maps.addedPercent} %).`,
        '',
      );
    }
    if (bundles.coldStarts) {
      parts.push(
        '#### Cold start (fresh process: import + first invocation against DynamoDB Local)',
        '',
        'The SDK floor row is the yardstick: the floor bundle with a handler that sends one GetItem, i.e. what',
        'the SDK alone costs on its first request (client set-up, endpoint, signing, first connection). Requests:',
        'the HTTP requests the first invocation sent, in how many sequential rounds (a round starts once every',
        'earlier request has been answered; requests of one round run in parallel). As deployed, an',
        "authenticated function's first round is the access-token key set's GetItem (cached 5 minutes after).",
        'Of the first invocation,',
        '"requests open" is the time some request was in flight (connecting, the engine, the response) and',
        '"Node CPU" the process\'s CPU time; they overlap where the SDK parses one response while another runs.',
        '"Connections opened": requests that found no free socket in the client\'s pool (in AWS, a TLS handshake each).',
        ...(typeof (bundles.coldStarts as Row[])[0]?.engineWarmUps === 'number'
          ? [
              `Each function's ${(bundles.coldStarts as Row[])[0]?.engineWarmUps} discarded cold starts run first, so that the engine, new for the section, is warm.`,
            ]
          : []),
        '',
        table(
          [
            'function',
            'samples',
            'load ms',
            'first invocation ms',
            'of it requests open ms',
            'of it Node CPU ms',
            'cold start ms',
            'cold start / load',
            'requests (rounds)',
            'connections opened',
            'each round ms',
          ],
          (bundles.coldStarts as Row[]).map((row) => [
            row.function,
            row.samples,
            row.loadMedianMs,
            row.firstInvocationMedianMs,
            row.requestsOpenMedianMs ?? '–',
            row.invocationCpuMedianMs ?? '–',
            row.coldStartMedianMs,
            `${row.ratioToLoad}×`,
            row.requests === undefined ? '–' : `${row.requests} (${row.sequentialRounds})`,
            row.connectionsOpened ?? '–',
            Array.isArray(row.roundMedianMs) ? row.roundMedianMs.join(' + ') : '–',
          ]),
        ),
        '',
      );
    }
  }
  if (handlerCpu) {
    parts.push(
      '### Handler chain CPU per call',
      '',
      `Measured ${handlerCpu.measuredAt}${runOn(handlerCpu)}: process.cpuUsage over 500 calls in one warm process, after 50 warm-up calls.`,
      '',
      table(
        ['route', 'calls', 'CPU ms per call', 'wall ms per call'],
        (handlerCpu.rows as Row[]).map((row) => [row.route, row.calls, row.cpuMsPerCall, row.wallMsPerCall]),
      ),
      '',
    );
  }
  if (web) parts.push(...webSection(web));
  return `${parts.join('\n')}\n`;
}

function loadSection(result: Row): string[] {
  const rows = result.rows as Row[];
  const seed = result.seed as Row;
  const posting = rows.find((row) => row.createdIds !== undefined);
  return [
    '### The local stack under load',
    '',
    `Measured ${result.measuredAt}${runOn(result)}: autocannon in the bench process, ${result.connections} connections,`,
    `${result.durationSeconds} s per route, one route after the other. GET /v1/timeline?limit=20 as a reader following ${seed.authors}`,
    `authors with ${seed.posts} posts; POST /v1/posts with distinct bodies round robin over ${result.postingAuthors} authors`,
    '(each well inside its posting limit), all followed by the reader, so the stream poller fans them out meanwhile.',
    'rps = mean of the per-second counts; latency in ms over every response.',
    '',
    table(
      [
        'route',
        'requests',
        'rps (mean)',
        'p50 ms',
        'p99 ms',
        'max ms',
        '2xx',
        'non-2xx',
        'errors',
        'timeouts',
      ],
      rows.map((row) => [
        row.route,
        row.requests,
        row.rpsMean,
        row.p50Ms,
        row.p99Ms,
        row.maxMs,
        row['2xx'],
        row.non2xx,
        row.errors,
        row.timeouts,
      ]),
    ),
    '',
    ...(posting
      ? [
          `Lost posts, counted after the stream drained: ${posting.createdIds} post ids returned by a 201, ${posting.readableAfterwards}`,
          `of them on their own author's page (GET /v1/users/{username}/posts, every page). The table holds ${posting.tablePosts} posts:`,
          `${posting.tablePostsBeyondSeed} beyond the ${seed.posts} seeded = the 201s + ${posting.unansweredAtStop} requests in flight when autocannon stopped`,
          `(it does not wait for their answers; ${posting.sent} sent)${posting.tableMatches ? '' : ' — NOT equal: investigate'}. Lost: ${posting.lost}.`,
          '',
        ]
      : []),
  ];
}

/** " on Node v…, load average a / b / c": which Node ran a section (it may differ from the header's) and how busy. */
function runOn(result: Row): string {
  const m = result.machine as Row | undefined;
  if (!m) return '';
  const load = (m.loadAverage as number[] | undefined)?.join(' / ');
  return ` on Node ${m.node}${load ? `, load average ${load}` : ''}`;
}

function webSection(web: Row): string[] {
  const load = web.firstLoad as Record<string, { raw: number; gzip: number }>;
  const kb = (bytes: number | undefined) => (bytes === undefined ? '–' : (bytes / 1024).toFixed(1));
  const render = web.firstTimelineRenderMs as Row;
  const lh = web.lighthouse as {
    version: string;
    preset: string;
    scores: Record<string, Row>;
    metrics?: Record<string, Row>;
    loadAverage1m?: { before: number; after: number };
  };
  const load1m = lh.loadAverage1m
    ? ` Load average (1 min) ${lh.loadAverage1m.before} before the Lighthouse runs, ${lh.loadAverage1m.after} after, on ${(web.machine as Row | undefined)?.nproc ?? '?'} CPUs: Lighthouse's simulated TBT multiplies observed main-thread time, so a busy machine costs points.`
    : '';
  return [
    '### Web client',
    '',
    `Measured ${web.measuredAt}. First load = index.html + the entry script and the chunks it imports (screens loaded on demand excluded) + the one stylesheet (esbuild, minified;`,
    'gzip level 9). Time to first timeline render: Chromium (Debian, headless) on the local stack, from navigation',
    'start to the first post in the DOM (session restored by the refresh cookie, then the timeline fetched), a',
    `signed-in reader with a warm cache; median of ${(render.samples as unknown[]).length}. Lighthouse ${lh.version}, ${lh.preset}, against the local stack.${load1m}`,
    'Targets: first-load JS ≤ 60 KB gzip; every Lighthouse score ≥ 95.',
    '',
    table(
      ['file', 'raw KB', 'gzip KB'],
      Object.entries(load).map(([file, size]) => [file, kb(size.raw), kb(size.gzip)]),
    ),
    '',
    `First timeline render: median ${render.median} ms, max ${render.max} ms.`,
    '',
    table(
      ['page', 'performance', 'accessibility', 'best practices'],
      Object.entries(lh.scores).map(([page, scores]) => [
        page,
        scores.performance ?? '–',
        scores.accessibility ?? '–',
        scores['best-practices'] ?? '–',
      ]),
    ),
    '',
    ...(lh.metrics
      ? [
          table(
            ['page', 'FCP ms', 'LCP ms', 'Speed Index ms', 'TBT ms', 'CLS'],
            Object.entries(lh.metrics).map(([page, metric]) => [
              page,
              metric['first-contentful-paint'] ?? '–',
              metric['largest-contentful-paint'] ?? '–',
              metric['speed-index'] ?? '–',
              metric['total-blocking-time'] ?? '–',
              metric['cumulative-layout-shift'] ?? '–',
            ]),
          ),
          '',
        ]
      : []),
  ];
}

await main();

/**
 * `npm run bench`: starts one DynamoDB Local (in memory), runs each benchmark in a fresh process against a
 * table of its own (handler modules read their configuration once per process, like a Lambda), writes
 * bench/results/<name>.json and the tables in docs/performance.md. Not part of `npm test`.
 *
 *   npm run bench                 all sections
 *   npm run bench -- fan-out      one or more sections by name
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoDbClient } from '#local/aws-clients';
import { ensureTable, startDynamoDbLocal } from '#local/dynamodb';
import { consoleLogger } from '#local/log';
import { machine, RESULTS_DIR } from './support';

const SECTIONS = ['fan-out', 'timeline-read', 'http-latency', 'bundles', 'web'] as const;
const ROOT = path.join(import.meta.dirname, '..');
const DOC = path.join(ROOT, 'docs', 'performance.md');

function runSection(name: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, `${name}.ts`)], {
      cwd: ROOT,
      env,
      stdio: 'inherit',
    });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`bench ${name} exited with ${code}`)),
    );
  });
}

async function main() {
  const wanted = process.argv.slice(2);
  const sections = wanted.length > 0 ? SECTIONS.filter((name) => wanted.includes(name)) : [...SECTIONS];
  const dynamodb = await startDynamoDbLocal({ logger: consoleLogger('bench', 'warn') });
  try {
    for (const section of sections) {
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
        SIGNING_KEY: randomBytes(32).toString('base64url'),
        POWERTOOLS_TRACE_ENABLED: 'false',
        POWERTOOLS_METRICS_DISABLED: 'true',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        LOG_LEVEL: 'SILENT',
      });
    }
  } finally {
    await dynamodb.stop();
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

async function renderDoc(): Promise<string> {
  const [fanOut, read, latency, bundles, web] = await Promise.all(SECTIONS.map(load));
  const m = (fanOut?.machine ?? read?.machine ?? machine()) as Row;
  const parts = [
    '# Performance',
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
      '## Fan-out of one post',
      '',
      `Measured ${fanOut.measuredAt}. Entries = followers + the author's own timeline. Requests = ⌈entries / 25⌉`,
      'BatchWriteItem + 1 GetItem (author status) + 1 Query per page of followers + 1 GetItem (the post still',
      "exists) + 1 Query of the author's SMS subscribers (GSI2). Baseline: the same entries written one PutItem",
      'at a time, sequentially.',
      '',
      table(
        [
          'followers',
          'entries',
          'fan-out requests',
          'BatchWriteItem (⌈entries/25⌉)',
          'WCU',
          'fan-out ms',
          'PutItem requests',
          'PutItem ms',
          'request ratio',
          'time ratio',
        ],
        rows.map((row) => {
          const f = row.fanOut as Row;
          const p = row.putItemEach as Row;
          return [
            row.followers,
            row.entries,
            f.requests,
            `${f.batchWrites} (${f.expectedBatchWrites})`,
            f.writeUnits,
            f.wallMs,
            p.requests,
            p.wallMs,
            `${row.requestRatio}×`,
            `${row.timeRatio}×`,
          ];
        }),
      ),
      '',
    );
  }
  if (read) {
    parts.push(
      '## A home-timeline page of 20',
      '',
      `Measured ${read.measuredAt}. Timeline entry size ≈ ${read.entryBytes} bytes. The celebrity case adds one Query`,
      "of the celebrity's own posts, merged by id.",
      '',
      table(
        ['case', 'items', 'requests', 'RCU (by size)', 'ms'],
        (read.rows as Row[]).map((row) => [row.case, row.items, row.requests, row.readUnits, row.wallMs]),
      ),
      '',
    );
  }
  if (latency) {
    parts.push(
      '## HTTP latency through the local stack',
      '',
      `Measured ${latency.measuredAt}: sequential requests after 20 warm-up calls; the stream poller fans posts out meanwhile.`,
      '',
      table(
        ['route', 'samples', 'median ms', 'p99 ms'],
        (latency.rows as Row[]).map((row) => [row.route, row.samples, row.medianMs, row.p99Ms]),
      ),
      '',
    );
  }
  if (bundles) {
    parts.push(
      '## Bundles and load time',
      '',
      `Measured ${bundles.measuredAt}: esbuild with the deploy settings (ESM, minified, AWS SDK bundled); load = median`,
      'of 5 `import()`s of the bundle, each in a fresh Node process (module loading only, no handler call).',
      '',
      table(
        ['function', 'bundle KB', 'load ms'],
        (bundles.rows as Row[]).map((row) => [
          row.function,
          row.bundleKb ?? `failed: ${row.error}`,
          row.loadMedianMs ?? '–',
        ]),
      ),
      '',
    );
  }
  if (web) parts.push(...webSection(web));
  return `${parts.join('\n')}\n`;
}

function webSection(web: Row): string[] {
  const load = web.firstLoad as Record<string, { raw: number; gzip: number }>;
  const kb = (bytes: number | undefined) => (bytes === undefined ? '–' : (bytes / 1024).toFixed(1));
  const render = web.firstTimelineRenderMs as Row;
  const lh = web.lighthouse as { version: string; preset: string; scores: Record<string, Row> };
  return [
    '## Web client',
    '',
    `Measured ${web.measuredAt}. First load = index.html + the one script + the one stylesheet (esbuild, minified;`,
    'gzip level 9). Time to first timeline render: Chromium (Debian, headless) on the local stack, from navigation',
    'start to the first post in the DOM (session restored by the refresh cookie, then the timeline fetched), a',
    `signed-in reader with a warm cache; median of ${(render.samples as unknown[]).length}. Lighthouse ${lh.version}, ${lh.preset}, against the local stack.`,
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
  ];
}

await main();

/**
 * Each function's bundle, built with the deploy settings (infra/constructs/function-bundle.ts), and the time a
 * fresh Node process takes to import it, against the SDK floor measured in the same run: a bundle of nothing
 * but the DynamoDB document client and one GetCommand. Loads are interleaved (one round imports every bundle
 * once, in a fresh process each) so a busy machine slows all of them alike. Also: the cost of source maps
 * (the bundle with its map, imported with and without --enable-source-maps), and the cold start of CreatePost
 * and HomeTimeline (import + first invocation against DynamoDB Local, in a fresh process) next to the SDK
 * floor's own (the floor's client answering one GetItem). The cold starts read the access-token key set from the
 * table, as deployed functions do.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { httpRoutes, scheduledJobs, streamConsumers, topicSubscribers } from '#functions/catalog';
import { functionBuildOptions } from '#infra/constructs/function-bundle';
import { publishKeySet } from '#shared/db/key-set-repository';
import { makeApiEvent } from '#test/factories/api-gateway-event';
import { insertVerifiedUser } from '#test/factories/users';
import { percentile, RESULTS_DIR, round, writeResult } from './support';

const OUT_DIR = path.join(RESULTS_DIR, 'tmp');
const ROOT = path.join(import.meta.dirname, '..');
const ROUNDS = 7;
const COLD_STARTS = 5;
const ENGINE_WARM_UPS = 3;
const SDK_FLOOR_COLD_START = 'SDK floor (one GetItem)';

const LOAD_SCRIPT =
  'const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));';
// Each HTTP request the first invocation sends (to DynamoDB Local) is timed, so the table can say how many
// requests a cold start makes, in how many sequential rounds (a round starts after every earlier one ended),
// and how long the invocation had a request open (connecting, the engine's work, the response) against the
// Node CPU it spent: what is left of the first invocation beyond those two is neither.
const COLD_START_SCRIPT = `
import http from 'node:http';
const requests = [];
const send = http.request;
http.request = function (...args) {
  const timing = { start: performance.now(), end: Infinity, reused: true };
  requests.push(timing);
  const request = send.apply(this, args);
  request.on('response', (response) => response.on('end', () => { timing.end = performance.now(); }));
  request.on('socket', () => { timing.reused = request.reusedSocket; });
  return request;
};
const t0 = performance.now();
const { handler } = await import(process.argv[1]);
const loaded = performance.now();
const cpuBefore = process.cpuUsage();
const response = await handler(JSON.parse(process.argv[2]), { awsRequestId: 'cold-start', functionName: 'bench', getRemainingTimeInMillis: () => 10000 });
const done = performance.now();
const cpu = process.cpuUsage(cpuBefore);
if ((response.statusCode ?? 500) >= 400) { process.stderr.write(JSON.stringify(response)); process.exit(1); }
let rounds = 0;
let roundStart = 0;
let roundEnd = -Infinity;
const roundsMs = [];
for (const timing of requests) {
  if (timing.start >= roundEnd) {
    if (rounds > 0) roundsMs.push(roundEnd - roundStart);
    rounds += 1;
    roundStart = timing.start;
  }
  roundEnd = timing.start >= roundEnd ? timing.end : Math.max(roundEnd, timing.end);
}
if (rounds > 0) roundsMs.push(roundEnd - roundStart);
const waitingMs = roundsMs.reduce((sum, ms) => sum + ms, 0);
const cpuMs = (cpu.user + cpu.system) / 1000;
const connections = requests.filter((timing) => !timing.reused).length;
process.stdout.write(JSON.stringify({ loadMs: loaded - t0, invokeMs: done - loaded, totalMs: done - t0, requests: requests.length, rounds, roundsMs, waitingMs, cpuMs, connections }));`;

function runNode(
  args: string[],
  script: string,
  extra: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): string {
  const child = spawnSync(process.execPath, [...args, '--input-type=module', '-e', script, ...extra], {
    env: {
      ...env,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(child.stderr.slice(0, 300));
  return child.stdout;
}

const loadMs = (file: string, nodeArgs: string[] = []) => Number(runNode(nodeArgs, LOAD_SCRIPT, [file]));

async function bundle(
  name: string,
  entry: string,
  sourcemap = false,
): Promise<{ file: string; bytes: number }> {
  const file = path.join(OUT_DIR, `${name}.mjs`);
  const result = await build({
    ...functionBuildOptions(entry),
    ...(sourcemap ? { sourcemap: true, sourcesContent: false } : {}),
    absWorkingDir: ROOT,
    outfile: file,
    metafile: true,
    logLevel: 'silent',
  });
  const output = result.metafile.outputs[path.relative(ROOT, file)];
  return { file, bytes: output?.bytes ?? 0 };
}

async function main() {
  await rm(OUT_DIR, { recursive: true, force: true });
  await mkdir(OUT_DIR, { recursive: true });
  const floorEntry = path.join(OUT_DIR, 'sdk-floor.ts');
  await writeFile(
    floorEntry,
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';\nexport const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));\nexport const command = GetCommand;\n",
  );
  const floor = await bundle('sdk-floor', floorEntry);
  // The floor's own cold start: the same client answering one GetItem, so the functions' cold starts have a
  // yardstick measured in the same run (what the SDK alone costs on its first request).
  const floorHandlerEntry = path.join(OUT_DIR, 'sdk-floor-handler.ts');
  await writeFile(
    floorHandlerEntry,
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';\nconst client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT }));\nexport const handler = async () => {\n  await client.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { PK: 'SDK_FLOOR', SK: 'SDK_FLOOR' } }));\n  return { statusCode: 200 };\n};\n",
  );
  const floorHandler = await bundle('sdk-floor-handler', floorHandlerEntry);
  // One function can serve many routes (the Mastodon area): bundle and load each function once.
  const functions = [...httpRoutes, ...streamConsumers, ...topicSubscribers, ...scheduledJobs].filter(
    (fn, index, all) => all.findIndex((other) => other.name === fn.name) === index,
  );
  const bundles = [];
  for (const fn of functions) bundles.push({ fn, ...(await bundle(fn.name, path.join(ROOT, fn.entry))) });

  const floorLoads: number[] = [];
  const loads = new Map<string, number[]>(bundles.map(({ fn }) => [fn.name, []]));
  for (let round_ = 0; round_ < ROUNDS; round_++) {
    floorLoads.push(loadMs(floor.file));
    for (const { fn, file } of bundles) loads.get(fn.name)?.push(loadMs(file));
  }
  const floorMs = percentile(floorLoads, 50);
  const rows = bundles.map(({ fn, bytes }) => {
    const median = percentile(loads.get(fn.name) ?? [], 50);
    return {
      function: fn.name,
      entry: fn.entry,
      bundleKb: round(bytes / 1024),
      loadMedianMs: round(median),
      floorRatio: round(median / floorMs, 2),
    };
  });
  console.table(rows);

  // Source maps: CreatePost built with its map, imported with and without --enable-source-maps, interleaved.
  const mapped = await bundle('CreatePost-mapped', path.join(ROOT, 'functions/posts/create-post.ts'), true);
  const withMaps: number[] = [];
  const withoutMaps: number[] = [];
  for (let round_ = 0; round_ < ROUNDS; round_++) {
    withoutMaps.push(loadMs(mapped.file));
    withMaps.push(loadMs(mapped.file, ['--enable-source-maps']));
  }
  const sourceMaps = {
    function: 'CreatePost',
    withoutMs: round(percentile(withoutMaps, 50)),
    withMs: round(percentile(withMaps, 50)),
    addedPercent: round((percentile(withMaps, 50) / percentile(withoutMaps, 50) - 1) * 100),
  };
  console.log('source maps', sourceMaps);

  // Cold start: a fresh process imports the bundle and handles one request against DynamoDB Local. As deployed,
  // the functions learn the access-token keys from the table's key-set item (a GetItem on their first
  // authenticated request), not from ACCESS_TOKEN_KEYS, which only the local stack and the tests set.
  const { ACCESS_TOKEN_KEYS, ...deployedEnv } = process.env;
  if (!ACCESS_TOKEN_KEYS) throw new Error('the bench sets ACCESS_TOKEN_KEYS (bench/run.ts)');
  await publishKeySet(ACCESS_TOKEN_KEYS);
  const reader = await insertVerifiedUser();
  const authorization = `Bearer ${reader.accessToken}`;
  const coldStarts = [];
  for (const [name, event] of [
    [SDK_FLOOR_COLD_START, makeApiEvent()],
    [
      'CreatePost',
      makeApiEvent({
        requestContext: {
          ...makeApiEvent().requestContext,
          http: { ...makeApiEvent().requestContext.http, method: 'POST', path: '/v1/posts' },
        },
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'a cold start' }),
      }),
    ],
    ['HomeTimeline', makeApiEvent({ headers: { authorization }, queryStringParameters: { limit: '20' } })],
  ] as const) {
    const file =
      name === SDK_FLOOR_COLD_START
        ? floorHandler.file
        : bundles.find((entry) => entry.fn.name === name)?.file;
    if (!file) throw new Error(`no bundle for ${name}`);
    const coldStart = () =>
      JSON.parse(runNode([], COLD_START_SCRIPT, [file, JSON.stringify(event)], deployedEnv)) as {
        loadMs: number;
        invokeMs: number;
        totalMs: number;
        requests: number;
        rounds: number;
        roundsMs: number[];
        waitingMs: number;
        cpuMs: number;
        connections: number;
      };
    // The section's DynamoDB Local is new, and DynamoDB in AWS is never cold: a few discarded cold starts run
    // each of the function's request kinds on the engine first, so only the function is measured cold.
    for (let warmUp = 0; warmUp < ENGINE_WARM_UPS; warmUp++) coldStart();
    const samples = Array.from({ length: COLD_STARTS }, coldStart);
    // Each round's median is taken across samples, so every sample must have made the same rounds, all answered.
    const roundCounts = new Set(samples.map((sample) => sample.roundsMs.length));
    if (roundCounts.size !== 1 || samples.some((sample) => !sample.roundsMs.every(Number.isFinite))) {
      throw new Error(`${name}: cold starts differ in their rounds or left a request unanswered`);
    }
    const median = (pick: (sample: (typeof samples)[number]) => number) =>
      round(percentile(samples.map(pick), 50));
    const load = percentile(
      samples.map((sample) => sample.loadMs),
      50,
    );
    const total = percentile(
      samples.map((sample) => sample.totalMs),
      50,
    );
    coldStarts.push({
      function: name,
      samples: COLD_STARTS,
      engineWarmUps: ENGINE_WARM_UPS,
      loadMedianMs: round(load),
      firstInvocationMedianMs: median((sample) => sample.invokeMs),
      requestsOpenMedianMs: median((sample) => sample.waitingMs),
      invocationCpuMedianMs: median((sample) => sample.cpuMs),
      coldStartMedianMs: round(total),
      requests: samples[0]?.requests ?? 0,
      sequentialRounds: samples[0]?.rounds ?? 0,
      // Requests that had to open a connection (the client's pool had no free socket): in AWS each is a TLS
      // handshake with the endpoint.
      connectionsOpened: samples[0]?.connections ?? 0,
      // Each round's median time open, in order (the key-set read, then the function's own requests).
      roundMedianMs: (samples[0]?.roundsMs ?? []).map((_, index) =>
        median((sample) => sample.roundsMs[index] ?? 0),
      ),
      ratioToLoad: round(total / load, 2),
    });
  }
  console.table(coldStarts);
  await writeResult('bundles', {
    floor: { bundleKb: round(floor.bytes / 1024), loadMedianMs: round(floorMs) },
    rows,
    sourceMaps,
    coldStarts,
  });
}

await main();

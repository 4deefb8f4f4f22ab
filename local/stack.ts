/**
 * The whole local stack, composed: DynamoDB Local with the table, the mail and SMS captures, the stream
 * poller and the gateway, serving exactly what functions/catalog.ts declares. `npm start` runs it through
 * main.ts; tests start the same thing in-process on free ports.
 *
 * One stack per process: handler modules read their configuration once, at their first (cold) start, like a
 * Lambda execution environment, so a second stack in the same process would talk to the first one's ports.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { httpRoutes, scheduledJobs, streamConsumers, topicSubscribers } from '#functions/catalog';
import type { HttpRoute, ScheduledJob, StreamConsumer, TopicSubscriber } from '#shared/catalog';
import { backfillAuthorPageIndexOnce } from '#shared/db/author-page-index-backfill';
import { MARSHALL_OPTIONS } from '#shared/db/client';
import { LOCAL_REGION, localDynamoDbClient } from './aws-clients';
import { type DataDirLayout, dataDirLayout, lockDataDir } from './data-dir';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, DEFAULT_TABLE_NAME, LOCAL_MAIL_FROM } from './defaults';
import { type DynamoDbLocal, ensureTable, startDynamoDbLocal } from './dynamodb';
import { applyEnvironment, handlerEnvironment } from './environment';
import { fileFailureDestination, memoryFailureDestination } from './failure-destination';
import { type Gateway, startGateway } from './gateway';
import { createHandlerLoader, missingEntries } from './handler-loader';
import { type JobTimer, startJobTimer } from './job-timer';
import { createInvoker } from './lambda-invoker';
import { localRoutes } from './local-routes';
import { buildLocalSite } from './local-site';
import { consoleLogger, type LocalLogger } from './log';
import { type CapturedMail, startMailCapture } from './mail-capture';
import { loadOrCreateKeySet } from './signing-key';
import { type CapturedSms, startSmsCapture } from './sns-capture';
import { fileCheckpoints, memoryCheckpoints } from './stream-checkpoints';
import { type StreamPoller, startStreamPoller } from './stream-poller';

export interface LocalStackOptions {
  /** Gateway port; 0 picks a free one. Default 3000. */
  port?: number;
  host?: string;
  /** Keep everything in memory: nothing is read from or written to the data directory. */
  inMemory?: boolean;
  /** Default `.skylark` (relative to the working directory). */
  dataDir?: string;
  tableName?: string;
  /** Use a DynamoDB (Local) that is already running instead of starting one; tests share one this way. */
  dynamodbEndpoint?: string;
  /** The functions to serve; default the catalog. Tests add fixture functions. */
  routes?: readonly HttpRoute[];
  streamConsumers?: readonly StreamConsumer[];
  topicSubscribers?: readonly TopicSubscriber[];
  logger?: LocalLogger;
  /** With the default logger: only warnings and errors (no access log). */
  quiet?: boolean;
  /** Powertools log level of the handlers (an existing LOG_LEVEL wins). */
  logLevel?: string;
  pollIntervalMs?: number;
  /** First stream retry delay (doubles per retry). */
  retryDelayMs?: number;
  /** Build and serve the web client at `/` (default true); false serves the API only. */
  web?: boolean;
  scheduledJobs?: readonly ScheduledJob[];
  /** Run every scheduled job this often instead of its own interval. */
  jobIntervalMs?: number;
  /** Days from an account's deletion to its erasure (ACCOUNT_ERASURE_GRACE_DAYS; default 30, 0 in tests). */
  accountErasureGraceDays?: number;
}

export interface LocalStack {
  /** Base URL for programs (127.0.0.1). */
  url: string;
  /** Base URL for people and for links in mail (localhost). */
  publicUrl: string;
  port: number;
  tableName: string;
  /** Absolute path, or undefined in memory. */
  dataDir: string | undefined;
  dynamodb: { endpoint: string };
  mail: { endpoint: string; list(filter?: { to?: string }): Promise<CapturedMail[]> };
  sms: { endpoint: string; list(filter?: { to?: string }): CapturedSms[] };
  streams: Pick<StreamPoller, 'drain' | 'failures'> & { failureDestination: string };
  functions: { routes: number; streamConsumers: number; topicSubscribers: number };
  /** The scheduled jobs: `run(name)` runs one now and resolves with its result. */
  jobs: Pick<JobTimer, 'run' | 'names'>;
  /** Where account archives are written (under the data directory, or a temporary one in memory). */
  exportsDir: string;
  stop(): Promise<void>;
}

let startedInThisProcess = false;

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  if (startedInThisProcess) {
    throw new Error(
      'startLocalStack runs once per process: handler modules keep the configuration of their first cold start',
    );
  }
  startedInThisProcess = true;
  const logger = options.logger ?? consoleLogger('local', options.quiet ? 'warn' : 'info');
  const cleanup = new Cleanup(logger);
  try {
    return await compose(options, logger, cleanup);
  } catch (error) {
    await cleanup.run();
    throw error;
  }
}

async function compose(
  options: LocalStackOptions,
  logger: LocalLogger,
  cleanup: Cleanup,
): Promise<LocalStack> {
  const host = options.host ?? '127.0.0.1';
  const region = LOCAL_REGION;
  const tableName = options.tableName ?? DEFAULT_TABLE_NAME;
  const routes = options.routes ?? httpRoutes;
  const consumers = options.streamConsumers ?? streamConsumers;
  const subscribers = options.topicSubscribers ?? topicSubscribers;
  const jobs = options.scheduledJobs ?? scheduledJobs;
  const layout = options.inMemory ? undefined : dataDirLayout(options.dataDir ?? DEFAULT_DATA_DIR);
  if (layout) cleanup.add('data directory lock', await lockDataDir(layout));

  const [dynamodb, mail, sms, accessTokenKeys, site] = await allStarted(
    startDynamoDb(options, layout, logger, cleanup),
    startMailCapture(host).then((capture) => cleanup.adding('mail capture', capture, () => capture.stop())),
    startSmsCapture(host).then((capture) => cleanup.adding('SMS capture', capture, () => capture.stop())),
    loadOrCreateKeySet(layout?.accessTokenKeys),
    options.web === false
      ? Promise.resolve(undefined)
      : buildLocalSite(layout?.root).then((built) =>
          cleanup.adding('web client build', built.site, built.remove),
        ),
  );
  const table = await withClient(dynamodb.endpoint, region, (client) => ensureTable(client, tableName));
  if (table.created) logger.info(`Created table ${tableName}`);
  if (table.indexesAdded.length > 0) logger.info(`Added ${table.indexesAdded.join(', ')} to ${tableName}`);
  // A data directory from before user pages were one index: what the operator's migration does on AWS, run
  // until it has finished once (a start stopped halfway runs it again).
  const indexed = await withClient(dynamodb.endpoint, region, (client) =>
    backfillAuthorPageIndexOnce({
      client: DynamoDBDocumentClient.from(client, { marshallOptions: { ...MARSHALL_OPTIONS } }),
      tableName,
    }),
  );
  if (indexed && indexed.indexed > 0) {
    logger.info(`Put ${indexed.indexed} older posts and reposts on their users' pages (GSI3)`);
  }

  let openGate = () => {};
  const ready = new Promise<void>((resolve) => {
    openGate = resolve;
  });
  const invoke = createInvoker(createHandlerLoader(), region);
  const archives = {
    directory: await exportsDirectory(layout, cleanup),
    secret: randomBytes(32).toString('base64url'),
  };
  let jobTimer: JobTimer | undefined;
  const jobControl: Pick<JobTimer, 'run' | 'names'> = {
    run: (name) =>
      jobTimer ? jobTimer.run(name) : Promise.reject(new Error('The job timer is not running')),
    names: () => jobs.map((job) => job.name),
  };
  const destination = layout ? fileFailureDestination(layout.streamFailures) : memoryFailureDestination();
  const gateway: Gateway = await startGateway({
    host,
    port: options.port ?? DEFAULT_PORT,
    routes,
    localRoutes: localRoutes({
      mail,
      sms,
      topicSubscribers: subscribers,
      streamConsumers: consumers,
      failures: destination,
      invoke,
      region,
      table: { endpoint: dynamodb.endpoint, tableName },
      logger: logger.child('sms'),
      archives,
      jobs: jobControl,
    }),
    invoke,
    logger: logger.child('gateway'),
    corsAllowedOrigins: process.env.CORS_ALLOWED_ORIGINS ?? '*',
    ready,
    ...(site ? { site } : {}),
  });
  cleanup.add('gateway', () => gateway.close());
  const publicUrl = `http://localhost:${gateway.port}`;

  const restoreEnvironment = applyEnvironment(
    handlerEnvironment({
      tableName,
      publicUrl,
      mailFrom: LOCAL_MAIL_FROM,
      region,
      dynamodbEndpoint: dynamodb.endpoint,
      sesEndpoint: mail.endpoint,
      snsEndpoint: sms.endpoint,
      accessTokenKeys,
      exportDir: archives.directory,
      exportLinkSecret: archives.secret,
      ...(options.accountErasureGraceDays !== undefined
        ? { accountErasureGraceDays: options.accountErasureGraceDays }
        : {}),
      ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    }),
  );
  cleanup.add('environment', async () => restoreEnvironment());

  const poller = await startStreamPoller({
    dynamodbEndpoint: dynamodb.endpoint,
    region,
    tableName,
    consumers,
    invoke,
    destination,
    checkpoints: layout ? fileCheckpoints(layout.streamCheckpoints) : memoryCheckpoints(),
    // A table created just now has no history to skip; an existing one without checkpoints does.
    startingPosition: table.created ? 'TRIM_HORIZON' : 'LATEST',
    logger: logger.child('streams'),
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
  });
  // Stopped before the gateway and DynamoDB go: the cleanup runs in reverse order.
  cleanup.add('stream poller', () => poller.stop());
  const timer = startJobTimer({
    jobs,
    invoke,
    region,
    logger: logger.child('jobs'),
    ...(options.jobIntervalMs ? { intervalMs: options.jobIntervalMs } : {}),
  });
  jobTimer = timer;
  cleanup.add('job timer', () => timer.stop());

  warnAboutMissingModules([...routes, ...consumers, ...subscribers], logger);
  openGate();

  return {
    url: gateway.url,
    publicUrl,
    port: gateway.port,
    tableName,
    dataDir: layout?.root,
    dynamodb: { endpoint: dynamodb.endpoint },
    mail: { endpoint: mail.endpoint, list: (filter) => mail.list(filter) },
    sms: { endpoint: sms.endpoint, list: (filter) => sms.list(filter) },
    streams: {
      drain: (drainOptions) => poller.drain(drainOptions),
      failures: () => poller.failures(),
      failureDestination: destination.description,
    },
    functions: {
      routes: routes.length,
      streamConsumers: consumers.length,
      topicSubscribers: subscribers.length,
    },
    jobs: jobControl,
    exportsDir: archives.directory,
    stop: () => cleanup.run(),
  };
}

/** `exports/` in the data directory; in memory, a private temporary directory removed when the stack stops. */
async function exportsDirectory(layout: DataDirLayout | undefined, cleanup: Cleanup): Promise<string> {
  if (layout) {
    const directory = join(layout.root, 'exports');
    await mkdir(directory, { recursive: true, mode: 0o700 });
    return directory;
  }
  const directory = await mkdtemp(join(tmpdir(), 'skylark-exports-'));
  cleanup.add('exports directory', () => rm(directory, { recursive: true, force: true }));
  return directory;
}

async function startDynamoDb(
  options: LocalStackOptions,
  layout: DataDirLayout | undefined,
  logger: LocalLogger,
  cleanup: Cleanup,
): Promise<Pick<DynamoDbLocal, 'endpoint'>> {
  if (options.dynamodbEndpoint) return { endpoint: options.dynamodbEndpoint };
  const dynamodb = await startDynamoDbLocal({
    ...(layout ? { dbPath: layout.dynamodb } : {}),
    logger: logger.child('dynamodb'),
  });
  cleanup.add('DynamoDB Local', () => dynamodb.stop());
  void dynamodb.exited.then(({ code, signal }) => {
    // Ctrl-C reaches the JVM too (same process group; it exits with 130): the launcher is stopping anyway.
    if (cleanup.started || signal === 'SIGINT' || code === 130) return;
    logger.error(
      `DynamoDB Local exited unexpectedly (${signal ?? `code ${code}`}): requests and the stream poller will ` +
        'fail until the stack is restarted',
    );
  });
  return dynamodb;
}

/**
 * Promise.all that waits for every part even when one fails, so that nothing is still starting (and about to
 * register its stop action) when the cleanup runs.
 */
async function allStarted<T extends readonly unknown[]>(
  ...parts: { [K in keyof T]: Promise<T[K]> }
): Promise<T> {
  const results = await Promise.allSettled(parts);
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) throw failure.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

async function withClient<T>(
  endpoint: string,
  region: string,
  work: (client: ReturnType<typeof localDynamoDbClient>) => Promise<T>,
): Promise<T> {
  const client = localDynamoDbClient(endpoint, region);
  try {
    return await work(client);
  } finally {
    client.destroy();
  }
}

function warnAboutMissingModules(
  functions: readonly { name: string; entry: string }[],
  logger: LocalLogger,
): void {
  const missing = new Set(missingEntries(functions.map((fn) => fn.entry)));
  for (const fn of functions) {
    if (missing.has(fn.entry))
      logger.warn(`${fn.name}: ${fn.entry} does not exist yet; calling it will fail`);
  }
}

/** Stop actions, run newest first; a failing step is logged and the others still run. */
class Cleanup {
  private readonly steps: { name: string; run: () => Promise<unknown> }[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly logger: LocalLogger) {}

  get started(): boolean {
    return this.running !== undefined;
  }

  add(name: string, run: () => Promise<unknown>): void {
    this.steps.push({ name, run });
  }

  adding<T>(name: string, value: T, run: () => Promise<unknown>): T {
    this.add(name, run);
    return value;
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.run();
        } catch (error) {
          this.logger.error(`Stopping the ${step.name} failed`, { error });
        }
      }
    })();
    return this.running;
  }
}

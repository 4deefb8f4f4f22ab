/**
 * The local stack over HTTP: the gateway's API Gateway behaviour (routing, the event a handler gets, response
 * mapping, errors, limits, CORS), the /_local mail and SMS routes, and the stream poller behind the API.
 * Test-only functions from test/fixtures/ are served next to the catalog's.
 */
import { request as httpRequest } from 'node:http';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRoutes, streamConsumers } from '#functions/catalog';
import { localClientConfig, localDynamoDbClient } from '#local/aws-clients';
import type { LocalStack } from '#local/stack';
import type { HttpRoute, StreamConsumer, TopicSubscriber } from '#shared/catalog';
import { deliveredIds, invocations } from '#test/fixtures/local-recording-consumer';
import { received } from '#test/fixtures/local-sms-echo';
import { startTestStack } from '#test/support/local-stack';
import { recordingLogger } from '#test/support/recording-logger';

const fixture = (route: Omit<HttpRoute, 'auth' | 'uses'>): HttpRoute => ({
  auth: 'none',
  uses: [],
  ...route,
});
const PROBE = 'test/fixtures/local-gateway-probe.ts';
const testRoutes: HttpRoute[] = [
  fixture({ name: 'Probe', method: 'GET', path: '/_test/probe/{behaviour}', entry: PROBE }),
  fixture({ name: 'ProbePost', method: 'POST', path: '/_test/probe/{behaviour}', entry: PROBE }),
  fixture({
    name: 'SlowProbe',
    method: 'GET',
    path: '/_test/slow/{behaviour}',
    entry: PROBE,
    timeoutSeconds: 1,
  }),
  fixture({
    name: 'JsonBody',
    method: 'POST',
    path: '/_test/json',
    entry: 'test/fixtures/local-json-body.ts',
  }),
];
const recorder: StreamConsumer = {
  name: 'Recorder',
  entry: 'test/fixtures/local-recording-consumer.ts',
  uses: [],
  batchSize: 10,
  maxBatchingWindowSeconds: 1,
  retryAttempts: 1,
  maxRecordAgeSeconds: 60,
  bisectOnError: true,
  filters: [{ eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['PROBE'] } } } }],
};
const smsEcho: TopicSubscriber = {
  name: 'SmsEcho',
  entry: 'test/fixtures/local-sms-echo.ts',
  uses: [],
  topic: 'inbound-sms',
};

const logger = recordingLogger();
let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack({
    routes: [...httpRoutes, ...testRoutes],
    streamConsumers: [...streamConsumers, recorder],
    topicSubscribers: [smsEcho],
    logger,
  });
});

afterAll(async () => {
  await stack?.stop();
});

function call(path: string, init?: RequestInit): Promise<Response> {
  return fetch(`${stack.url}${path}`, init);
}

/** The parsed body; assertions read it freely. */
async function json(response: Response): Promise<any> {
  return response.json();
}

describe('the catalog routes', () => {
  it('answers GET /v1/health with 200', async () => {
    const response = await call('/v1/health');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await json(response)).toEqual({ status: 'ok' });
  });

  it('answers GET /v1/config with 200 and JSON', async () => {
    const response = await call('/v1/config');
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ apiVersion: 'v1' });
  });

  it('answers a path without a route with 404 route_not_found', async () => {
    const response = await call('/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(await json(response)).toEqual({
      error: { code: 'route_not_found', message: 'No route for GET /v1/nothing-here' },
    });
  });

  it('answers a method without a route with 404, as API Gateway does', async () => {
    const response = await call('/v1/health', { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect((await json(response)).error.code).toBe('route_not_found');
  });

  it('answers malformed JSON on a public POST route of the catalog with the 400 error shape', async () => {
    const route = httpRoutes.find(
      (each) => each.method === 'POST' && each.auth === 'none' && !each.path.includes('{'),
    );
    expect(route, 'the catalog has a public POST route').toBeDefined();
    const response = await call(route?.path ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"broken":',
    });
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({
      error: { code: 'malformed_json', message: expect.any(String) },
    });
  });
});

describe('the event a handler receives', () => {
  let event: APIGatewayProxyEventV2;
  let response: Response;
  let context: { functionName: string; remainingMs: number };

  beforeAll(async () => {
    response = await call('/_test/probe/echo%20me?tag=a&tag=b&q=x%20y', {
      method: 'POST',
      headers: [
        ['content-type', 'application/json'],
        ['cookie', 'session=s1; theme=dark'],
        ['x-probe', 'sent'],
      ],
      body: JSON.stringify({ text: 'héllo 🐦' }),
    });
    ({ event, context } = await json(response));
  });

  it('is a payload 2.0 event for the matched route', () => {
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /_test/probe/{behaviour}',
      rawPath: '/_test/probe/echo%20me',
      rawQueryString: 'tag=a&tag=b&q=x%20y',
      pathParameters: { behaviour: 'echo me' },
      queryStringParameters: { tag: 'a,b', q: 'x y' },
      cookies: ['session=s1', 'theme=dark'],
      body: '{"text":"héllo 🐦"}',
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'POST', path: '/_test/probe/echo%20me', sourceIp: '127.0.0.1' },
        routeKey: 'POST /_test/probe/{behaviour}',
        stage: '$default',
      },
    });
    expect(event.headers).toMatchObject({ 'content-type': 'application/json', 'x-probe': 'sent' });
    expect(event.headers).not.toHaveProperty('cookie');
  });

  it('comes with a Lambda context named after the route', () => {
    expect(context.functionName).toBe('ProbePost');
    expect(context.remainingMs).toBeGreaterThan(0);
  });

  it('returns the handler status, headers and every cookie', () => {
    expect(response.status).toBe(201);
    expect(response.headers.get('x-probe')).toBe('yes');
    expect(response.headers.getSetCookie()).toEqual(['session=abc; Path=/; HttpOnly', 'theme=dark']);
    expect(response.headers.get('apigw-requestid')).toBe(event.requestContext.requestId);
  });

  it('carries a binary request body as base64', async () => {
    const bytes = new Uint8Array([0, 1, 2, 200, 255]);
    const echoed = await call('/_test/probe/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    const { event: binary } = await json(echoed);
    expect(binary).toMatchObject({ isBase64Encoded: true, body: Buffer.from(bytes).toString('base64') });
  });
});

describe('responses and failures', () => {
  it('infers a 200 JSON response from a plain object', async () => {
    const response = await call('/_test/probe/plain');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await json(response)).toEqual({ hello: 'world' });
  });

  it('decodes a base64 response body', async () => {
    const response = await call('/_test/probe/binary');
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0, 1, 2, 254, 255]);
  });

  it('answers 500 Internal Server Error when a handler throws, and logs the error', async () => {
    const response = await call('/_test/probe/throw');
    expect(response.status).toBe(500);
    expect(await json(response)).toEqual({ message: 'Internal Server Error' });
    const logged = logger.lines.find(
      (line) => line.level === 'error' && line.message.startsWith('Probe threw'),
    );
    expect((logged?.fields?.error as Error | undefined)?.message).toBe('the probe failed on purpose');
  });

  it('keeps query strings (which can carry tokens) out of the access log', async () => {
    const secret = 'A'.repeat(43);
    await call(`/v1/auth/verify?token=${secret}`);
    const lines = logger.lines.map((line) => line.message);
    expect(lines.some((line) => line.startsWith('GET /v1/auth/verify?…'))).toBe(true);
    expect(lines.join('\n')).not.toContain(secret);
  });

  it('answers 500 for a response API Gateway would reject', async () => {
    const response = await call('/_test/probe/malformed');
    expect(response.status).toBe(500);
    expect(await json(response)).toEqual({ message: 'Internal Server Error' });
  });

  it('answers 503 when a handler outlives its timeout', async () => {
    const response = await call('/_test/slow/sleep');
    expect(response.status).toBe(503);
    expect(await json(response)).toEqual({ message: 'Service Unavailable' });
  });

  it("answers 413 for a body over API Gateway's 10 MB", async () => {
    const response = await call('/_test/probe/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(10 * 1024 * 1024 + 1),
    });
    expect(response.status).toBe(413);
  });

  it('runs the real middleware chain: malformed JSON is a 400 malformed_json', async () => {
    const response = await call('/_test/json', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text": "unterminated',
    });
    expect(response.status).toBe(400);
    expect((await json(response)).error.code).toBe('malformed_json');
  });

  it('answers a CORS preflight the way API Gateway is configured to', async () => {
    const response = await call('/v1/health', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'authorization,content-type,idempotency-key',
    );
    expect(response.headers.get('access-control-max-age')).toBe('600');
  });
});

describe('local mail and SMS', () => {
  it('lists captured mail at GET /_local/mail, newest first', async () => {
    const ses = new SESv2Client(localClientConfig(stack.mail.endpoint));
    for (const subject of ['first', 'second']) {
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: 'no-reply@skylark.local',
          Destination: { ToAddresses: ['grace@example.org'] },
          Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: `${subject} body` } } } },
        }),
      );
    }
    ses.destroy();

    const response = await call('/_local/mail?to=grace@example.org');
    expect(response.status).toBe(200);
    const { items } = await json(response);
    expect(items.map((mail: { subject: string }) => mail.subject)).toEqual(['second', 'first']);
    expect(items[0]).toMatchObject({
      from: 'no-reply@skylark.local',
      to: ['grace@example.org'],
      text: 'second body',
    });
  });

  it('delivers an inbound SMS to the subscribers as SNS does, and shows their reply at GET /_local/sms', async () => {
    const response = await call('/_local/sms/inbound', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+15555550123', body: 'hello' }),
    });
    expect(response.status).toBe(202);
    expect(await json(response)).toMatchObject({ deliveredTo: ['SmsEcho'] });

    const record = received.at(-1)?.Records[0];
    expect(record?.Sns).toMatchObject({
      Type: 'Notification',
      TopicArn: expect.stringContaining('inbound-sms'),
    });
    expect(JSON.parse(record?.Sns.Message ?? '{}')).toMatchObject({
      originationNumber: '+15555550123',
      messageBody: 'hello',
      messageKeyword: 'KEYWORD_000000000000',
    });
    const { items } = await json(await call('/_local/sms?to=%2B15555550123'));
    expect(items[0]).toMatchObject({ to: '+15555550123', message: 'echo: hello' });
  });

  it('rejects an inbound SMS without a valid sender', async () => {
    const response = await call('/_local/sms/inbound', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"from":"me","body":"x"}',
    });
    expect(response.status).toBe(400);
    expect((await json(response)).error.code).toBe('validation_failed');
  });
});

describe('staying local', () => {
  /** fetch() will not send a Host of our choosing; node:http will. */
  function withHost(host: string, path: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(`${stack.url}${path}`, { headers: { host } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end();
    });
  }

  it('refuses a request whose Host is not a loopback name (DNS rebinding)', async () => {
    expect(await withHost(`rebind.attacker.example:${stack.port}`, '/_local/mail')).toBe(403);
    expect(await withHost(`127.0.0.1:${stack.port + 1}`, '/v1/health')).toBe(403);
    expect(await withHost(`localhost:${stack.port}`, '/_local/mail')).toBe(200);
    expect(await withHost(`127.0.0.1:${stack.port}`, '/v1/health')).toBe(200);
  });

  it('refuses a /_local write that is not JSON, as a cross-site form would send it', async () => {
    const before = received.length;
    const response = await call('/_local/sms/inbound', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ from: '+15555550123', body: 'forged' }),
    });
    expect(response.status).toBe(415);
    expect(received.length).toBe(before);
  });
});

describe('the stream behind the API', () => {
  it('has delivered everything written once drain() resolves, batching window or not', async () => {
    const documents = DynamoDBDocumentClient.from(localDynamoDbClient(stack.dynamodb.endpoint));
    for (const id of ['one', 'two']) {
      await documents.send(
        new PutCommand({ TableName: stack.tableName, Item: { PK: 'PROBE', SK: id, type: 'PROBE' } }),
      );
    }
    const started = Date.now();
    await stack.streams.drain();

    expect(Date.now() - started).toBeLessThan(recorder.maxBatchingWindowSeconds * 1000);
    expect(deliveredIds('Recorder').flat()).toEqual(['one', 'two']);
    expect(invocations.every((invocation) => invocation.succeeded)).toBe(true);
    expect(stack.streams.failures()).toEqual([]);
    documents.destroy();
  });
});

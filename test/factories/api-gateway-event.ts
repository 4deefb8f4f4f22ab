import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

/** A payload-2.0 event as API Gateway delivers it; override what the test is about. */
export function makeApiEvent(overrides: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  const method = overrides.requestContext?.http.method ?? 'GET';
  const rawPath = overrides.rawPath ?? '/v1/test';
  return {
    version: '2.0',
    routeKey: `${method} ${rawPath}`,
    rawPath,
    rawQueryString: '',
    headers: { host: 'api.skylark.test' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName: 'api.skylark.test',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: `${method} ${rawPath}`,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    ...overrides,
  };
}

export function makeJsonEvent(method: string, body: string, headers: Record<string, string> = {}) {
  const base = makeApiEvent();
  return makeApiEvent({
    body,
    headers: { 'content-type': 'application/json', ...headers },
    requestContext: { ...base.requestContext, http: { ...base.requestContext.http, method } },
  });
}

export function makeLambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'unit',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:unit',
    memoryLimitInMB: '512',
    awsRequestId: 'unit-request',
    logGroupName: '/aws/lambda/unit',
    logStreamName: 'unit',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

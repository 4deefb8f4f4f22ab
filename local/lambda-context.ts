/**
 * The Lambda `Context` object a handler receives. Powertools reads functionName, memory size and the request id
 * from it; getRemainingTimeInMillis counts down from the function's timeout.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { FunctionSettings } from '#shared/catalog';
import { LOCAL_ACCOUNT_ID } from './aws-clients';

/** The deployed defaults (FUNCTION_DEFAULTS in infra/constructs/skylark-function.ts), for catalog entries without. */
export const DEFAULT_TIMEOUT_SECONDS = 10;
const DEFAULT_MEMORY_MB = 512;

export function timeoutMillis(fn: Pick<FunctionSettings, 'timeoutSeconds'>): number {
  return (fn.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
}

export function createLambdaContext(fn: FunctionSettings, region: string, now = Date.now()): Context {
  const deadline = now + timeoutMillis(fn);
  const day = new Date(now).toISOString().slice(0, 10).replaceAll('-', '/');
  const unsupported = () => {
    throw new Error('Callback-style completion (context.done/succeed/fail) is not supported; return a value');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fn.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${fn.name}`,
    memoryLimitInMB: String(fn.memoryMb ?? DEFAULT_MEMORY_MB),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${fn.name}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

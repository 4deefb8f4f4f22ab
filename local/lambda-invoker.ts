/**
 * Runs one function invocation the way the Lambda runtime would: the handler from its module, a fresh Context,
 * and the function's timeout. A timed-out handler cannot be stopped in-process; it is abandoned and the
 * invocation fails, which is what the caller (gateway, poller) would see from Lambda.
 */
import type { FunctionSettings } from '#shared/catalog';
import type { HandlerLoader } from './handler-loader';
import { createLambdaContext, timeoutMillis } from './lambda-context';

export type Invoke = (fn: FunctionSettings, event: unknown) => Promise<unknown>;

export class LambdaTimeoutError extends Error {
  override name = 'LambdaTimeoutError';
}

export function createInvoker(loader: HandlerLoader, region: string): Invoke {
  return async (fn, event) => {
    const handler = await loader(fn.entry);
    const context = createLambdaContext(fn, region);
    const limit = timeoutMillis(fn);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new LambdaTimeoutError(`${fn.name} timed out after ${limit / 1000} seconds`)),
        limit,
      );
    });
    try {
      return await Promise.race([Promise.resolve().then(() => handler(event, context)), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };
}

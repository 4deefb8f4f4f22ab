/**
 * `npm start`: runs the local stack until Ctrl-C (SIGINT) or SIGTERM, then stops every part of it, DynamoDB
 * Local's JVM included. The composition lives in stack.ts; this file is only the command line around it.
 */
import { performance } from 'node:perf_hooks';
import { banner } from './banner';
import { CliUsageError, parseCliOptions, USAGE } from './cli-options';
import { DataDirInUseError } from './data-dir';
import { DynamoDbLocalError } from './dynamodb';
import { type LocalStack, startLocalStack } from './stack';

const REPEAT_SIGNAL_GRACE_MS = 1_000;

async function main(): Promise<void> {
  // Skylark targets Node.js 20 locally (Lambda runs 22): the SDK's notice about its future Node 22 floor is
  // for the project's maintainers (README), not something to repeat at every start.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let options: ReturnType<typeof parseCliOptions>;
  try {
    options = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }

  let stack: LocalStack | undefined;
  let stoppingSince: number | undefined;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stoppingSince !== undefined) {
      // tsx relays the terminal's SIGINT to us when we are slow to acknowledge it: a repeat within a second is
      // that echo, not a second Ctrl-C.
      if (Date.now() - stoppingSince < REPEAT_SIGNAL_GRACE_MS) return;
      console.log(`\n${signal} again: exiting without waiting.`);
      process.exit(1);
    }
    stoppingSince = Date.now();
    if (!stack) process.exit(130); // Still starting: the exit hook kills DynamoDB Local.
    console.log('\nStopping Skylark…');
    await stack.stop();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  const started = performance.now();
  console.log(
    options.inMemory ? 'Starting Skylark (in memory)…' : `Starting Skylark (data in ${options.dataDir})…`,
  );
  try {
    stack = await startLocalStack({
      port: options.port,
      inMemory: options.inMemory,
      dataDir: options.dataDir,
    });
  } catch (error) {
    console.error(`\nSkylark could not start: ${explain(error, options.port)}`);
    process.exit(1);
  }
  console.log(banner(stack, performance.now() - started));
}

/** Problems a user can fix get one clear sentence; anything else keeps its stack trace for a bug report. */
function explain(error: unknown, port: number): string {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    return `port ${port} is already in use. Stop whatever uses it, or pick another: npm start -- --port 3001`;
  }
  if (error instanceof DynamoDbLocalError || error instanceof DataDirInUseError) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

await main();

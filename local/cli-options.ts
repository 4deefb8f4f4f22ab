/** The launcher's command line: `npm start -- [--port <n>] [--in-memory] [--data-dir <dir>]`. */
import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR, DEFAULT_PORT } from './defaults';

export interface CliOptions {
  port: number;
  inMemory: boolean;
  dataDir: string;
  help: boolean;
}

export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export const USAGE = `Usage: npm start -- [options]

Runs Skylark on this machine: the API, DynamoDB Local, mail and SMS capture, the stream consumers.

Options:
  --port <n>        Port of the API (default: $PORT or ${DEFAULT_PORT}; 0 picks a free one)
  --in-memory       Keep nothing: data, signing key and stream failures live only until you stop
  --data-dir <dir>  Where data is kept (default: ${DEFAULT_DATA_DIR})
  -h, --help        Show this help`;

export function parseCliOptions(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): CliOptions {
  let values: { port?: string; 'in-memory'?: boolean; 'data-dir'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        'in-memory': { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const inMemory = values['in-memory'] ?? false;
  if (inMemory && values['data-dir'] !== undefined) {
    throw new CliUsageError('--in-memory and --data-dir exclude each other');
  }
  return {
    port: parsePort(
      values.port ?? env.PORT ?? String(DEFAULT_PORT),
      values.port === undefined ? 'PORT' : '--port',
    ),
    inMemory,
    dataDir: values['data-dir'] ?? DEFAULT_DATA_DIR,
    help: values.help ?? false,
  };
}

function parsePort(text: string, source: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(port) || port > 65_535) {
    throw new CliUsageError(`${source} must be a port number from 0 to 65535, got "${text}"`);
  }
  return port;
}

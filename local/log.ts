/**
 * The local stack's own log lines (handlers log through Powertools). Human-readable on purpose: this is what a
 * developer watches in the terminal while `npm start` runs. Everything goes to stderr, so stdout carries only
 * the launcher's banner.
 */
import { inspect } from 'node:util';

export type LogFields = Record<string, unknown>;

export interface LocalLogger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines carry a component name, e.g. `[gateway]`. */
  child(component: string): LocalLogger;
}

export type LogLevel = 'info' | 'warn' | 'error';

const LEVEL_LABELS: Record<LogLevel, string> = { info: 'INFO ', warn: 'WARN ', error: 'ERROR' };
const LEVEL_RANK: Record<LogLevel, number> = { info: 0, warn: 1, error: 2 };

export function consoleLogger(component = 'local', minLevel: LogLevel = 'info'): LocalLogger {
  const write = (level: LogLevel, message: string, fields?: LogFields) => {
    if (LEVEL_RANK[level] < LEVEL_RANK[minLevel]) return;
    const time = new Date().toISOString().slice(11, 23);
    const { error, ...rest } = fields ?? {};
    const extra =
      Object.keys(rest).length > 0
        ? ` ${inspect(rest, { breakLength: Number.POSITIVE_INFINITY, depth: 4 })}`
        : '';
    const stack = error === undefined ? '' : `\n${formatError(error)}`;
    console.error(`${time} ${LEVEL_LABELS[level]} [${component}] ${message}${extra}${stack}`);
  };
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    child: (name) => consoleLogger(name, minLevel),
  };
}

/** Drops everything: for tests that assert on behaviour, not on log output. */
export const silentLogger: LocalLogger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

function formatError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return inspect(error, { depth: 4 });
}

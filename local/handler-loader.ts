/**
 * Imports a function's module from its catalog `entry` (a .ts path from the repository root) and hands back its
 * `handler`. Modules are imported once and cached, like a warm Lambda execution environment (edits need a
 * restart: Node caches ES modules, including failed ones).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A Lambda handler as the runtime calls it (async style; callbacks are not used in this codebase). */
export type LambdaHandler = (event: unknown, context: unknown) => unknown;

export type HandlerLoader = (entry: string) => Promise<LambdaHandler>;

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export class HandlerModuleError extends Error {
  override name = 'HandlerModuleError';
}

export function createHandlerLoader(rootDir = REPO_ROOT): HandlerLoader {
  const cache = new Map<string, Promise<LambdaHandler>>();
  return (entry) => {
    let loading = cache.get(entry);
    if (!loading) {
      loading = importHandler(rootDir, entry);
      cache.set(entry, loading);
    }
    return loading;
  };
}

async function importHandler(rootDir: string, entry: string): Promise<LambdaHandler> {
  const url = pathToFileURL(resolve(rootDir, entry)).href;
  const module: { handler?: unknown } = await import(url);
  if (typeof module.handler !== 'function') {
    throw new HandlerModuleError(`${entry} does not export a function named \`handler\``);
  }
  return module.handler as LambdaHandler;
}

/** Catalog entries whose module file does not exist (yet): worth a warning at startup. */
export function missingEntries(entries: readonly string[], rootDir = REPO_ROOT): string[] {
  return entries.filter((entry) => !existsSync(resolve(rootDir, entry)));
}

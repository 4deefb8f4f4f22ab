/**
 * The local data directory (default `.skylark/`, git-ignored): DynamoDB's file, the signing key, the stream
 * checkpoints and failures. A lock file keeps two stacks from sharing it: DynamoDB Local's SQLite file does not
 * survive two writers.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface DataDirLayout {
  root: string;
  dynamodb: string;
  accessTokenKeys: string;
  streamCheckpoints: string;
  streamFailures: string;
  lock: string;
}

export function dataDirLayout(dataDir: string): DataDirLayout {
  const root = resolve(dataDir);
  return {
    root,
    dynamodb: join(root, 'dynamodb'),
    accessTokenKeys: join(root, 'access-token-keys.json'),
    streamCheckpoints: join(root, 'stream-checkpoints.json'),
    streamFailures: join(root, 'stream-failures.jsonl'),
    lock: join(root, 'stack.pid'),
  };
}

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

/** Takes the directory for this process; returns the release function. */
export async function lockDataDir(layout: DataDirLayout): Promise<() => Promise<void>> {
  await mkdir(layout.root, { recursive: true, mode: 0o700 });
  for (;;) {
    try {
      await writeFile(layout.lock, `${process.pid}\n`, { flag: 'wx' });
      return () => rm(layout.lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await readFile(layout.lock, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
      throw new DataDirInUseError(
        `Another Skylark stack (pid ${holder}) is using ${layout.root}. Stop it, or use --data-dir or --in-memory.`,
      );
    }
    // Left behind by a stack that was killed: take it over.
    await rm(layout.lock, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

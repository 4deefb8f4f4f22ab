/**
 * Where each shard's reading should resume after a restart, so records written while a consumer was still
 * busy (or failing) are delivered on the next start instead of being lost. Lambda's event source mapping keeps
 * the same position across deployments. Only meaningful with persisted data: an in-memory table starts empty.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * AT: this record is not settled yet; AFTER: everything up to and including it is. A shard nothing was read
 * from keeps where it started (LATEST or TRIM_HORIZON); SHARD_END: closed and done.
 */
export type ShardPosition =
  | { type: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string }
  | { type: 'LATEST' | 'TRIM_HORIZON' | 'SHARD_END' };

export interface StreamCheckpoints {
  load(streamArn: string): Promise<Map<string, ShardPosition> | undefined>;
  save(streamArn: string, positions: ReadonlyMap<string, ShardPosition>): Promise<void>;
}

export function memoryCheckpoints(): StreamCheckpoints {
  const saved = new Map<string, Map<string, ShardPosition>>();
  return {
    load: async (streamArn) => saved.get(streamArn),
    save: async (streamArn, positions) => {
      saved.set(streamArn, new Map(positions));
    },
  };
}

interface CheckpointFile {
  streamArn: string;
  shards: Record<string, ShardPosition>;
}

export function fileCheckpoints(path: string): StreamCheckpoints {
  return {
    async load(streamArn) {
      let file: CheckpointFile;
      try {
        file = JSON.parse(await readFile(path, 'utf8')) as CheckpointFile;
      } catch {
        return undefined;
      }
      // A table that was deleted and created again has a new stream; its old positions mean nothing.
      if (file.streamArn !== streamArn) return undefined;
      return new Map(Object.entries(file.shards));
    },
    async save(streamArn, positions) {
      const file: CheckpointFile = { streamArn, shards: Object.fromEntries(positions) };
      await mkdir(dirname(path), { recursive: true });
      // Write-then-rename, so a crash mid-write never leaves half a file.
      await writeFile(`${path}.tmp`, `${JSON.stringify(file, null, 2)}\n`, 'utf8');
      await rename(`${path}.tmp`, path);
    },
  };
}

/**
 * The web client's build for one local stack: into the data directory (`.skylark/web`, which the stack holds
 * locked) or, in memory, a temporary directory removed at stop, so parallel test stacks never share one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWeb } from '#web/build';
import { type StaticSite, staticSite } from './static-site';

export async function buildLocalSite(
  dataRoot: string | undefined,
): Promise<{ site: StaticSite; remove: () => Promise<void> }> {
  const outDir = dataRoot ? join(dataRoot, 'web') : await mkdtemp(join(tmpdir(), 'skylark-web-'));
  const built = await buildWeb(outDir);
  return {
    site: staticSite(built.outDir),
    remove: dataRoot ? async () => {} : () => rm(outDir, { recursive: true, force: true }),
  };
}

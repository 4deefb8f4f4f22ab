/**
 * Each function's bundle (esbuild with the settings of infra/constructs/skylark-function.ts: ESM, minified,
 * AWS SDK bundled, the createRequire banner) and the time a fresh Node process takes to import it — a proxy
 * for the module-loading part of a cold start.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { httpRoutes, streamConsumers, topicSubscribers } from '#functions/catalog';
import { percentile, RESULTS_DIR, round, writeResult } from './support';

const OUT_DIR = path.join(RESULTS_DIR, 'tmp');
const ROOT = path.join(import.meta.dirname, '..');
const BANNER =
  "import { createRequire as __skylarkCreateRequire } from 'node:module'; const require = __skylarkCreateRequire(import.meta.url);";
const LOADS = 5;

function loadMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' },
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(child.stderr.slice(0, 300));
  return Number(child.stdout);
}

async function main() {
  await rm(OUT_DIR, { recursive: true, force: true });
  await mkdir(OUT_DIR, { recursive: true });
  const functions = [...httpRoutes, ...streamConsumers, ...topicSubscribers];
  const rows = [];
  for (const fn of functions) {
    const outfile = path.join(OUT_DIR, `${fn.name}.mjs`);
    try {
      const result = await build({
        entryPoints: [path.join(ROOT, fn.entry)],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: { js: BANNER },
        minify: true,
        metafile: true,
        outfile,
        logLevel: 'silent',
      });
      const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
      const loads = Array.from({ length: LOADS }, () => loadMs(outfile));
      rows.push({
        function: fn.name,
        entry: fn.entry,
        bundleKb: round(bytes / 1024),
        loadMedianMs: round(percentile(loads, 50)),
      });
    } catch (error) {
      rows.push({ function: fn.name, entry: fn.entry, error: (error as Error).message.split('\n')[0] });
    }
  }
  console.table(rows);
  await writeResult('bundles', { rows });
}

await main();

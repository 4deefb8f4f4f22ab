/**
 * Builds the web client with the project's esbuild (no second bundler): web/src/main.tsx → one minified ES module
 * and one stylesheet with content hashes in their names, index.html pointing at them, and web/public/* copied.
 * The local stack serves the result (local/static-site.ts), the web stack uploads it (infra/stacks/web-stack.ts),
 * and the bench measures it (bench/web-bundle.ts).
 */
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, buildSync, type Metafile } from 'esbuild';

const WEB_DIR = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_WEB_OUT_DIR = join(WEB_DIR, '..', 'dist', 'web');

export interface WebBuild {
  outDir: string;
  /** Paths relative to outDir, as served: `index.html`, `assets/main-HASH.js`, … */
  files: string[];
  /** The first load's script and stylesheet (what index.html references). */
  entry: { js: string; css: string };
  /**
   * Every script the first load fetches: the entry and the chunks it imports statically. Screens loaded on demand
   * (settings, the operator's) are chunks of their own that only a visit to them fetches.
   */
  firstLoadJs: string[];
}

function options(outDir: string): BuildOptions {
  return {
    entryPoints: [join(WEB_DIR, 'src', 'main.tsx')],
    bundle: true,
    outdir: join(outDir, 'assets'),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    // Dynamic import() of a screen becomes a chunk of its own (web/src/lazy-screen.tsx).
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome111', 'firefox115', 'safari16.4'],
    minify: true,
    sourcemap: false,
    metafile: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(WEB_DIR, 'tsconfig.json'),
    legalComments: 'none',
    logLevel: 'silent',
  };
}

/** Builds into outDir (emptied first). */
export async function buildWeb(outDir = DEFAULT_WEB_OUT_DIR): Promise<WebBuild> {
  rmSync(outDir, { recursive: true, force: true });
  const result = await build(options(outDir));
  return writeSite(outDir, result.metafile);
}

/** The same, synchronously: CDK synthesis (infra/stacks/web-stack.ts) cannot await. */
export function buildWebSync(outDir: string): WebBuild {
  rmSync(outDir, { recursive: true, force: true });
  const result = buildSync(options(outDir));
  return writeSite(outDir, result.metafile);
}

/**
 * index.html pointing at the hashed entry (and preloading the chunks it imports, so they do not wait for the
 * entry to be parsed), and the public files beside it.
 */
function writeSite(outDir: string, metafile: Metafile | undefined): WebBuild {
  const outputs = metafile?.outputs ?? {};
  const served = (path: string) => relative(outDir, path).split('\\').join('/');
  const entryPath = Object.keys(outputs).find((path) => outputs[path]?.entryPoint !== undefined);
  const js = entryPath ? served(entryPath) : undefined;
  const css = entryPath ? outputs[entryPath]?.cssBundle : undefined;
  if (!entryPath || !js || !css) {
    throw new Error(
      `The web build produced no entry script or stylesheet: ${Object.keys(outputs).join(', ')}`,
    );
  }
  const chunks = (outputs[entryPath]?.imports ?? [])
    .filter((imported) => imported.kind === 'import-statement')
    .map((imported) => served(imported.path));
  const preloads = chunks.map((chunk) => `<link rel="modulepreload" href="/${chunk}" />`).join('\n    ');
  const template = readFileSync(join(WEB_DIR, 'index.html'), 'utf8');
  writeFileSync(
    join(outDir, 'index.html'),
    template.replace('%JS%', js).replace('%CSS%', served(css)).replace('%PRELOADS%', preloads),
  );
  const publicDir = join(WEB_DIR, 'public');
  const publicFiles = readdirSync(publicDir);
  for (const name of publicFiles) copyFileSync(join(publicDir, name), join(outDir, name));
  return {
    outDir,
    files: ['index.html', ...publicFiles, ...Object.keys(outputs).map(served)],
    entry: { js, css: served(css) },
    firstLoadJs: [js, ...chunks],
  };
}

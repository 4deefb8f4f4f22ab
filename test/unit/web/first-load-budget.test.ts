/**
 * The web client's first load stays within the budget (≤ 60 KB of gzipped JavaScript): a size, not a
 * time, so it belongs in `npm test`; the bench (`npm run bench -- web`) reports the exact figures.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, type WebBuild } from '#web/build';

const JS_GZIP_BUDGET = 60 * 1024;
const CSS_GZIP_BUDGET = 10 * 1024;

let outDir: string;
let built: WebBuild;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'skylark-web-budget-'));
  built = await buildWeb(outDir);
}, 60_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

const gzipped = async (file: string) =>
  gzipSync(await readFile(path.join(outDir, file)), { level: 9 }).length;

describe('the web client’s first load', () => {
  it('fits 60 KB of gzipped JavaScript, the entry and the chunks it imports', async () => {
    let total = 0;
    for (const file of built.firstLoadJs) total += await gzipped(file);
    expect(total).toBeLessThanOrEqual(JS_GZIP_BUDGET);
  });

  it('leaves the operator and settings screens to a chunk loaded on demand, out of the first load', async () => {
    const firstLoad = (
      await Promise.all(built.firstLoadJs.map((file) => readFile(path.join(outDir, file), 'utf8')))
    ).join('');
    const lazy = built.files.filter((file) => file.endsWith('.js') && !built.firstLoadJs.includes(file));
    expect(lazy.length).toBeGreaterThanOrEqual(1);
    // Words only those screens show: in a lazy chunk, never in what the first load fetches.
    for (const words of ['Reports to review', 'Delete your account']) {
      expect(firstLoad).not.toContain(words);
      const chunks = await Promise.all(lazy.map((file) => readFile(path.join(outDir, file), 'utf8')));
      expect(chunks.some((chunk) => chunk.includes(words))).toBe(true);
    }
  });

  it('fits 10 KB of gzipped CSS', async () => {
    expect(await gzipped(built.entry.css)).toBeLessThanOrEqual(CSS_GZIP_BUDGET);
  });
});

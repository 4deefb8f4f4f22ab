/**
 * The web client's figures: the first load's JS and CSS (raw and gzip), the time to the first timeline render in
 * Chromium on the local stack, and Lighthouse (12.2.3, default mobile preset with simulated throttling)
 * performance / accessibility / best-practices of the home and user pages. Chromium is Debian's, started with the
 * browser tests' flags and a DevTools port that both playwright-core and Lighthouse attach to.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { freePort } from '#local/free-port';
import { startLocalStack } from '#local/stack';
import { CHROMIUM_FLAGS, findChromium } from '#test/browser/support/chromium';
import { apiClient } from '#test/factories/api-client';
import { latestMailTo, verifyApiPath } from '#test/factories/mailbox';
import { buildWeb } from '#web/build';
import { percentile, round, writeResult } from './support';

const RENDER_SAMPLES = 7;
const LIGHTHOUSE_METRICS = [
  'first-contentful-paint',
  'largest-contentful-paint',
  'speed-index',
  'total-blocking-time',
  'cumulative-layout-shift',
] as const;
const POSTS = 30;

async function bundleSizes() {
  const outDir = await mkdtemp(path.join(tmpdir(), 'skylark-web-bench-'));
  try {
    const built = await buildWeb(outDir);
    const size = async (file: string) => {
      const bytes = await readFile(path.join(outDir, file));
      return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    };
    let js = { raw: 0, gzip: 0 };
    for (const file of built.firstLoadJs) {
      const one = await size(file);
      js = { raw: js.raw + one.raw, gzip: js.gzip + one.gzip };
    }
    return {
      // The entry and the chunks it imports statically (screens loaded on demand are not in the first load).
      js,
      css: await size(built.entry.css),
      html: await size('index.html'),
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

async function startChromium(): Promise<{ port: number; process: ChildProcess; stop: () => Promise<void> }> {
  const port = await freePort();
  const profile = await mkdtemp(path.join(tmpdir(), 'skylark-bench-chromium-'));
  const child = spawn(
    await findChromium(),
    [...CHROMIUM_FLAGS, `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: 'ignore' },
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    const up = await fetch(`http://127.0.0.1:${port}/json/version`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    port,
    process: child,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await rm(profile, { recursive: true, force: true });
    },
  };
}

async function main() {
  const sizes = await bundleSizes();
  const stack = await startLocalStack({
    port: 0,
    inMemory: true,
    quiet: true,
    logLevel: 'WARN',
    ...(process.env.DYNAMODB_ENDPOINT ? { dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT } : {}),
    ...(process.env.TABLE_NAME ? { tableName: process.env.TABLE_NAME } : {}),
  });
  const browser = await startChromium();
  try {
    const api = apiClient(stack.url);
    const person = {
      firstName: 'Ada',
      lastName: 'Lovelace',
      username: 'ada_bench',
      email: 'ada.bench@example.org',
      password: 'analytical engine',
    };
    await api.post('/v1/auth/register', person);
    await api.get(verifyApiPath(await latestMailTo(api, person.email)));
    const login = await api.post('/v1/auth/login', { login: person.username, password: person.password });
    for (let index = 0; index < POSTS; index++) {
      await api.post(
        '/v1/posts',
        { text: `Post number ${index} with a link https://example.org/${index} #bench` },
        {
          token: login.body.accessToken,
        },
      );
    }
    await stack.streams.drain();

    const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${browser.port}`);
    const context = cdp.contexts()[0];
    if (!context) throw new Error('Chromium has no default context');
    const page = await context.newPage();
    await page.goto(`${stack.publicUrl}/login`);
    await page.getByLabel('Username or email').fill(person.username);
    await page.getByLabel('Password').fill(person.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('.timeline .post').first().waitFor();

    // Time to first timeline render: navigation start → the first post in the DOM (session restore by cookie,
    // then GET /v1/timeline, then render), on a warm cache as a returning reader has it.
    const samples: number[] = [];
    for (let run = 0; run < RENDER_SAMPLES; run++) {
      await page.goto(`${stack.publicUrl}/`);
      await page.locator('.timeline .post').first().waitFor();
      samples.push(await page.evaluate(() => performance.now()));
    }
    await page.close();
    // Playwright, while connected, attaches to every new tab (Lighthouse's too) and runs its own scripts in it,
    // which Lighthouse would count as the page's main-thread work: disconnect first (the session cookie stays in
    // the browser's profile).
    await cdp.close();

    // The machine is shared: the load average beside the scores says how much they are worth.
    const loadBefore = os.loadavg()[0] ?? 0;
    const scores: Record<string, Record<string, number | null>> = {};
    const metrics: Record<string, Record<string, number | null>> = {};
    for (const [name, pathname] of [
      ['home', '/'],
      ['user page', `/@${person.username}`],
    ] as const) {
      const result = await lighthouse(`${stack.publicUrl}${pathname}`, {
        port: browser.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
        // Keeps the session cookie, so "home" is the signed-in timeline.
        disableStorageReset: true,
      });
      if (process.env.LIGHTHOUSE_REPORT_DIR && result) {
        // The whole report, to see which shifts and long tasks cost points (not written by default).
        await writeFile(
          path.join(process.env.LIGHTHOUSE_REPORT_DIR, `lighthouse-${name.replace(/\W+/g, '-')}.json`),
          JSON.stringify(result.lhr),
        );
      }
      const categories = result?.lhr.categories ?? {};
      // The simulated metrics behind the performance score, so a low score says what to work on.
      metrics[name] = Object.fromEntries(
        LIGHTHOUSE_METRICS.map((id) => {
          const value = result?.lhr.audits[id]?.numericValue;
          return [id, typeof value === 'number' ? round(value) : null];
        }),
      );
      scores[name] = Object.fromEntries(
        ['performance', 'accessibility', 'best-practices'].map((id) => {
          const score = categories[id]?.score;
          return [id, typeof score === 'number' ? Math.round(score * 100) : null];
        }),
      );
    }

    const result = {
      firstLoad: sizes,
      firstTimelineRenderMs: {
        samples: samples.map((sample) => round(sample)),
        median: round(percentile(samples, 50)),
        max: round(Math.max(...samples)),
      },
      lighthouse: {
        version: '12.2.3',
        preset: 'default (mobile, simulated throttling)',
        loadAverage1m: { before: round(loadBefore), after: round(os.loadavg()[0] ?? 0) },
        scores,
        metrics,
      },
    };
    await writeResult('web', result);
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await browser.stop();
    await stack.stop();
  }
}

await main();

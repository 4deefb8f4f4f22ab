/**
 * `npm start` as a user runs it: a child process that answers GET /v1/health within 30 s and, on Ctrl-C
 * (SIGINT to its process group, as a terminal sends it), stops cleanly with no DynamoDB Local left running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '#local/free-port';
import { REPO_ROOT } from '#local/handler-loader';

let child: ChildProcess | undefined;
let output = '';

afterAll(() => {
  // Only if the test failed half-way: never leave the stack (and its JVM) behind.
  if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
});

describe('npm start', () => {
  it('serves the API within 30 s and stops cleanly on Ctrl-C', async () => {
    const port = await freePort();
    child = spawn('npm', ['start', '--', '--port', String(port), '--in-memory'], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'WARN' },
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child?.once('exit', (code, signal) => resolve({ code, signal }));
    });

    const started = Date.now();
    const health = await poll(() => fetch(`http://127.0.0.1:${port}/v1/health`), 30_000);
    expect(health.status, output).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(output).toContain(`http://localhost:${port}/_local/mail`);
    const dynamodbPort = Number(/DynamoDB\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
    expect(dynamodbPort, output).toBeGreaterThan(0);

    process.kill(-(child.pid ?? 0), 'SIGINT');
    const exit = await Promise.race([exited, sleep(15_000).then(() => 'still running' as const)]);
    expect(exit, output).not.toBe('still running');
    expect(output).toContain('Stopped.');
    expect(await acceptsConnections(port)).toBe(false);
    expect(await acceptsConnections(dynamodbPort)).toBe(false);
  }, 60_000);
});

async function poll(request: () => Promise<Response>, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await request();
    } catch (error) {
      if (Date.now() > deadline || child?.exitCode !== null)
        throw new Error(`npm start did not answer:\n${output}`, { cause: error });
      await sleep(200);
    }
  }
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Makes sure child processes (DynamoDB Local's JVM) never outlive this process. Node does not kill children
 * when it exits, and an orphaned JVM keeps its port and data files locked.
 *
 * - On `exit` (normal end, process.exit, uncaught exception) every tracked child gets SIGKILL, synchronously.
 * - On SIGINT/SIGTERM/SIGHUP, when nobody else handles the signal (a test runner, a library user), the
 *   children are killed and the signal is re-raised, so the process still dies the way it would have. When
 *   another listener exists (the launcher), that listener owns the graceful shutdown.
 * - On SIGKILL nothing of ours runs (tsx sends one to a child that is slow to acknowledge a relayed signal), so
 *   a tiny shell watches a pipe from us and kills the child when the pipe closes, that is, when we are gone.
 */
import { type ChildProcess, spawn } from 'node:child_process';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const children = new Set<ChildProcess>();
let installed = false;

export function reapOnExit(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
  install();
  killWhenWeDie(child);
}

function killWhenWeDie(child: ChildProcess): void {
  if (process.platform === 'win32' || child.pid === undefined) return;
  const guard = spawn('sh', ['-c', `read _; kill -KILL ${child.pid} 2>/dev/null`], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  guard.on('error', () => {});
  guard.stdin?.on('error', () => {});
  // Neither the guard nor its pipe may keep this process alive.
  guard.unref();
  (guard.stdin as { unref?: () => void } | null)?.unref?.();
  // The child went first: stop the guard without letting it kill a pid that may be reused.
  child.once('exit', () => guard.kill('SIGKILL'));
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  killAll();
  for (const each of SIGNALS) process.off(each, onSignal);
  process.off('exit', killAll);
  installed = false;
  process.kill(process.pid, signal);
}

function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

/**
 * The local stand-in for the EventBridge schedules of the catalog's scheduled jobs: each job's handler is
 * invoked every `everyMinutes` (or `intervalMs`, for tests and impatient operators) with the event EventBridge
 * sends. Runs of one job never overlap; `run(name)` starts one now (what tests and /_local/jobs/{name} call)
 * and resolves with the handler's result.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduledJob } from '#shared/catalog';
import type { Invoke } from './lambda-invoker';
import type { LocalLogger } from './log';

export interface JobTimerOptions {
  jobs: readonly ScheduledJob[];
  invoke: Invoke;
  region: string;
  logger: LocalLogger;
  /** Overrides every job's interval. */
  intervalMs?: number;
}

export interface JobTimer {
  run(name: string): Promise<unknown>;
  names(): string[];
  stop(): Promise<void>;
}

export function startJobTimer(options: JobTimerOptions): JobTimer {
  const running = new Map<string, Promise<unknown>>();
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;

  function run(job: ScheduledJob): Promise<unknown> {
    const current = running.get(job.name);
    if (current) return current.then(() => run(job));
    const started = options
      .invoke(job, scheduledEvent(job, options.region))
      .finally(() => running.delete(job.name));
    running.set(job.name, started);
    return started;
  }

  for (const job of options.jobs) {
    const timer = setInterval(
      () => {
        if (stopped || running.has(job.name)) return;
        run(job).catch((error: unknown) =>
          options.logger.error(`${job.name} failed a scheduled run`, { error }),
        );
      },
      options.intervalMs ?? job.everyMinutes * 60_000,
    );
    timer.unref();
    timers.push(timer);
  }

  return {
    run(name) {
      const job = options.jobs.find((candidate) => candidate.name === name);
      if (!job) return Promise.reject(new Error(`No scheduled job named ${name}`));
      return run(job);
    },
    names: () => options.jobs.map((job) => job.name),
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running.values()]);
    },
  };
}

/** What an EventBridge schedule delivers to its target. */
function scheduledEvent(job: ScheduledJob, region: string) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: new Date().toISOString(),
    region,
    resources: [`arn:aws:events:${region}:000000000000:rule/${job.name}Schedule`],
    detail: {},
  };
}

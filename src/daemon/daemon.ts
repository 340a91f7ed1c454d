import cron from 'node-cron';
import { type IngestReport, type PipelineDeps, runCycle } from '../pipeline/ingest.js';

export interface DaemonHandle {
  /** Stops taking new ticks, waits for the cycle in flight, then resolves. */
  stop(reason: string): Promise<void>;
  /** Resolves once stopped. */
  readonly stopped: Promise<void>;
  nextRun(): Date | null;
}

/**
 * Runs a cycle on every tick of the config's schedule. Cycles never overlap: a tick that
 * fires while one is still running is skipped and logged.
 */
export interface DaemonHooks {
  /** After every cycle (also a failed one): for the heartbeat that `status` shows. */
  onCycle?: (info: { at: Date; ms: number; report: IngestReport | null; nextRun: Date | null }) => void;
}

export function startDaemon(
  deps: PipelineDeps,
  hooks: DaemonHooks = {},
  options: { runNow?: boolean } = {},
): DaemonHandle {
  const { logger, config } = deps;
  let inFlight: Promise<void> | null = null;
  const abandon = new AbortController();
  let stopping = false;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });

  const tick = (): void => {
    if (stopping) return;
    if (inFlight) {
      logger.warn('previous cycle still running; this tick is skipped');
      return;
    }
    const started = deps.clock();
    // The tick this cycle belongs to (cron fires on whole seconds, a little late): workers on one
    // schedule then agree on it, and each feed is polled once per tick among them.
    const tick = new Date(Math.floor(started.getTime() / 1000) * 1000);
    inFlight = runCycle({ ...deps, signal: abandon.signal }, { tick })
      .then(
        (report) => report,
        () => null,
      ) // runCycle has logged the failure; the next tick retries
      .then((report) => {
        const nextRun = stopping ? null : task.getNextRun();
        try {
          hooks.onCycle?.({ at: started, ms: deps.clock().getTime() - started.getTime(), report, nextRun });
        } catch (err) {
          logger.warn({ err: (err as Error).message }, 'after-cycle hook failed; the daemon goes on');
        }
      })
      .finally(() => {
        inFlight = null;
        if (!stopping) logger.info({ nextRun: task.getNextRun()?.toISOString() ?? null }, 'waiting for the next tick');
      });
  };
  const task = cron.schedule(config.schedule, tick, { timezone: config.timezone, name: 'figurewatch-cycle' });
  logger.info(
    {
      schedule: config.schedule,
      timezone: config.timezone,
      nextRun: task.getNextRun()?.toISOString() ?? null,
      runNow: options.runNow ?? false,
    },
    'daemon started',
  );
  // A first cycle at start, rather than up to a whole period later (a container just started, say).
  if (options.runNow) tick();

  return {
    stopped,
    nextRun: () => (stopping ? null : task.getNextRun()),
    async stop(reason) {
      if (stopping) return stopped;
      stopping = true;
      logger.info({ reason }, inFlight ? 'stopping: finishing the cycle in flight' : 'stopping');
      await task.stop();
      await task.destroy();
      if (inFlight) {
        // Finish the cycle in flight if it can within the grace period; else abandon it (rolled back, redone next start).
        const grace = setTimeout(() => {
          logger.warn({ graceMs: config.shutdownGraceMs }, 'the cycle in flight did not finish in time; abandoning it');
          abandon.abort();
        }, config.shutdownGraceMs);
        await inFlight;
        clearTimeout(grace);
      }
      logger.info('daemon stopped');
      resolveStopped();
      return stopped;
    },
  };
}

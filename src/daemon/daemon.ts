import cron from 'node-cron';
import { runCycle, type CycleDeps } from './cycle.js';

export interface DaemonHandle {
  /** Stops taking new ticks, waits for the cycle in flight, then resolves. */
  stop(reason: string): Promise<void>;
  /** Resolves once stopped. */
  readonly stopped: Promise<void>;
}

/**
 * Runs a cycle on every tick of the config's schedule. Cycles never overlap: a tick that
 * fires while one is still running is skipped and logged.
 */
export function startDaemon(deps: CycleDeps): DaemonHandle {
  const { logger, config } = deps;
  let inFlight: Promise<void> | null = null;
  let stopping = false;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => { resolveStopped = resolve; });

  const tick = (): void => {
    if (stopping) return;
    if (inFlight) {
      logger.warn('previous cycle still running; this tick is skipped');
      return;
    }
    inFlight = runCycle(deps)
      .then(() => undefined, () => undefined) // runCycle has logged the failure; the next tick retries
      .finally(() => {
        inFlight = null;
        if (!stopping) logger.info({ nextRun: task.getNextRun()?.toISOString() ?? null }, 'waiting for the next tick');
      });
  };
  const task = cron.schedule(config.schedule, tick, { timezone: config.timezone, name: 'figurewatch-cycle' });
  logger.info({ schedule: config.schedule, timezone: config.timezone, nextRun: task.getNextRun()?.toISOString() ?? null }, 'daemon started');

  return {
    stopped,
    async stop(reason) {
      if (stopping) return stopped;
      stopping = true;
      logger.info({ reason }, inFlight ? 'stopping: finishing the cycle in flight' : 'stopping');
      await task.stop();
      await task.destroy();
      if (inFlight) await inFlight;
      logger.info('daemon stopped');
      resolveStopped();
      return stopped;
    },
  };
}

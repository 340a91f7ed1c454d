import { UserError } from '../config/errors.js';
import { runCycle } from '../daemon/cycle.js';
import { startDaemon } from '../daemon/daemon.js';
import { openContext } from './context.js';
import { onStopSignal } from './stopSignals.js';
import type { GlobalOptions } from './program.js';

export async function onceCommand(globals: GlobalOptions): Promise<void> {
  const ctx = openContext(globals, 'once');
  try {
    const report = await runCycle(ctx);
    if (report.changes.length === 0) ctx.logger.info({ itemsNew: report.itemsNew }, 'no estimate changed');
  } catch (err) {
    throw new UserError(`the cycle failed and stored nothing: ${(err as Error).message}`, 1);
  } finally {
    ctx.close();
  }
}

export async function runCommand(globals: GlobalOptions): Promise<void> {
  const ctx = openContext(globals, 'run');
  const heartbeat = (fields: Parameters<NonNullable<typeof ctx.lock>['update']>[0]): void => {
    const err = ctx.lock?.update(fields);
    if (err) ctx.logger.warn({ lock: ctx.lock?.path, err: err.message }, 'cannot write the heartbeat (is the disk full or read-only?); status will show an older one');
  };
  const daemon = startDaemon(ctx, {
    onCycle: ({ at, ms, nextRun }) => heartbeat({ lastCycleAt: at.toISOString(), lastCycleMs: ms, nextCycleAt: nextRun?.toISOString() ?? null }),
  });
  heartbeat({ nextCycleAt: daemon.nextRun()?.toISOString() ?? null });
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals > 1) {
      // A second signal means the operator will not wait: nothing uncommitted is lost, the next start redoes it.
      ctx.logger.warn({ signal }, 'second signal: exiting now without waiting for the cycle');
      ctx.lock?.release();
      process.exit(130);
    }
    void daemon.stop(signal);
  };
  const release = onStopSignal(onSignal);
  await daemon.stopped;
  release();
  ctx.close();
}

import { hostname } from 'node:os';
import { startDaemon } from '../../daemon/daemon.js';
import { openContext } from '../context.js';
import type { GlobalOptions } from '../globals.js';
import { onStopSignal } from '../stopSignals.js';
import { servePage } from './serve.js';

export async function runCommand(opts: { now?: boolean }, globals: GlobalOptions): Promise<void> {
  const ctx = await openContext(globals, { lockAs: 'run', workers: true, needsFeeds: true });
  const startedAt = new Date().toISOString();
  const cycles: { lastCycleAt: string | null; nextCycleAt: string | null } = { lastCycleAt: null, nextCycleAt: null };
  // A worker sharing PostgreSQL keeps a heartbeat row (status lists the workers alive); on SQLite
  // the lock file is the heartbeat and this is a no-op.
  const beat = (): void => {
    ctx.store
      .heartbeat({
        worker: ctx.worker,
        pid: process.pid,
        host: hostname(),
        command: 'run',
        startedAt,
        beatAt: new Date().toISOString(),
        ...cycles,
      })
      .catch((err: unknown) =>
        ctx.logger.warn(
          { err: ctx.store.explainFailure(err) ?? (err as Error).message },
          'cannot write the heartbeat row; status will show an older one',
        ),
      );
  };
  const beating = setInterval(beat, ctx.config.store.heartbeatMs);
  beating.unref();
  const heartbeat = (fields: Parameters<NonNullable<typeof ctx.lock>['update']>[0]): void => {
    if (fields.lastCycleAt !== undefined) cycles.lastCycleAt = fields.lastCycleAt;
    if (fields.nextCycleAt !== undefined) cycles.nextCycleAt = fields.nextCycleAt;
    beat();
    const err = ctx.lock?.update(fields);
    if (err)
      ctx.logger.warn(
        { lock: ctx.lock?.path, err: err.message },
        'cannot write the heartbeat (is the disk full or read-only?); status will show an older one',
      );
  };
  const daemon = startDaemon(
    ctx,
    {
      onCycle: ({ at, ms, nextRun }) =>
        heartbeat({ lastCycleAt: at.toISOString(), lastCycleMs: ms, nextCycleAt: nextRun?.toISOString() ?? null }),
    },
    { runNow: opts.now ?? false },
  );
  heartbeat({ nextCycleAt: daemon.nextRun()?.toISOString() ?? null });
  // The page beside the daemon, when the config asks for it; it reads the same store.
  const web = ctx.config.web ? await servePage(ctx, ctx.config.web.host, ctx.config.web.port) : null;
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
  clearInterval(beating);
  release();
  await web?.close();
  await ctx.close();
}

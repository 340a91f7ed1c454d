import { UserError } from '../../config/errors.js';
import { type IngestReport, runCycle } from '../../pipeline/ingest.js';
import { openContext } from '../context.js';
import type { GlobalOptions } from '../globals.js';

/** Exit codes of `once` for cron users, beyond 0 (done), 1 (failed) and 2 (usage or config). */
export const EXIT_UNDELIVERED = 3;

export const EXIT_ALL_FEEDS_FAILED = 4;

/** What a finished cycle means for whoever runs `once` from cron: null when all went well. */
export function onceOutcome(
  report: Pick<IngestReport, 'undelivered' | 'feedsPolled' | 'feedsFailed'>,
): { message: string; exitCode: number } | null {
  if (report.undelivered > 0) {
    return {
      message: `${report.undelivered} digest(s) could not be delivered; they stay in the outbox and the next cycle retries them (the log above has the mail server's answer; figurewatch mail-test checks the settings)`,
      exitCode: EXIT_UNDELIVERED,
    };
  }
  if (report.feedsPolled > 0 && report.feedsFailed === report.feedsPolled) {
    return {
      message: `every feed failed (${report.feedsFailed}): check the network and the feed URLs; figurewatch status shows each feed's last error`,
      exitCode: EXIT_ALL_FEEDS_FAILED,
    };
  }
  return null;
}

export async function onceCommand(opts: { force?: boolean }, globals: GlobalOptions): Promise<void> {
  const ctx = await openContext(globals, { lockAs: 'once', workers: true, needsFeeds: true });
  let report: IngestReport;
  try {
    // Several workers running `once` from cron in the same minute share its tick: each feed is
    // polled by one of them (PostgreSQL; SQLite has one writer and ignores it).
    const started = ctx.clock().getTime();
    report = await runCycle(ctx, { force: opts.force ?? false, tick: new Date(started - (started % 60_000)) });
    if (report.changes.length === 0) ctx.logger.info({ itemsNew: report.itemsNew }, 'no estimate changed');
  } catch (err) {
    throw new UserError(
      `the cycle failed: ${(err as Error).message}. What it committed before is kept; run it again to go on`,
      1,
    );
  } finally {
    await ctx.close();
  }
  const outcome = onceOutcome(report);
  if (outcome) throw new UserError(outcome.message, outcome.exitCode);
}

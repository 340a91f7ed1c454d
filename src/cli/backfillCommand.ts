import { UserError } from '../config/errors.js';
import { runBackfill } from '../daemon/backfill.js';
import { metricLabels } from '../extract/topicLabels.js';
import { runReextract } from '../daemon/reextract.js';
import { changeHeadline } from '../digest/renderDigest.js';
import { timeWindow } from '../model/time.js';
import { openContext } from './context.js';
import { onStopSignal } from './stopSignals.js';
import type { GlobalOptions } from './program.js';

export interface BackfillFlags {
  dir?: string;
  urls?: string;
  feeds?: boolean;
  since?: string;
  until?: string;
  sendDigest?: boolean;
}

const LOG_EVERY = 500;

/**
 * The first SIGINT/SIGTERM aborts the signal instead of killing the process, so the batch in hand
 * is committed; a second one exits at once (the uncommitted batch is redone by the next run).
 */
function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const dispose = onStopSignal((signal) => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    process.stderr.write(`\nfigurewatch: ${signal}: finishing the articles in hand, then stopping (again to stop at once)\n`);
    controller.abort();
  });
  return { signal: controller.signal, dispose };
}

/** A progress bar on a terminal; otherwise a log line every LOG_EVERY articles. */
function progressReporter(log: (done: number, total: number, rate: number) => void): (done: number, total: number) => void {
  const started = Date.now();
  const tty = Boolean(process.stderr.isTTY);
  let last = 0;
  return (done, total) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    if (tty) {
      if (Date.now() - last < 100 && done < total) return;
      last = Date.now();
      const width = 30;
      const filled = Math.round((done / Math.max(1, total)) * width);
      const left = rate > 0 ? Math.round((total - done) / rate) : 0;
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} articles, ${rate.toFixed(0)}/s, ${left}s left `);
      if (done === total) process.stderr.write('\n');
    } else if (done % LOG_EVERY === 0 || done === total) {
      log(done, total, rate);
    }
  };
}

export async function backfillCommand(flags: BackfillFlags, globals: GlobalOptions): Promise<void> {
  const window = timeWindow(flags.since, flags.until);
  if ('problem' in window) throw new UserError(window.problem);
  const { since, until } = window;
  const ctx = await openContext(globals, { lockAs: 'backfill', workers: true, needsFeeds: flags.feeds === true || (!flags.dir && !flags.urls) });
  const interrupt = interruptSignal();
  try {
    const report = await runBackfill(ctx, {
      signal: interrupt.signal,
      ...(flags.dir ? { dir: flags.dir } : {}),
      ...(flags.urls ? { urlsFile: flags.urls } : {}),
      feeds: flags.feeds ?? false,
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
      sendDigest: flags.sendDigest ?? false,
      onProgress: progressReporter((done, total, rate) => ctx.logger.info({ done, total, rate: Math.round(rate) }, 'backfill progress')),
    });
    process.stdout.write(`Backfill: ${report.articles} articles stored (${report.duplicates} copies of others), ${report.claims} claims, ` +
      `${report.changes.length} changes to the history; ${report.skipped} already stored.` +
      (report.interrupted ? ' Interrupted: run the same command again to resume.' : '') +
      `${flags.sendDigest && !report.interrupted ? (report.digestSent ? ' Summary digest sent.' : ' No summary digest sent.') : ''}\n`);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`backfill stopped: ${(err as Error).message}. What it committed is kept; run it again to resume`, 1);
  } finally {
    interrupt.dispose();
    await ctx.close();
  }
}

export async function reextractCommand(flags: { sendDigest?: boolean }, globals: GlobalOptions): Promise<void> {
  const ctx = await openContext(globals, { lockAs: 'reextract', workers: true });
  try {
    const report = await runReextract(ctx, {
      sendDigest: flags.sendDigest ?? false,
      onProgress: progressReporter((done, total, rate) => ctx.logger.info({ done, total, rate: Math.round(rate) }, 'reextract progress')),
    });
    const labels = metricLabels(ctx.topics);
    const lines = [`Re-extracted ${report.articles} articles: ${report.added} claims added, ${report.withdrawn} withdrawn, ${report.reinstated} reinstated.`];
    if (report.changes.length === 0 && report.corrections.length === 0) lines.push('No figure or estimate changed.');
    for (const c of report.changes) lines.push(`  + ${labels.get(c.metric) ?? c.metric}: ${changeHeadline({ ...c, support: null })}${c.figure ? ` — ${c.figure.title}` : ''}`);
    for (const c of report.corrections) lines.push(`  ✎ ${labels.get(c.metric) ?? c.metric}: ${c.line}`);
    if (flags.sendDigest && (report.changes.length > 0 || report.corrections.length > 0)) lines.push(report.digestSent ? 'Digest sent.' : 'Digest not sent yet: it stays in the outbox and the daemon retries it.');
    process.stdout.write(lines.join('\n') + '\n');
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`reextract failed and changed nothing: ${(err as Error).message}`, 1);
  } finally {
    await ctx.close();
  }
}

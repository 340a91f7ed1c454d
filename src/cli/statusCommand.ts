import { formatFigure } from '../model/claim.js';
import type { FigureView } from '../model/change.js';
import { dayLabel } from '../model/time.js';
import { estimatesView, type EstimateView } from '../queries/estimates.js';
import type { FeedState, RunRecord } from '../store/store.js';
import { metricLabels } from '../extract/topicLabels.js';
import { readLock, type LockInfo } from '../daemon/storeLock.js';
import path from 'node:path';
import { UserError } from '../config/errors.js';
import { configPathFrom, loadConfig } from '../config/load.js';
import { openContext } from './context.js';
import type { GlobalOptions } from './program.js';
import { formatTable, truncate } from './table.js';

function day(iso: string | null): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') : '—';
}

/**
 * For a container's healthcheck: healthy while a daemon holds the store and its heartbeat is
 * fresh (its next cycle is not overdue by more than a cycle's deadline and five minutes).
 */
export async function statusCheckCommand(globals: GlobalOptions): Promise<void> {
  const loaded = loadConfig(configPathFrom(globals.config, process.env));
  const storePath = path.resolve(loaded.config.store.path);
  const daemon = readLock(storePath);
  const now = Date.now();
  let problem: string | null = null;
  if (!daemon?.running) problem = `no figurewatch daemon holds ${storePath}`;
  else if (daemon.nextCycleAt && now > Date.parse(daemon.nextCycleAt) + loaded.config.cycle.deadlineMs + 5 * 60_000) {
    problem = `the daemon (pid ${daemon.pid}) is overdue: its next cycle was due ${daemon.nextCycleAt}${daemon.lastCycleAt ? `, last cycle ${daemon.lastCycleAt}` : ''}`;
  }
  if (problem) throw new UserError(`unhealthy: ${problem}`, 1);
  process.stdout.write(`healthy: figurewatch ${daemon!.command} (pid ${daemon!.pid})${daemon!.lastCycleAt ? `, last cycle ${daemon!.lastCycleAt}` : ', no cycle yet'}\n`);
}

/** What `status` shows, as data (`status --json`): the same query the page will read. */
export interface StatusReport {
  estimates: EstimateView[];
  feeds: FeedState[];
  daemon: (LockInfo & { running: boolean }) | null;
  lastRun: RunRecord | null;
  awaitingExtraction: number;
}

function valueOf(f: FigureView | null): string {
  return f ? formatFigure(f) : '—';
}

/** The estimates as lines of at most 100 columns: value, who said it, when, sources; plans and tranches under them. */
function estimateRows(estimates: readonly EstimateView[]): string[][] {
  const rows: string[][] = [];
  for (const e of estimates) {
    rows.push([truncate(e.label, 34), valueOf(e.current), truncate(e.current?.attribution ?? '—', 22), e.current ? dayLabel(e.current.at) : 'no figure yet',
      e.support ? `${e.support.sources}${e.support.copies > e.support.sources ? ` (${e.support.copies} art.)` : ''}` : '']);
    for (const p of e.planned) rows.push([`  planned`, valueOf(p), truncate(p.attribution ?? '—', 22), dayLabel(p.at), '']);
    for (const a of e.additional) rows.push([`  a tranche`, `${valueOf(a)} more`, truncate(a.attribution ?? '—', 22), dayLabel(a.at), '']);
  }
  return rows;
}

export async function statusCommand(opts: { json?: boolean }, globals: GlobalOptions): Promise<void> {
  const ctx = await openContext({ ...globals, logLevel: globals.logLevel ?? 'warn' }, { readOnly: true });
  try {
    const report: StatusReport = {
      estimates: estimatesView(ctx.store.ledger(), metricLabels(ctx.topics), ctx.config.estimates.bandWindowDays),
      feeds: ctx.store.feedStates(),
      daemon: readLock(ctx.storePath),
      lastRun: ctx.store.lastRun(),
      awaitingExtraction: ctx.store.articlesAwaitingExtraction(),
    };
    if (opts.json) {
      process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      return;
    }
    const out: string[] = ['Estimates (newest actual total of each figure; dates UTC)',
      formatTable(['figure', 'value', 'said by', 'date', 'sources'], estimateRows(report.estimates)), ''];
    out.push('Feeds (times UTC)');
    out.push(report.feeds.length === 0 ? '(no feed polled yet)' : formatTable(
      ['feed', 'last success', 'last error', 'errors', 'next try'],
      report.feeds.map((f) => [truncate(f.name, 24), day(f.lastSuccessAt), f.lastError ? truncate(`${f.lastErrorKind}: ${f.lastError}`, 38) : '—', String(f.errorCount), day(f.nextTryAt)]),
    ));
    const { daemon, lastRun: run } = report;
    out.push('');
    out.push(daemon?.running
      ? `Daemon: figurewatch ${daemon.command} running (pid ${daemon.pid}) since ${day(daemon.startedAt)} UTC` +
        `${daemon.lastCycleAt ? `; last cycle ${day(daemon.lastCycleAt)} took ${((daemon.lastCycleMs ?? 0) / 1000).toFixed(1)} s` : ''}` +
        `${daemon.nextCycleAt ? `; next cycle due ${day(daemon.nextCycleAt)}` : ''}`
      : 'Daemon: not running (start it with figurewatch run)');
    out.push(run
      ? `Last cycle: started ${day(run.startedAt)} UTC, ${run.finishedAt ? `finished ${day(run.finishedAt)} (${run.outcome})` : 'not finished'}; ` +
        `${run.itemsNew ?? 0} new items, ${run.claims ?? 0} claims, ${run.changes ?? 0} changes${run.error ? `; error: ${run.error}` : ''}`
      : 'Last cycle: none yet (run figurewatch once)');
    if (report.awaitingExtraction > 0) out.push(`${report.awaitingExtraction} article(s) stored without claims (over the reading budget): figurewatch reextract reads them again.`);
    process.stdout.write(out.map((l) => l.split('\n').map((x) => x.trimEnd()).join('\n')).join('\n') + '\n');
  } finally {
    await ctx.close();
  }
}

import { hostname } from 'node:os';
import path from 'node:path';
import { UserError } from '../../config/errors.js';
import { configPathFrom, loadConfig } from '../../config/load.js';
import { readLock } from '../../daemon/storeLock.js';
import { metricLabels } from '../../extract/topicLabels.js';
import type { FigureView } from '../../model/change.js';
import { formatFigure } from '../../model/claim.js';
import { dayLabel } from '../../model/time.js';
import type { EstimateView } from '../../queries/estimates.js';
import { type StatusReport, statusReport } from '../../queries/status.js';
import { openContext } from '../context.js';
import type { GlobalOptions } from '../globals.js';
import { formatTable, truncate } from '../table.js';

function day(iso: string | null): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') : '—';
}

/**
 * For a container's healthcheck: healthy while a daemon holds the store and its heartbeat is
 * fresh (its next cycle is not overdue by more than a cycle's deadline and five minutes).
 */
export async function statusCheckCommand(globals: GlobalOptions): Promise<void> {
  const loaded = loadConfig(configPathFrom(globals.config, process.env));
  if (loaded.config.store.url) return workerCheck(globals);
  const storePath = path.resolve(loaded.config.store.path);
  const daemon = readLock(storePath);
  const now = Date.now();
  let problem: string | null = null;
  if (!daemon?.running) problem = `no figurewatch daemon holds ${storePath}`;
  else if (daemon.nextCycleAt && now > Date.parse(daemon.nextCycleAt) + loaded.config.cycle.deadlineMs + 5 * 60_000) {
    problem = `the daemon (pid ${daemon.pid}) is overdue: its next cycle was due ${daemon.nextCycleAt}${daemon.lastCycleAt ? `, last cycle ${daemon.lastCycleAt}` : ''}`;
  }
  if (problem) throw new UserError(`unhealthy: ${problem}`, 1);
  process.stdout.write(
    `healthy: figurewatch ${daemon!.command} (pid ${daemon!.pid})${daemon!.lastCycleAt ? `, last cycle ${daemon!.lastCycleAt}` : ', no cycle yet'}\n`,
  );
}

/** Workers heard from within three heartbeats are alive. */
function aliveSince(heartbeatMs: number, now = Date.now()): string {
  return new Date(now - 3 * heartbeatMs).toISOString();
}

/** PostgreSQL: healthy while a worker on this host has written its heartbeat row lately. */
async function workerCheck(globals: GlobalOptions): Promise<void> {
  const ctx = await openContext({ ...globals, logLevel: globals.logLevel ?? 'warn' }, { readOnly: true });
  try {
    const now = new Date();
    const here = (await ctx.store.workers(aliveSince(ctx.config.store.heartbeatMs), now.toISOString())).filter(
      (w) => w.host === hostname(),
    );
    if (here.length === 0)
      throw new UserError(
        `unhealthy: no figurewatch worker on ${hostname()} has written a heartbeat to ${ctx.storePath} lately`,
        1,
      );
    process.stdout.write(
      `healthy: ${here.map((w) => `figurewatch ${w.command} (pid ${w.pid}), last cycle ${w.lastCycleAt ?? 'none yet'}`).join('; ')}\n`,
    );
  } finally {
    await ctx.close();
  }
}

function figureValue(f: FigureView | null): string {
  return f ? formatFigure(f) : '—';
}

/** The estimates as lines of at most 100 columns: value, who said it, when, sources; plans and tranches under them. */
function estimateRows(estimates: readonly EstimateView[]): string[][] {
  const rows: string[][] = [];
  for (const e of estimates) {
    rows.push([
      truncate(e.label, 34),
      figureValue(e.current),
      truncate(e.current?.attribution ?? '—', 22),
      e.current ? dayLabel(e.current.at) : 'no figure yet',
      e.support
        ? `${e.support.sources}${e.support.copies > e.support.sources ? ` (${e.support.copies} art.)` : ''}`
        : '',
    ]);
    for (const p of e.planned)
      rows.push([`  planned`, figureValue(p), truncate(p.attribution ?? '—', 22), dayLabel(p.at), '']);
    for (const a of e.additional)
      rows.push([`  a tranche`, `${figureValue(a)} more`, truncate(a.attribution ?? '—', 22), dayLabel(a.at), '']);
  }
  return rows;
}

/** The status as text: estimates in 100 columns, feed health, the daemon and the last run (times UTC). */
export function statusText(report: StatusReport): string {
  const out: string[] = [
    'Estimates (newest actual total of each figure; dates UTC)',
    formatTable(['figure', 'value', 'said by', 'date', 'sources'], estimateRows(report.estimates)),
    '',
  ];
  out.push('Feeds (times UTC)');
  out.push(
    report.feeds.length === 0
      ? '(no feed polled yet)'
      : formatTable(
          ['feed', 'last success', 'last error', 'errors', 'next try'],
          report.feeds.map((f) => [
            truncate(f.name, 24),
            day(f.lastSuccessAt),
            f.lastError ? truncate(`${f.lastErrorKind}: ${f.lastError}`, 38) : '—',
            String(f.errorCount),
            day(f.nextTryAt),
          ]),
        ),
  );
  const { daemon, lastRun: run } = report;
  out.push('');
  if (report.workers.length > 0) {
    out.push('Workers (heartbeat within the last three periods; times UTC)');
    out.push(
      formatTable(
        ['worker', 'since', 'heartbeat', 'last cycle', 'feeds held'],
        report.workers.map((w) => [
          truncate(w.worker, 30),
          day(w.startedAt),
          w.beatAt.slice(11, 19),
          day(w.lastCycleAt),
          w.feeds.length === 0 ? '—' : truncate(`${w.feeds.length}: ${w.feeds.join(' ')}`, 30),
        ]),
      ),
    );
  }
  out.push(
    report.workers.length > 0
      ? `Workers alive: ${report.workers.length}`
      : daemon?.running
        ? `Daemon: figurewatch ${daemon.command} running (pid ${daemon.pid}) since ${day(daemon.startedAt)} UTC` +
          `${daemon.lastCycleAt ? `; last cycle ${day(daemon.lastCycleAt)} took ${((daemon.lastCycleMs ?? 0) / 1000).toFixed(1)} s` : ''}` +
          `${daemon.nextCycleAt ? `; next cycle due ${day(daemon.nextCycleAt)}` : ''}`
        : 'Daemon: not running (start it with figurewatch run)',
  );
  out.push(
    run
      ? `Last ${run.kind}: started ${day(run.startedAt)} UTC, ${run.finishedAt ? `finished ${day(run.finishedAt)} (${run.outcome})` : 'not finished'}; ` +
          `${run.itemsNew ?? 0} new items, ${run.claims ?? 0} claims, ${run.changes ?? 0} changes${run.error ? `; error: ${run.error}` : ''}`
      : 'Last cycle: none yet (run figurewatch once)',
  );
  if (report.awaitingExtraction > 0)
    out.push(
      `${report.awaitingExtraction} article(s) stored without claims (over the reading budget): figurewatch reextract reads them again.`,
    );
  return out
    .map((l) =>
      l
        .split('\n')
        .map((x) => x.trimEnd())
        .join('\n'),
    )
    .join('\n');
}

export async function statusCommand(opts: { json?: boolean }, globals: GlobalOptions): Promise<void> {
  const ctx = await openContext({ ...globals, logLevel: globals.logLevel ?? 'warn' }, { readOnly: true });
  try {
    const report = await statusReport(
      ctx.store,
      metricLabels(ctx.topics),
      ctx.config.estimates.bandWindowDays,
      ctx.config.store.url ? null : readLock(ctx.storePath),
      await ctx.store.workers(aliveSince(ctx.config.store.heartbeatMs), new Date().toISOString()),
    );
    process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${statusText(report)}\n`);
  } finally {
    await ctx.close();
  }
}

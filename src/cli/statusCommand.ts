import { formatFigure } from '../extract/claim.js';
import { metricLabels } from '../extract/topicLabels.js';
import { readLock } from '../daemon/storeLock.js';
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

export async function statusCommand(globals: GlobalOptions): Promise<void> {
  const ctx = await openContext({ ...globals, logLevel: globals.logLevel ?? 'warn' }, { readOnly: true });
  try {
    const estimates = new Map(ctx.store.currentEstimates().map((e) => [e.metric, e]));
    const labels = metricLabels(ctx.topics);
    const rows = [...labels].map(([metric, label]) => {
      const e = estimates.get(metric);
      if (!e) return [label, '—', '', '', '', 'no figure yet'];
      return [
        label,
        formatFigure(e).replace(/^(at least|up to|about) /, ''),
        e.qualifier,
        `${e.attribution ?? e.feedName ?? '—'}${e.sourceCount > 1 ? ` (${e.sourceCount} sources)` : ''}`,
        day(e.asOf),
        truncate(e.articleUrl || e.articleTitle, 70),
      ];
    });
    const out: string[] = ['Estimates', formatTable(['figure', 'value', 'qualifier', 'source', 'date', 'article'], rows), ''];
    const feeds = ctx.store.feedStates();
    out.push('Feeds');
    out.push(feeds.length === 0 ? '(no feed polled yet)' : formatTable(
      ['feed', 'last success', 'last error', 'errors', 'next try'],
      feeds.map((f) => [f.name, day(f.lastSuccessAt), f.lastError ? truncate(`${f.lastErrorKind}: ${f.lastError}`, 60) : '—', String(f.errorCount), day(f.nextTryAt)]),
    ));
    const run = ctx.store.lastRun();
    const daemon = readLock(ctx.storePath);
    out.push('');
    out.push(daemon?.running
      ? `Daemon: figurewatch ${daemon.command} running (pid ${daemon.pid}) since ${day(daemon.startedAt)}` +
        `${daemon.lastCycleAt ? `; last cycle ${day(daemon.lastCycleAt)} took ${((daemon.lastCycleMs ?? 0) / 1000).toFixed(1)} s` : ''}` +
        `${daemon.nextCycleAt ? `; next cycle due ${day(daemon.nextCycleAt)}` : ''}`
      : 'Daemon: not running (start it with figurewatch run)');
    out.push(run
      ? `Last cycle: started ${day(run.startedAt)}, ${run.finishedAt ? `finished ${day(run.finishedAt)} (${run.outcome})` : 'not finished'}; ` +
        `${run.itemsNew ?? 0} new items, ${run.claims ?? 0} claims, ${run.changes ?? 0} changes${run.error ? `; error: ${run.error}` : ''}`
      : 'Last cycle: none yet (run figurewatch once)');
    process.stdout.write(out.join('\n') + '\n');
  } finally {
    await ctx.close();
  }
}

import { formatFigure } from '../extract/claim.js';
import { metricLabels } from '../daemon/cycle.js';
import { readLock } from '../daemon/storeLock.js';
import { openContext } from './context.js';
import type { GlobalOptions } from './program.js';
import { formatTable, truncate } from './table.js';

function day(iso: string | null): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') : '—';
}

export async function statusCommand(globals: GlobalOptions): Promise<void> {
  const ctx = openContext({ ...globals, logLevel: globals.logLevel ?? 'warn' });
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
    ctx.close();
  }
}

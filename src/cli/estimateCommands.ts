import { writeFileSync } from 'node:fs';
import { UserError } from '../config/errors.js';
import { metricLabels } from '../extract/topicLabels.js';
import { replayChanges } from '../diff/replay.js';
import { renderDigest } from '../digest/renderDigest.js';
import { formatFigure } from '../extract/claim.js';
import type { ClaimRecord } from '../store/store.js';
import { readLock } from '../daemon/storeLock.js';
import { openContext } from './context.js';
import type { GlobalOptions } from './program.js';
import { formatTable, truncate } from './table.js';

function day(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '—';
}

function sourceOf(c: ClaimRecord): string {
  return c.attribution ?? c.feedName ?? 'unattributed';
}

function historyRows(claims: readonly ClaimRecord[]): string[][] {
  return claims.map((c) => [
    String(c.id),
    day(c.publishedAt ?? c.fetchedAt),
    c.rejectedAt ? `✗ ${formatFigure(c)} (rejected${c.rejectReason ? `: ${c.rejectReason}` : ''})` : formatFigure(c),
    `${c.status}, ${c.scope}`,
    sourceOf(c),
    c.when ?? '—',
    truncate(c.articleUrl || c.articleTitle, 60),
  ]);
}

const HISTORY_HEADERS = ['claim', 'date', 'figure', 'status, scope', 'source', 'refers to', 'article'];

export async function historyCommand(metric: string, opts: { bySource?: boolean }, globals: GlobalOptions): Promise<void> {
  const ctx = await openContext({ ...globals, logLevel: globals.logLevel ?? 'warn' }, { readOnly: true });
  try {
    const labels = metricLabels(ctx.topics);
    if (!labels.has(metric)) {
      throw new UserError(`"${metric}" is not a tracked metric; the topics track: ${[...labels.keys()].join(', ')}`);
    }
    const claims = ctx.store.claimHistory(metric);
    const out: string[] = [`${labels.get(metric)} (${metric}): ${claims.length} claim${claims.length === 1 ? '' : 's'}`];
    if (claims.length === 0) out.push('No figure stored yet.');
    else if (!opts.bySource) out.push(formatTable(HISTORY_HEADERS, historyRows(claims)));
    else {
      const bySource = new Map<string, ClaimRecord[]>();
      for (const c of claims) bySource.set(sourceOf(c), [...(bySource.get(sourceOf(c)) ?? []), c]);
      for (const [source, list] of [...bySource].sort(([a], [b]) => a.localeCompare(b))) {
        out.push('', `${source}:`, formatTable(HISTORY_HEADERS, historyRows(list)));
      }
    }
    process.stdout.write(out.join('\n') + '\n');
  } finally {
    await ctx.close();
  }
}

export async function rejectCommand(id: string, opts: { reason?: string }, globals: GlobalOptions): Promise<void> {
  const claimId = Number(id);
  if (!Number.isInteger(claimId) || claimId <= 0) throw new UserError(`"${id}" is not a claim id: pass the number shown by figurewatch history METRIC`);
  const ctx = await openContext({ ...globals, logLevel: globals.logLevel ?? 'warn' });
  try {
    let result: ReturnType<typeof ctx.store.rejectClaim>;
    try {
      result = ctx.store.rejectClaim(claimId, opts.reason ?? null, ctx.clock().toISOString());
    } catch (err) {
      // The daemon commits feed by feed; a write can wait its turn (busy_timeout) but not for ever.
      if (String((err as { code?: unknown }).code).startsWith('SQLITE_BUSY')) {
        const holder = readLock(ctx.storePath);
        throw new UserError(`the store ${ctx.storePath} stayed busy${holder?.running ? `: figurewatch ${holder.command} (pid ${holder.pid}) is writing to it` : ''}; try again in a moment`);
      }
      throw err;
    }
    const lines = [`Claim ${claimId} (${result.metric}) rejected${opts.reason ? `: ${opts.reason}` : ''}. It will not alert again.`];
    if (result.estimate) {
      lines.push(result.estimate.to
        ? `The estimate was this claim; it is now ${formatFigure(result.estimate.to)} (claim ${result.estimate.to.id}, ${day(result.estimate.to.publishedAt)}).`
        : 'The estimate was this claim; no other actual total remains, so the metric has no estimate now.');
    }
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await ctx.close();
  }
}

export async function digestPreviewCommand(opts: { preview?: boolean; since?: string; html?: string }, globals: GlobalOptions): Promise<void> {
  if (!opts.preview) throw new UserError('figurewatch digest only previews for now: pass --preview (digests are sent by once and run)');
  const since = opts.since ? new Date(opts.since) : new Date(0);
  if (Number.isNaN(since.getTime())) throw new UserError(`--since "${opts.since}" is not a date: use e.g. 2025-06-01 or 2025-06-01T12:00Z`);
  const ctx = await openContext({ ...globals, logLevel: globals.logLevel ?? 'warn' }, { readOnly: true });
  try {
    const digest = renderDigest(replayChanges(ctx.store.claimSightings(), since), metricLabels(ctx.topics));
    if (!digest) {
      process.stdout.write(`No changes since ${opts.since ?? 'the beginning'}.\n`);
      return;
    }
    if (opts.html) {
      writeFileSync(opts.html, digest.html);
      process.stdout.write(`${digest.subject}\nHTML written to ${opts.html}\n`);
    } else {
      process.stdout.write(`Subject: ${digest.subject}\n\n${digest.text}`);
    }
  } finally {
    await ctx.close();
  }
}

export async function mailTestCommand(globals: GlobalOptions): Promise<void> {
  const ctx = await openContext(globals, { readOnly: true });
  try {
    if (!ctx.config.mail) throw new UserError(`${ctx.loaded.path} has no mail section: add host, port, from and to (see README) to send digests by e-mail`);
    const at = ctx.clock().toISOString();
    await ctx.sender.send({ id: 0, createdAt: at, attempts: 0, subject: 'figurewatch: test message',
      text: `This is a test message from figurewatch, sent ${at}. Digests will arrive like this one.\n`, html: null });
    process.stdout.write(`Test message sent to ${ctx.config.mail.to.join(', ')} through ${ctx.config.mail.host}:${ctx.config.mail.port}.\n`);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError((err as Error).message, 1);
  } finally {
    await ctx.close();
  }
}

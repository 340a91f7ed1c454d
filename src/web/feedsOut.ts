/**
 * What the page exports for other tools: an Atom feed of estimate changes (so an analyst follows
 * figurewatch in their own reader) and the claims as CSV. Pure.
 */
import type { DigestData } from '../digest/digestData.js';
import { changeHeadline, escapeHtml, safeHref } from '../digest/renderDigest.js';
import { formatFigure } from '../model/claim.js';
import type { HistoryEntry } from '../queries/estimates.js';

/** XML text: the five characters escaped, and the control characters XML 1.0 forbids dropped. */
function xml(s: string): string {
  return escapeHtml(s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''));
}

/** One Atom entry per reported change of an estimate, tranche or plan, newest digest first. */
export function changesAtom(
  baseUrl: string,
  digests: ReadonlyArray<{ id: number; createdAt: string; data: DigestData | null }>,
): string {
  const entries: string[] = [];
  for (const d of digests) {
    if (!d.data) continue;
    for (const g of d.data.groups) {
      g.changes.forEach((c, i) => {
        if (c.kind === 'earlier-report') return;
        const f = c.figure;
        const link = f ? safeHref(f.url) : null;
        const summary = f
          ? `${g.label}: ${changeHeadline(c)}. ${f.attribution ?? f.publisher}: “${f.quote}” (${f.title} — ${f.publisher})`
          : `${g.label}: ${changeHeadline(c)}${c.cause ? ` (${c.cause})` : ''}`;
        entries.push(`  <entry>
    <id>tag:figurewatch,2025:digest-${d.id}-change-${g.metric}-${i}</id>
    <title>${xml(`${g.label}: ${changeHeadline(c)}`)}</title>
    <updated>${xml(new Date(d.createdAt).toISOString())}</updated>
    ${link ? `<link rel="alternate" href="${xml(link)}"/>` : ''}
    <link rel="related" href="${xml(`${baseUrl}/digests/${d.id}`)}"/>
    <summary>${xml(summary)}</summary>
  </entry>`);
      });
    }
  }
  const updated = digests[0] ? new Date(digests[0].createdAt).toISOString() : new Date(0).toISOString();
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(`${baseUrl}/changes.atom`)}</id>
  <title>figurewatch: estimate changes</title>
  <updated>${updated}</updated>
  <author><name>figurewatch</name></author>
  <link rel="self" href="${xml(`${baseUrl}/changes.atom`)}"/>
  <link rel="alternate" href="${xml(`${baseUrl}/`)}"/>
${entries.join('\n')}
</feed>
`;
}

/** A CSV field: quoted when it holds a comma, quote or line break; a leading = + - @ defused for spreadsheets. */
function field(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CLAIMS_CSV_HEADER = [
  'claim_id',
  'metric',
  'published_at',
  'low',
  'high',
  'qualifier',
  'figure',
  'status',
  'scope',
  'source',
  'attribution',
  'when',
  'quote',
  'title',
  'url',
  'outlet',
  'copies',
  'current',
  'rejected_at',
  'reject_reason',
];

export function claimsCsv(rows: ReadonlyArray<HistoryEntry & { metric: string }>): string {
  const lines = [CLAIMS_CSV_HEADER.join(',')];
  for (const c of rows) {
    lines.push(
      [
        c.claimId,
        c.metric,
        c.at,
        c.low,
        c.high,
        c.qualifier,
        formatFigure(c),
        c.status,
        c.scope,
        c.source,
        c.attribution,
        c.when,
        c.quote,
        c.title,
        c.url,
        c.publisher,
        c.copies,
        c.current ? 'yes' : 'no',
        c.rejected?.at ?? null,
        c.rejected?.reason ?? null,
      ]
        .map(field)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

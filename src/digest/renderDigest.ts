import { formatFigure } from '../extract/claim.js';
import type { Change } from '../diff/diff.js';

export interface Digest {
  subject: string;
  text: string;
  html: string;
}

export interface FeedNotice {
  feedName: string;
  /** 'failing' the first time a feed is reported down, 'recovered' when it comes back. */
  kind: 'failing' | 'recovered';
  since: string;
  message: string;
}

/** A difference that is not a new figure: re-extraction withdrew a figure, or moved an estimate back. */
export interface Correction {
  metric: string;
  line: string;
}

export interface DigestExtras {
  notices?: readonly FeedNotice[];
  corrections?: readonly Correction[];
  /** Names what sent the digest when it is not a cycle ("figurewatch backfill"). */
  subjectPrefix?: string;
}

const ORDER: Record<Change['kind'], number> = { estimate: 0, tranche: 1, planned: 2, 'earlier-report': 3 };

function headlineOf(change: Change, label: string): string {
  const now = formatFigure(change.claim);
  switch (change.kind) {
    case 'estimate':
      return change.previous ? `${label} ${formatFigure(change.previous)} → ${now}` : `${label}: ${now}`;
    case 'tranche':
      return `${label}: +${now} additional`;
    case 'planned':
      return `${label}: ${now} planned`;
    default:
      return `${label}: ${now} (earlier report)`;
  }
}

/**
 * The headline change: the first tracked metric (in topic order) whose estimate moved, from where
 * it stood before this digest to where it ends; else the first change of any kind.
 */
function subjectLine(sorted: readonly Change[], labels: ReadonlyMap<string, string>): string | null {
  const order = [...labels.keys()];
  const rank = (metric: string): number => (order.includes(metric) ? order.indexOf(metric) : order.length);
  const estimates = sorted.filter((c) => c.kind === 'estimate');
  if (estimates.length > 0) {
    const metric = [...estimates].sort((a, b) => rank(a.metric) - rank(b.metric))[0]!.metric;
    const ofMetric = estimates.filter((c) => c.metric === metric);
    const first = ofMetric[0]!;
    const last = ofMetric[ofMetric.length - 1]!;
    return headlineOf({ ...last, previous: first.previous }, labels.get(metric) ?? metric);
  }
  const first = sorted[0];
  return first ? headlineOf(first, labels.get(first.metric) ?? first.metric) : null;
}

function day(iso: string | null): string {
  return iso ? iso.slice(0, 10) : 'date unknown';
}

/** Text from strangers (feed titles, quotes, URLs) made inert in HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Only http(s) links become anchors; anything else is shown as text. */
function safeHref(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

interface Entry {
  headline: string;
  lower: boolean;
  said: string;
  quote: string;
  article: string;
  url: string;
  sources: string;
}

function entryOf(c: Change, label: string): Entry {
  return {
    headline: headlineOf(c, label),
    lower: c.lower,
    said: `${c.claim.status}, ${c.claim.scope}; said by ${c.claim.attribution ?? 'the article'}${c.claim.when ? `, referring to ${c.claim.when}` : ''}`,
    quote: c.claim.quote,
    article: `${c.source.title} — ${c.source.feedName}, ${day(c.source.publishedAt)}`,
    url: c.source.url,
    sources: `Reported by ${c.sourceCount} source${c.sourceCount === 1 ? '' : 's'}.`,
  };
}

const LOWER_NOTE = 'Lower than the current estimate: a correction or a narrower count, not a fall.';

function noticeLine(n: FeedNotice): string {
  return n.kind === 'failing'
    ? `Feed "${n.feedName}" failing since ${n.since}: ${n.message}`
    : `Feed "${n.feedName}" recovered (had been failing since ${n.since}).`;
}

/** The digest of one cycle's changes and feed notices, as plain text and HTML; null when there is nothing to say. */
export function renderDigest(changes: readonly Change[], labels: ReadonlyMap<string, string>, extras: DigestExtras = {}): Digest | null {
  const notices = extras.notices ?? [];
  const corrections = (extras.corrections ?? []).map((c) => `${labels.get(c.metric) ?? c.metric}: ${c.line}`);
  if (changes.length === 0 && notices.length === 0 && corrections.length === 0) return null;
  const sorted = [...changes].sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || a.batchIndex - b.batchIndex);
  const entries = sorted.map((c) => entryOf(c, labels.get(c.metric) ?? c.metric));

  const lines: string[] = [];
  for (const e of entries) {
    lines.push(`■ ${e.headline}`);
    if (e.lower) lines.push(`  ${LOWER_NOTE}`);
    lines.push(`  ${e.said}`, `  “${e.quote}”`, `  ${e.article}`, `  ${e.url}`, `  ${e.sources}`, '');
  }
  for (const c of corrections) lines.push(`✎ ${c}`);
  if (corrections.length > 0) lines.push('');
  for (const n of notices) lines.push(`${n.kind === 'failing' ? '⚠' : '✓'} ${noticeLine(n)}`);

  const html: string[] = ['<!doctype html><html><head><meta charset="utf-8"><title>figurewatch digest</title></head>',
    '<body style="font-family: sans-serif; max-width: 48em">'];
  for (const e of entries) {
    const href = safeHref(e.url);
    html.push('<div style="margin-bottom: 1.5em">',
      `<h3 style="margin-bottom: 0.2em">${escapeHtml(e.headline)}</h3>`,
      e.lower ? `<p style="color: #a60; margin: 0">${escapeHtml(LOWER_NOTE)}</p>` : '',
      `<p style="margin: 0.2em 0">${escapeHtml(e.said)}</p>`,
      `<blockquote style="margin: 0.4em 0 0.4em 1em; color: #333">“${escapeHtml(e.quote)}”</blockquote>`,
      `<p style="margin: 0.2em 0">${href ? `<a href="${escapeHtml(href)}">${escapeHtml(e.article)}</a>` : `${escapeHtml(e.article)} (${escapeHtml(e.url)})`}</p>`,
      `<p style="margin: 0.2em 0; color: #666">${escapeHtml(e.sources)}</p>`,
      '</div>');
  }
  if (corrections.length > 0) html.push('<h3>Corrections</h3>', '<ul>', ...corrections.map((c) => `<li>${escapeHtml(c)}</li>`), '</ul>');
  if (notices.length > 0) html.push('<ul>', ...notices.map((n) => `<li>${escapeHtml(noticeLine(n))}</li>`), '</ul>');
  html.push('</body></html>');

  const prefix = extras.subjectPrefix ?? 'figurewatch';
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const top = subjectLine(sorted, labels);
  const subject = top ? `${prefix}: ${plural(changes.length, 'change')} — ${top}`
    : corrections.length > 0 ? `${prefix}: ${plural(corrections.length, 'correction')} — ${corrections[0]}`
      : `${prefix}: ${plural(notices.length, 'feed notice')}`;
  return { subject, text: lines.join('\n').trimEnd() + '\n', html: html.filter(Boolean).join('\n') + '\n' };
}

/**
 * A digest's data rendered for people: a subject, a plain-text part readable at 80 columns, and an
 * HTML part with inline styles (mail clients drop style sheets). Every string from a feed or a
 * page is escaped in the HTML, and only http(s) links become anchors. Pure.
 */
import type { FeedNotice, FigureView } from '../model/change.js';
import { formatFigure } from '../model/claim.js';
import type { Band, Support } from '../model/estimates.js';
import { dayLabel } from '../model/time.js';
import type { ChangeItem, DigestData, StandingLine } from './digestData.js';

export interface Digest {
  subject: string;
  text: string;
  html: string;
}

const WIDTH = 80;

/** Text from strangers (feed titles, quotes, URLs) made inert in HTML. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Only http(s) links become anchors; anything else is shown as text. */
export function safeHref(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

const LOWER_NOTE = 'Lower than the figure it replaces: a correction or a narrower count, not a fall.';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Who said it and when, as a reader writes it: "NIS, 4 Jan 2025 (“last October”)", the time the figure refers to quoted. */
export function saidBy(f: FigureView): string {
  return `${f.attribution ?? f.publisher}, ${dayLabel(f.at)}${f.when ? ` (“${f.when}”)` : ''}`;
}

export function supportLine(s: Support | null): string {
  if (!s) return '';
  return `Reported by ${plural(s.sources, 'source')}${s.copies > s.sources ? ` (${plural(s.copies, 'article')})` : ''}.`;
}

function bandLine(b: Band | null): string {
  return b && (b.low !== b.high || b.sources > 1)
    ? `reports from ${plural(b.sources, 'source')}: ${formatFigure({ low: b.low, high: b.high, qualifier: b.low === b.high ? 'exact' : 'range' })}`
    : '';
}

/** What a change says, in words: "10,000–12,000 → 11,000", "5,000 planned", "1,000 more". */
export function changeHeadline(c: ChangeItem): string {
  const now = c.figure ? formatFigure(c.figure) : 'none';
  switch (c.kind) {
    case 'estimate':
      return c.previous ? `New estimate: ${formatFigure(c.previous)} → ${now}` : `First estimate: ${now}`;
    case 'tranche':
      return `New tranche: ${now} more`;
    case 'planned':
      return `Planned: ${now}${c.figure?.scope === 'additional' ? ' more' : ''}`;
    default:
      return `Earlier report: ${now}`;
  }
}

function sideLine(kind: 'planned' | 'more', figures: readonly FigureView[]): string {
  return figures.length === 0
    ? ''
    : `${kind}: ${figures.map((f) => `${formatFigure(f)} (${f.attribution ?? f.publisher}, ${dayLabel(f.at)})`).join('; ')}`;
}

/** Words wrapped to the width, each line indented. */
function wrap(text: string, indent: string, width = WIDTH): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      out.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out;
}

/** Characters of context kept on each side of the figure: a run-on sentence is cut, the figure never. */
const QUOTE_CONTEXT = 160;

/** Cuts a long quote to the words around `[start, end)`, marking each cut with an ellipsis. */
function around(quote: string, start: number, end: number): { before: string; after: string } {
  let from = Math.max(0, start - QUOTE_CONTEXT);
  let to = Math.min(quote.length, end + QUOTE_CONTEXT);
  if (from > 0) from = quote.indexOf(' ', from) + 1 || from;
  if (to < quote.length) to = Math.max(end, quote.lastIndexOf(' ', to));
  return {
    before: `${from > 0 ? '… ' : ''}${quote.slice(from, start)}`,
    after: `${quote.slice(end, to)}${to < quote.length ? ' …' : ''}`,
  };
}

/** The quote with its figure marked, as text «11,000» or HTML <mark>. */
function markedQuote(f: FigureView, mark: (s: string) => string, plain: (s: string) => string): string {
  const at = f.figureText ? f.quote.indexOf(f.figureText) : -1;
  if (at < 0 || !f.figureText) {
    if (f.quote.length <= 2 * QUOTE_CONTEXT) return plain(f.quote);
    return plain(
      `${f.quote.slice(0, f.quote.lastIndexOf(' ', 2 * QUOTE_CONTEXT) + 1 || 2 * QUOTE_CONTEXT).trimEnd()} …`,
    );
  }
  const { before, after } = around(f.quote, at, at + f.figureText.length);
  return plain(before) + mark(f.figureText) + plain(after);
}

function noticeLine(n: FeedNotice): string {
  return n.kind === 'failing'
    ? `Feed "${n.feedName}" failing since ${n.since}: ${n.message}`
    : `Feed "${n.feedName}" recovered (had been failing since ${n.since}).`;
}

function subjectOf(data: DigestData): string {
  const changes = data.groups.flatMap((g) => g.changes.map((c) => ({ c, label: g.label })));
  const corrections = data.groups.flatMap((g) => g.corrections.map((line) => `${g.label}: ${line}`));
  const estimate = changes.find(({ c }) => c.kind === 'estimate');
  const head = estimate ?? changes[0];
  const count = changes.length + corrections.length;
  if (head) {
    const headline =
      head.c.kind === 'estimate' && head.c.previous
        ? `${head.label} ${formatFigure(head.c.previous)} → ${head.c.figure ? formatFigure(head.c.figure) : 'none'}`
        : `${head.label}: ${changeHeadline(head.c).replace(/^[^:]+: /, '')}${head.c.kind === 'planned' ? ' planned' : ''}`;
    return `${data.sender}: ${headline}${count > 1 ? ` (+${count - 1} more)` : ''}`;
  }
  if (corrections.length > 0)
    return `${data.sender}: ${corrections[0]}${corrections.length > 1 ? ` (+${corrections.length - 1} more)` : ''}`;
  return `${data.sender}: ${plural(data.notices.length, 'feed notice')}`;
}

function standingText(s: StandingLine): string[] {
  const value = s.current ? formatFigure(s.current) : 'no estimate';
  const was = s.before ? `  (was ${formatFigure(s.before)})` : '';
  const head = `${s.label}`.padEnd(Math.max(0, WIDTH - value.length - was.length - 2)) + `  ${value}${was}`;
  const lines = [head.length <= WIDTH ? head : `${s.label}\n  ${value}${was}`];
  const detail = [
    s.current ? saidBy(s.current) : '',
    s.support
      ? supportLine(s.support)
          .replace(/\.$/, '')
          .replace(/^Reported by /, '')
      : '',
  ]
    .filter(Boolean)
    .join(' · ');
  if (detail) lines.push(...wrap(detail, '  '));
  if (bandLine(s.band)) lines.push(...wrap(bandLine(s.band), '  '));
  for (const side of [sideLine('planned', s.planned), sideLine('more', s.additional)])
    if (side) lines.push(...wrap(side, '  '));
  return lines;
}

/** A title as the digest shows it: long ones (a page without a headline) cut. */
function shortTitle(title: string): string {
  return title.length <= 90 ? title : `${title.slice(0, 89).trimEnd()}…`;
}

/** Older reports are history, not news: one short line for all of a metric's, no quotes. */
function earlierReports(changes: readonly ChangeItem[]): string | null {
  const earlier = changes.filter((c) => c.kind === 'earlier-report' && c.figure);
  if (earlier.length === 0) return null;
  return `Earlier reports also stored: ${earlier.map((c) => `${formatFigure(c.figure!)} (${c.figure!.attribution ?? c.figure!.publisher}, ${dayLabel(c.figure!.at)})`).join('; ')}.`;
}

const newsOf = (changes: readonly ChangeItem[]): ChangeItem[] => changes.filter((c) => c.kind !== 'earlier-report');

function changeText(c: ChangeItem): string[] {
  const lines = [`  • ${changeHeadline(c)}`];
  if (c.lower) lines.push(...wrap(LOWER_NOTE, '    '));
  if (c.cause) lines.push(...wrap(`Why: ${c.cause}.`, '    '));
  if (c.figure) {
    lines.push(`    ${saidBy(c.figure)}`);
    lines.push(
      ...wrap(
        `“${markedQuote(
          c.figure,
          (s) => `«${s}»`,
          (s) => s,
        )}”`,
        '    ',
      ),
    );
    lines.push(...wrap(`${shortTitle(c.figure.title)} — ${c.figure.publisher}`, '    '), `    ${c.figure.url}`);
    if (c.support) lines.push(`    ${supportLine(c.support)}`);
  }
  return lines;
}

export function renderText(data: DigestData): string {
  const count = data.groups.reduce((n, g) => n + g.changes.length + g.corrections.length, 0);
  const lines = [
    `${data.sender} digest · ${plural(count, 'change')}${data.asOf ? ` · reports up to ${dayLabel(data.asOf)}` : ''}`,
    '',
  ];
  if (data.standing.length > 0) {
    lines.push('WHERE EACH FIGURE STANDS', '');
    for (const s of data.standing) lines.push(...standingText(s), '');
  }
  if (data.groups.length > 0) {
    lines.push('WHAT CHANGED', '');
    for (const g of data.groups) {
      lines.push(g.label);
      for (const c of newsOf(g.changes)) lines.push(...changeText(c), '');
      const earlier = earlierReports(g.changes);
      if (earlier) lines.push(...wrap(earlier, '  '), '');
      for (const line of g.corrections) lines.push(...wrap(`✎ ${line}`, '  '), '');
    }
  }
  if (data.notices.length > 0) {
    lines.push('FEEDS', '');
    for (const n of data.notices) lines.push(...wrap(`${n.kind === 'failing' ? '⚠' : '✓'} ${noticeLine(n)}`, '  '));
  }
  return (
    lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}

const STYLE = {
  body: 'margin:0;padding:16px;background:#f6f6f4;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1d1d1b;',
  card: 'max-width:720px;margin:0 auto;background:#ffffff;border:1px solid #deded8;border-radius:6px;padding:20px 24px;',
  h1: 'font-size:18px;margin:0 0 4px 0;',
  meta: 'font-size:13px;color:#66665f;margin:0 0 16px 0;',
  h2: 'font-size:13px;letter-spacing:0.06em;text-transform:uppercase;color:#66665f;margin:20px 0 8px 0;border-bottom:1px solid #deded8;padding-bottom:4px;',
  table: 'width:100%;border-collapse:collapse;font-size:14px;',
  td: 'padding:6px 4px;vertical-align:top;border-bottom:1px solid #efefea;',
  value:
    'padding:6px 4px;vertical-align:top;border-bottom:1px solid #efefea;font-weight:bold;white-space:nowrap;text-align:right;',
  small: 'font-size:12px;color:#66665f;',
  metric: 'font-size:15px;margin:16px 0 6px 0;',
  change: 'margin:0 0 14px 0;padding-left:10px;border-left:3px solid #b8b8ae;',
  estimate: 'margin:0 0 14px 0;padding-left:10px;border-left:3px solid #2b6cb0;',
  headline: 'font-weight:bold;font-size:14px;margin:0 0 2px 0;',
  quote: 'margin:4px 0;color:#33332f;font-size:14px;',
  mark: 'background:#fff1a8;padding:0 2px;',
  note: 'margin:2px 0;color:#9a5b00;font-size:13px;',
  link: 'color:#2b6cb0;',
};

function htmlFigureLink(f: FigureView): string {
  const label = escapeHtml(`${shortTitle(f.title)} — ${f.publisher}`);
  const href = safeHref(f.url);
  return href ? `<a style="${STYLE.link}" href="${escapeHtml(href)}">${label}</a>` : `${label} (${escapeHtml(f.url)})`;
}

function standingHtml(s: StandingLine): string {
  const detail = [
    s.current ? escapeHtml(saidBy(s.current)) : '',
    s.support ? escapeHtml(supportLine(s.support).replace(/\.$/, '')) : '',
    escapeHtml(bandLine(s.band)),
  ]
    .filter(Boolean)
    .join(' · ');
  const sides = [sideLine('planned', s.planned), sideLine('more', s.additional)]
    .filter(Boolean)
    .map((l) => `<div style="${STYLE.small}">${escapeHtml(l)}</div>`)
    .join('');
  return (
    `<tr><td style="${STYLE.td}">${escapeHtml(s.label)}<div style="${STYLE.small}">${detail}</div>${sides}</td>` +
    `<td style="${STYLE.value}">${escapeHtml(s.current ? formatFigure(s.current) : 'no estimate')}` +
    `${s.before ? `<div style="${STYLE.small}">was ${escapeHtml(formatFigure(s.before))}</div>` : ''}</td></tr>`
  );
}

function changeHtml(c: ChangeItem): string {
  const parts = [
    `<div style="${c.kind === 'estimate' ? STYLE.estimate : STYLE.change}">`,
    `<p style="${STYLE.headline}">${escapeHtml(changeHeadline(c))}</p>`,
  ];
  if (c.lower) parts.push(`<p style="${STYLE.note}">${LOWER_NOTE}</p>`);
  if (c.cause) parts.push(`<p style="${STYLE.note}">Why: ${escapeHtml(c.cause)}.</p>`);
  if (c.figure) {
    parts.push(
      `<p style="${STYLE.small};margin:0">${escapeHtml(saidBy(c.figure))}</p>`,
      `<blockquote style="${STYLE.quote}">“${markedQuote(c.figure, (s) => `<mark style="${STYLE.mark}">${escapeHtml(s)}</mark>`, escapeHtml)}”</blockquote>`,
      `<p style="${STYLE.small};margin:0">${htmlFigureLink(c.figure)}${c.support ? ` · ${escapeHtml(supportLine(c.support))}` : ''}</p>`,
    );
  }
  parts.push('</div>');
  return parts.join('');
}

export function renderHtml(data: DigestData): string {
  const count = data.groups.reduce((n, g) => n + g.changes.length + g.corrections.length, 0);
  const out = [
    '<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(data.sender)} digest</title></head>`,
    `<body style="${STYLE.body}"><div style="${STYLE.card}">`,
    `<h1 style="${STYLE.h1}">${escapeHtml(data.sender)} digest</h1>`,
    `<p style="${STYLE.meta}">${escapeHtml(plural(count, 'change'))}${data.asOf ? ` · reports up to ${escapeHtml(dayLabel(data.asOf))}` : ''}</p>`,
  ];
  if (data.standing.length > 0) {
    out.push(
      `<h2 style="${STYLE.h2}">Where each figure stands</h2>`,
      `<table style="${STYLE.table}" role="presentation">`,
      ...data.standing.map(standingHtml),
      '</table>',
    );
  }
  if (data.groups.length > 0) {
    out.push(`<h2 style="${STYLE.h2}">What changed</h2>`);
    for (const g of data.groups) {
      out.push(`<h3 style="${STYLE.metric}">${escapeHtml(g.label)}</h3>`, ...newsOf(g.changes).map(changeHtml));
      const earlier = earlierReports(g.changes);
      if (earlier) out.push(`<p style="${STYLE.small}">${escapeHtml(earlier)}</p>`);
      for (const line of g.corrections) out.push(`<p style="${STYLE.note}">✎ ${escapeHtml(line)}</p>`);
    }
  }
  if (data.notices.length > 0) {
    out.push(
      `<h2 style="${STYLE.h2}">Feeds</h2>`,
      ...data.notices.map(
        (n) => `<p style="${STYLE.note}">${n.kind === 'failing' ? '⚠' : '✓'} ${escapeHtml(noticeLine(n))}</p>`,
      ),
    );
  }
  out.push('</div></body></html>');
  return out.join('\n') + '\n';
}

/** The digest of a digest's data, for mail and the log. */
export function renderDigest(data: DigestData): Digest {
  return { subject: subjectOf(data), text: renderText(data), html: renderHtml(data) };
}

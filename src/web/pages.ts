/**
 * The web page's HTML, server-rendered from the same queries as `status` and `history`. Pure: data
 * in, HTML out. Every string that came from a feed or a page is escaped, links are http(s) only,
 * and no script is inline (the chart's data travels in a JSON block the browser never runs).
 */
import { escapeHtml, safeHref } from '../digest/renderDigest.js';
import type { FigureView } from '../model/change.js';
import { formatFigure } from '../model/claim.js';
import { dayLabel, minuteLabel } from '../model/time.js';
import type { EstimateStep, HistoryEntry } from '../queries/estimates.js';
import type { StatusReport } from '../queries/status.js';
import type { StoredDigest } from '../store/port.js';

const e = escapeHtml;

export interface Page {
  title: string;
  body: string;
  /** Extra scripts (served from /assets), for the pages with a chart. */
  scripts?: string[];
  styles?: string[];
}

const NAV: ReadonlyArray<[string, string]> = [
  ['/', 'Figures'],
  ['/feeds', 'Feeds'],
  ['/digests', 'Digests'],
];

export function layout(page: Page, current: string): string {
  const nav = NAV.map(
    ([href, label]) => `<a href="${href}"${href === current ? ' aria-current="page"' : ''}>${label}</a>`,
  ).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(page.title)} · figurewatch</title>
<link rel="stylesheet" href="/assets/app.css">${(page.styles ?? []).map((s) => `<link rel="stylesheet" href="${s}">`).join('')}
<link rel="icon" href="data:,">
<link rel="alternate" type="application/atom+xml" title="figurewatch: estimate changes" href="/changes.atom">
</head><body>
<header><a class="brand" href="/">figurewatch</a><nav>${nav}</nav></header>
<main>${page.body}</main>
<footer>Read-only. <a href="/changes.atom">Atom feed of changes</a> · <a href="/api/estimates">JSON</a> · <a href="/export/claims.csv">CSV of all claims</a></footer>
${(page.scripts ?? []).map((s) => `<script src="${s}"></script>`).join('')}
</body></html>`;
}

/** A figure in words with its source and date: "11,000 · NIS, 4 Jan 2025". */
function figureLine(f: FigureView): string {
  return `${e(formatFigure(f))} <span class="muted">· ${e(f.attribution ?? f.publisher)}, ${e(dayLabel(f.at))}${f.when ? ` (“${e(f.when)}”)` : ''}</span>`;
}

function articleLink(f: Pick<FigureView, 'url' | 'title' | 'publisher'>): string {
  const href = safeHref(f.url);
  const label = e(`${f.title} — ${f.publisher}`);
  return href ? `<a href="${e(href)}" rel="noreferrer noopener">${label}</a>` : label;
}

/** The quote with its figure marked. */
export function markedQuote(f: Pick<FigureView, 'quote' | 'figureText'>): string {
  const at = f.figureText ? f.quote.indexOf(f.figureText) : -1;
  if (at < 0 || !f.figureText) return e(f.quote);
  return `${e(f.quote.slice(0, at))}<mark>${e(f.figureText)}</mark>${e(f.quote.slice(at + f.figureText.length))}`;
}

export function overviewPage(report: StatusReport): Page {
  const cards = report.estimates.map((m) => {
    const value = m.current ? e(formatFigure(m.current)) : '<span class="muted">no estimate</span>';
    const since = m.sinceLastDigest
      ? `<p class="since">was ${e(formatFigure(m.sinceLastDigest))} in the last digest</p>`
      : '';
    const who = m.current
      ? `<p class="muted">${e(m.current.attribution ?? m.current.publisher)}, ${e(dayLabel(m.current.at))}` +
        `${m.support ? ` · ${m.support.sources} source${m.support.sources === 1 ? '' : 's'}${m.support.copies > m.support.sources ? ` (${m.support.copies} articles)` : ''}` : ''}</p>`
      : '';
    const band =
      m.band && (m.band.low !== m.band.high || m.band.sources > 1)
        ? `<p class="muted">reports from ${m.band.sources} source${m.band.sources === 1 ? '' : 's'}: ${e(formatFigure({ low: m.band.low, high: m.band.high, qualifier: m.band.low === m.band.high ? 'exact' : 'range' }))}</p>`
        : '';
    const side = [
      ...m.planned.map((p) => `<li>planned: ${figureLine(p)}</li>`),
      ...m.additional.map((a) => `<li>more: ${figureLine(a)}</li>`),
    ];
    return `<section class="card" data-metric="${e(m.metric)}"><h2><a href="/metric/${encodeURIComponent(m.metric)}">${e(m.label)}</a></h2>
<p class="value" data-value="${m.current ? `${m.current.low}-${m.current.high}-${m.current.qualifier}` : ''}">${value}</p>${since}${who}${band}${side.length ? `<ul class="side">${side.join('')}</ul>` : ''}</section>`;
  });
  const run = report.lastRun
    ? `Last ${e(report.lastRun.kind)}: ${e(minuteLabel(report.lastRun.startedAt))}, ${e(report.lastRun.outcome ?? 'not finished')}; ${report.lastRun.itemsNew ?? 0} new items, ${report.lastRun.claims ?? 0} claims, ${report.lastRun.changes ?? 0} changes.`
    : 'No cycle has run yet.';
  const daemon = report.daemon?.running
    ? `The daemon (${e(report.daemon.command)}, pid ${report.daemon.pid}) is running.`
    : 'No daemon is running.';
  return {
    title: 'Figures',
    body: `<h1>Where each figure stands</h1><p class="muted">The newest actual total of each figure; dates UTC. ${daemon} ${run}</p>
<div class="cards">${cards.join('\n')}</div>`,
  };
}

const PAGE_SIZE = 50;

/** The chart's data, for /assets/chart.js: each claim as a dot by source, the estimate as a step line, the band. */
export interface ChartData {
  metric: string;
  label: string;
  claims: Array<{
    id: number;
    t: number;
    low: number;
    high: number;
    text: string;
    source: string;
    quote: string;
    url: string | null;
    title: string;
    when: string | null;
    rejected: boolean;
    current: boolean;
  }>;
  steps: Array<{ t: number; low: number; high: number; bandLow: number | null; bandHigh: number | null }>;
}

export function chartData(
  metric: string,
  label: string,
  history: readonly HistoryEntry[],
  steps: readonly EstimateStep[],
): ChartData {
  return {
    metric,
    label,
    claims: history.map((c) => ({
      id: c.claimId,
      t: Date.parse(c.at) / 1000,
      low: c.low,
      high: c.high,
      text: formatFigure(c),
      source: c.source,
      quote: c.quote,
      url: safeHref(c.url),
      title: c.title,
      when: c.when,
      rejected: c.rejected !== null,
      current: c.current,
    })),
    steps: steps.map((s) => ({
      t: Date.parse(s.at) / 1000,
      low: s.low,
      high: s.high,
      bandLow: s.band?.low ?? null,
      bandHigh: s.band?.high ?? null,
    })),
  };
}

/** JSON placed in the page for the chart: `<` escaped, so no text from a feed can close the block. */
function jsonBlock(id: string, value: unknown): string {
  return `<script type="application/json" id="${id}">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`;
}

export function metricPage(
  metric: string,
  label: string,
  history: readonly HistoryEntry[],
  steps: readonly EstimateStep[],
  page: number,
): Page {
  const newest = [...history].reverse();
  const pages = Math.max(1, Math.ceil(newest.length / PAGE_SIZE));
  const p = Math.min(Math.max(1, page), pages);
  const rows = newest.slice((p - 1) * PAGE_SIZE, p * PAGE_SIZE).map(
    (c) => `<tr class="${c.rejected ? 'rejected' : c.current ? 'current' : ''}">
<td>${e(dayLabel(c.at))}</td><td class="num">${c.current ? '▶ ' : ''}${c.rejected ? '<s>' : ''}${e(formatFigure(c))}${c.rejected ? '</s>' : ''}</td><td>${e(c.qualifier)}</td><td>${e(c.status)}</td><td>${e(c.scope)}</td>
<td>${e(c.source)}</td><td class="quote">${markedQuote(c)}${c.rejected ? `<br><span class="muted">rejected${c.rejected.reason ? `: ${e(c.rejected.reason)}` : ''}</span>` : ''}</td><td>${articleLink(c)}</td><td class="num">${c.copies}</td></tr>`,
  );
  const pager =
    pages > 1
      ? `<nav class="pager">${p > 1 ? `<a href="?page=${p - 1}">newer</a>` : ''} page ${p} of ${pages} ${p < pages ? `<a href="?page=${p + 1}">older</a>` : ''}</nav>`
      : '';
  const data = chartData(metric, label, history, steps);
  const sources = [...new Set(data.claims.map((c) => c.source))].sort();
  return {
    title: label,
    scripts: ['/assets/uplot.js', '/assets/chart.js'],
    styles: ['/assets/uplot.css'],
    body: `<h1>${e(label)}</h1>
<p class="muted">Each claim as a dot coloured by its source; the line is the estimate as it stood (the newest actual total), the shaded band the spread of current reports. Hover a dot for its quote.</p>
<label class="toggle"><input type="checkbox" id="show-rejected"> show rejected claims</label>
<div id="chart" class="chart" data-sources="${e(sources.join('|'))}"></div>
<div id="tip" class="tip" hidden></div>
${jsonBlock('chart-data', data)}
<noscript><p class="muted">The chart needs JavaScript; the table below does not.</p></noscript>
<h2>Claims, newest first</h2>
<p class="muted">${history.length} claim${history.length === 1 ? '' : 's'} · <a href="/api/claims?metric=${encodeURIComponent(metric)}">JSON</a> · <a href="/export/claims.csv?metric=${encodeURIComponent(metric)}">CSV</a></p>
<div class="scroll"><table><thead><tr><th>date</th><th>figure</th><th>qualifier</th><th>status</th><th>scope</th><th>source</th><th>quote</th><th>article</th><th>copies</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>${pager}`,
  };
}

export function feedsPage(report: StatusReport, itemsByFeed: ReadonlyMap<string, number>): Page {
  const rows = report.feeds.map(
    (
      f,
    ) => `<tr class="${f.errorCount > 0 ? 'failing' : ''}"><td>${e(f.name)}<br><span class="muted small">${e(f.url)}</span></td>
<td>${e(f.lastSuccessAt ? minuteLabel(f.lastSuccessAt) : '—')}</td><td>${f.lastError ? `${e(f.lastErrorKind ?? '')}: ${e(f.lastError)}` : '—'}</td>
<td class="num">${f.errorCount}</td><td>${e(f.nextTryAt ? minuteLabel(f.nextTryAt) : '—')}</td><td class="num">${itemsByFeed.get(f.url) ?? 0}</td></tr>`,
  );
  return {
    title: 'Feeds',
    body: `<h1>Feeds</h1><p class="muted">Times UTC. A failing feed is retried with backoff and named in a digest after three failures.</p>
${report.feeds.length === 0 ? '<p>No feed polled yet.</p>' : `<div class="scroll"><table><thead><tr><th>feed</th><th>last success</th><th>last error</th><th>errors</th><th>next try</th><th>articles</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`}`,
  };
}

export function digestsPage(digests: readonly StoredDigest[]): Page {
  const rows = digests.map(
    (
      d,
    ) => `<tr><td><a href="/digests/${d.id}">${d.id}</a></td><td>${e(minuteLabel(d.createdAt))}</td><td>${e(d.subject)}</td>
<td>${e(d.deliveries.every((x) => x.sentAt) ? 'sent' : d.deliveries.some((x) => x.failedAt) ? 'refused on a channel' : 'not sent yet')}</td></tr>`,
  );
  return {
    title: 'Digests',
    body: `<h1>Digests, as sent</h1>${digests.length === 0 ? '<p>No digest yet.</p>' : `<div class="scroll"><table><thead><tr><th>id</th><th>assembled (UTC)</th><th>subject</th><th>delivery</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`}`,
  };
}

/** One digest: its HTML part as mailed (built by renderDigest, which escapes what came from feeds). */
export function digestPage(digest: StoredDigest, html: string): Page {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  return {
    title: `Digest ${digest.id}`,
    body: `<p><a href="/digests">← all digests</a></p><article class="digest">${body}</article>`,
  };
}

export function notFoundPage(what: string): Page {
  return { title: 'Not found', body: `<h1>Not found</h1><p>${e(what)}</p><p><a href="/">Back to the figures</a></p>` };
}

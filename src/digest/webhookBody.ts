/**
 * A digest as JSON for webhooks: version 1 of a documented shape (README, "Webhooks"). Built from
 * the digest's data alone, so a receiver sees exactly what the mail says. Pure.
 */
import type { FigureView } from '../model/change.js';
import { formatFigure, type Qualifier } from '../model/claim.js';
import type { DigestData } from './digestData.js';
import { changeHeadline } from './renderDigest.js';

export const WEBHOOK_VERSION = 1;

export interface WebhookValue {
  low: number;
  high: number;
  qualifier: Qualifier;
  /** The figure in words: "at least 11,000", "10,000–12,000". */
  text: string;
}

export interface WebhookFigure extends WebhookValue {
  status: FigureView['status'];
  scope: FigureView['scope'];
  /** Who states it (attribution), else the outlet. */
  source: string;
  attribution: string | null;
  /** The time the figure refers to, as written ("last October"). */
  when: string | null;
  quote: string;
  article: { title: string; url: string; outlet: string; publishedAt: string };
}

export interface WebhookBody {
  version: number;
  digestId: number;
  createdAt: string;
  sender: string;
  /** The newest publication time among the articles reported. */
  asOf: string | null;
  subject: string;
  estimates: Array<{
    metric: string;
    label: string;
    current: WebhookFigure | null;
    /** What the previous digest showed, when the estimate has moved since. */
    previous: WebhookValue | null;
    band: { low: number; high: number; sources: number } | null;
    sources: number;
    articles: number;
    planned: WebhookFigure[];
    additional: WebhookFigure[];
  }>;
  changes: Array<{
    metric: string;
    label: string;
    kind: 'estimate' | 'tranche' | 'planned' | 'earlier-report';
    /** In words, as the mail says it: "New estimate: 10,000–12,000 → 11,000". */
    headline: string;
    old: WebhookValue | null;
    new: WebhookFigure | null;
    /** A cumulative figure lower than the one it replaces: a correction or a narrower count. */
    lower: boolean;
    cause: string | null;
    sources: number;
    articles: number;
  }>;
  corrections: Array<{ metric: string; text: string }>;
  feeds: Array<{ feed: string; kind: 'failing' | 'recovered'; since: string; message: string }>;
}

function valueJson(v: { low: number; high: number; qualifier: Qualifier }): WebhookValue {
  return { low: v.low, high: v.high, qualifier: v.qualifier, text: formatFigure(v) };
}

function figureOf(f: FigureView): WebhookFigure {
  return {
    ...valueJson(f),
    status: f.status,
    scope: f.scope,
    source: f.attribution ?? f.publisher,
    attribution: f.attribution,
    when: f.when,
    quote: f.quote,
    article: { title: f.title, url: f.url, outlet: f.publisher, publishedAt: f.at },
  };
}

export function webhookBody(digest: { id: number; createdAt: string; subject: string }, data: DigestData): WebhookBody {
  return {
    version: WEBHOOK_VERSION,
    digestId: digest.id,
    createdAt: digest.createdAt,
    sender: data.sender,
    asOf: data.asOf,
    subject: digest.subject,
    estimates: data.standing.map((s) => ({
      metric: s.metric,
      label: s.label,
      current: s.current ? figureOf(s.current) : null,
      previous: s.before ? valueJson(s.before) : null,
      band: s.band,
      sources: s.support?.sources ?? 0,
      articles: s.support?.copies ?? 0,
      planned: s.planned.map(figureOf),
      additional: s.additional.map(figureOf),
    })),
    changes: data.groups.flatMap((g) =>
      g.changes.map((c) => ({
        metric: g.metric,
        label: g.label,
        kind: c.kind,
        headline: changeHeadline(c),
        old: c.previous ? valueJson(c.previous) : null,
        new: c.figure ? figureOf(c.figure) : null,
        lower: c.lower,
        cause: c.cause,
        sources: c.support?.sources ?? 0,
        articles: c.support?.copies ?? 0,
      })),
    ),
    corrections: data.groups.flatMap((g) => g.corrections.map((text) => ({ metric: g.metric, text }))),
    feeds: data.notices.map((n) => ({ feed: n.feedName, kind: n.kind, since: n.since, message: n.message })),
  };
}

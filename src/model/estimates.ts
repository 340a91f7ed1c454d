/**
 * The estimate rule, one pure function of the claim ledger, used wherever a current figure is
 * shown or compared (cycles, backfill, reject, reextract, digests, status): the current estimate of
 * a metric is its newest actual total that nobody rejected.
 */
import { formatFigure, type Qualifier } from './claim.js';
import { type EstimateClaim, type LedgerClaim, newestFirst, sourceOf } from './ledger.js';

export function isActualTotal(c: EstimateClaim): boolean {
  return c.status === 'actual' && c.scope === 'total' && c.rejected === null;
}

/** The metric's current estimate: its newest (publication time, then id) actual total, not rejected. */
export function currentEstimate<C extends EstimateClaim>(claims: readonly C[]): C | null {
  let best: C | null = null;
  for (const c of claims) if (isActualTotal(c) && (best === null || newestFirst(c, best) < 0)) best = c;
  return best;
}

/** A figure's backing: the independent sources that state it, and every article that carries it. */
export interface Support {
  sources: number;
  /** Articles carrying it, copies included. */
  copies: number;
}

/** How many independent sources (attributions, else outlets) and articles stand behind one figure. */
export function supportOf(
  claims: readonly EstimateClaim[],
  figure: Pick<LedgerClaim, 'metric' | 'low' | 'high'>,
): Support {
  const sources = new Set<string>();
  let copies = 0;
  for (const c of claims) {
    if (c.rejected !== null || c.metric !== figure.metric || c.low !== figure.low || c.high !== figure.high) continue;
    sources.add(sourceOf(c));
    copies += 1 + c.copies;
  }
  return { sources: sources.size, copies };
}

/**
 * The spread of current reports, like the low and high estimates of conflict datasets: the lowest
 * and highest of the latest actual total from each independent source within `windowDays` before
 * the current estimate, and how many sources that is.
 */
export interface Band {
  low: number;
  high: number;
  sources: number;
}

export function bandOf(
  claims: readonly EstimateClaim[],
  current: EstimateClaim | null,
  windowDays: number,
): Band | null {
  if (!current) return null;
  const end = Date.parse(current.at);
  const start = end - windowDays * 86_400_000;
  const latestBySource = new Map<string, EstimateClaim>();
  for (const c of claims) {
    if (!isActualTotal(c)) continue;
    const t = Date.parse(c.at);
    if (t < start || t > end) continue;
    const key = sourceOf(c);
    const seen = latestBySource.get(key);
    if (!seen || newestFirst(c, seen) < 0) latestBySource.set(key, c);
  }
  const latest = [...latestBySource.values()];
  if (latest.length === 0) return null;
  return {
    low: Math.min(...latest.map((c) => c.low)),
    high: Math.max(...latest.map((c) => c.high)),
    sources: latest.length,
  };
}

/** Where one metric stands: its estimate, the band around it, and the planned and additional figures beside it. */
export interface Standing<C extends EstimateClaim = LedgerClaim> {
  metric: string;
  current: C | null;
  support: Support | null;
  band: Band | null;
  /** Newest first, one per figure, at most a few: plans and tranches are their own lines, never the total. */
  planned: C[];
  additional: C[];
}

const SIDE_LINES = 3;

function newestDistinct<C extends EstimateClaim>(claims: readonly C[], keep: (c: C) => boolean): C[] {
  const out: C[] = [];
  for (const c of [...claims].filter(keep).sort(newestFirst)) {
    if (out.some((o) => o.low === c.low && o.high === c.high)) continue;
    out.push(c);
    if (out.length === SIDE_LINES) break;
  }
  return out;
}

export function standingOf<C extends EstimateClaim>(
  metric: string,
  claims: readonly C[],
  windowDays: number,
): Standing<C> {
  const own = claims.filter((c) => c.metric === metric);
  const current = currentEstimate(own);
  return {
    metric,
    current,
    support: current ? supportOf(own, current) : null,
    band: bandOf(own, current, windowDays),
    planned: newestDistinct(own, (c) => c.rejected === null && c.status === 'planned'),
    additional: newestDistinct(own, (c) => c.rejected === null && c.status === 'actual' && c.scope === 'additional'),
  };
}

/** A figure and its qualifier in words: "at least 11,000", "10,000–12,000". */
export function figureInWords(f: { low: number; high: number; qualifier: Qualifier }): string {
  return formatFigure(f);
}

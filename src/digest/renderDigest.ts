import { formatFigure } from '../extract/claim.js';
import type { Change } from '../diff/diff.js';

export interface Digest {
  subject: string;
  text: string;
}

export interface FeedNotice {
  feedName: string;
  /** 'failing' the first time a feed is reported down, 'recovered' when it comes back. */
  kind: 'failing' | 'recovered';
  since: string;
  message: string;
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

/** Plain-text digest of one cycle's changes (and feed notices); null when there is nothing to say. */
export function renderDigest(changes: readonly Change[], labels: ReadonlyMap<string, string>, notices: readonly FeedNotice[] = []): Digest | null {
  if (changes.length === 0 && notices.length === 0) return null;
  const label = (metric: string): string => labels.get(metric) ?? metric;
  const sorted = [...changes].sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || a.batchIndex - b.batchIndex);
  const lines: string[] = [];
  for (const c of sorted) {
    lines.push(`■ ${headlineOf(c, label(c.metric))}`);
    if (c.lower) lines.push('  Lower than the current estimate: a correction or a narrower count, not a fall.');
    lines.push(`  ${c.claim.status}, ${c.claim.scope}; said by ${c.claim.attribution ?? 'the article'}${c.claim.when ? `, referring to ${c.claim.when}` : ''}`);
    lines.push(`  “${c.claim.quote}”`);
    lines.push(`  ${c.source.title} — ${c.source.feedName}, ${day(c.source.publishedAt)}`);
    lines.push(`  ${c.source.url}`);
    lines.push(`  Reported by ${c.sourceCount} source${c.sourceCount === 1 ? '' : 's'}.`);
    lines.push('');
  }
  for (const n of notices) {
    lines.push(n.kind === 'failing'
      ? `⚠ Feed "${n.feedName}" failing since ${n.since}: ${n.message}`
      : `✓ Feed "${n.feedName}" recovered (had been failing since ${n.since}).`);
  }
  const count = changes.length;
  const top = subjectLine(sorted, labels);
  const subject = top
    ? `figurewatch: ${count} change${count === 1 ? '' : 's'} — ${top}`
    : `figurewatch: ${notices.length} feed notice${notices.length === 1 ? '' : 's'}`;
  return { subject, text: lines.join('\n').trimEnd() + '\n' };
}

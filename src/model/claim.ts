/** The shape of one extracted figure; identical to the gold files described in LABELS.md. */
export type Qualifier = 'exact' | 'approx' | 'at_least' | 'at_most' | 'range';
export type Status = 'actual' | 'planned';
export type Scope = 'total' | 'additional';

export interface Claim {
  metric: string;
  low: number;
  high: number;
  qualifier: Qualifier;
  status: Status;
  scope: Scope;
  attribution: string | null;
  when: string | null;
  quote: string;
  /** The number as the sentence writes it ("10,000-12,000", "15-thousand"); not part of the gold files. */
  figureText?: string | null;
}

/** The unit of novelty within a document and across the store (LABELS.md, DESIGN.md). */
export function figureKey(c: Pick<Claim, 'metric' | 'low' | 'high'>): string {
  return `${c.metric}|${c.low}|${c.high}`;
}

export function formatFigure(c: Pick<Claim, 'low' | 'high' | 'qualifier'>): string {
  const n = (v: number): string => v.toLocaleString('en-US');
  const value = c.low === c.high ? n(c.low) : `${n(c.low)}–${n(c.high)}`;
  switch (c.qualifier) {
    case 'at_least':
      return `at least ${value}`;
    case 'at_most':
      return `up to ${value}`;
    case 'approx':
      return `about ${value}`;
    default:
      return value;
  }
}

import type { Claim } from '../../src/model/claim.js';
import { currentEstimate } from '../../src/model/estimates.js';
import type { LedgerClaim } from '../../src/model/ledger.js';
import type { StoreOps } from '../../src/store/port.js';

/** A claim with ordinary defaults; tests name only what they are about. */
export function claim(fields: Partial<Claim> & Pick<Claim, 'metric' | 'low'>): Claim {
  return {
    high: fields.low,
    qualifier: 'exact',
    status: 'actual',
    scope: 'total',
    attribution: null,
    when: null,
    quote: `${fields.metric} ${fields.low}`,
    ...fields,
  };
}

let nextId = 1;

/** A claim as the ledger holds it: published at `at` by an outlet, with its article. */
export function ledgered(c: Claim, at: string, fields: Partial<LedgerClaim> = {}): LedgerClaim {
  const id = fields.id ?? nextId++;
  return {
    ...c,
    id,
    articleId: id,
    at,
    title: `Article ${id}`,
    url: `https://example.org/${id}`,
    publisher: 'Wire',
    copies: 0,
    rejected: null,
    ...fields,
  };
}

/** Each metric's current estimate, by the one rule. */
export async function estimatesIn(store: Pick<StoreOps, 'ledger'>): Promise<Map<string, LedgerClaim>> {
  const ledger = await store.ledger();
  const out = new Map<string, LedgerClaim>();
  for (const metric of new Set(ledger.map((c) => c.metric))) {
    const current = currentEstimate(ledger.filter((c) => c.metric === metric));
    if (current) out.set(metric, current);
  }
  return out;
}

import type { Claim } from '../../src/extract/claim.js';
import type { NewClaim } from '../../src/diff/diff.js';

/** A claim with ordinary defaults; tests name only what they are about. */
export function claim(fields: Partial<Claim> & Pick<Claim, 'metric' | 'low'>): Claim {
  return {
    high: fields.low, qualifier: 'exact', status: 'actual', scope: 'total', attribution: null, when: null,
    quote: `${fields.metric} ${fields.low}`, ...fields,
  };
}

export function sourced(c: Claim, publishedAt: string, title = 'Article'): NewClaim {
  return { claim: c, source: { title, url: `https://example.org/${encodeURIComponent(title)}`, feedName: 'Wire', publishedAt } };
}

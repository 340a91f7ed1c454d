import type { Store } from '../../src/store/port.js';
import { estimatesIn } from './claims.js';

/** What a store knows, without row ids or the times it was written: two stores built from the same articles compare equal. */
export async function storeSnapshot(
  store: Pick<Store, 'ledger'> & { counts(): Promise<{ articles: number }> },
): Promise<{ estimates: unknown[]; claims: string[]; articles: number }> {
  return {
    estimates: [...(await estimatesIn(store))]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([metric, e]) => [metric, e.low, e.high, e.qualifier, e.at, e.attribution, e.quote]),
    claims: (await store.ledger())
      .filter((c) => c.rejected === null)
      .map((c) =>
        JSON.stringify([
          c.metric,
          c.low,
          c.high,
          c.qualifier,
          c.status,
          c.scope,
          c.attribution,
          c.when,
          c.quote,
          c.at,
          c.copies,
        ]),
      )
      .sort(),
    articles: (await store.counts()).articles,
  };
}

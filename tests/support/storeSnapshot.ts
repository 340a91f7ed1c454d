import type { SqliteStore } from '../../src/store/sqliteStore.js';

/** What a store knows, without row ids or the times it was written: two stores built from the same articles compare equal. */
export function storeSnapshot(store: SqliteStore): { estimates: unknown[]; figures: Array<[string, number]>; claims: string[]; articles: number } {
  return {
    estimates: store.currentEstimates().map((e) => [e.metric, e.low, e.high, e.qualifier, e.asOf, e.attribution, e.sourceCount, e.quote]),
    figures: [...store.knownFigures()].map(([key, f]): [string, number] => [key, f.sourceCount]).sort(([a], [b]) => a.localeCompare(b)),
    claims: store.claimSightings().map((s) => JSON.stringify([s.record.metric, s.record.low, s.record.high, s.record.qualifier, s.record.status,
      s.record.scope, s.record.attribution, s.record.when, s.record.quote, s.publishedAt])).sort(),
    articles: store.counts().articles,
  };
}

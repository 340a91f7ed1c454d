import { figureKey } from '../extract/claim.js';
import type { ClaimSighting, RebuiltState } from '../store/store.js';
import { diffClaims, type Change, type Estimate, type KnownFigure, type NewClaim } from './diff.js';

/** A stored sighting as the diff takes a claim: the claim's own fields and where it was read. */
export function newClaimOf(s: ClaimSighting): NewClaim {
  const { id: _id, articleId: _a, articleTitle: _t, articleUrl: _u, feedName: _f, publishedAt: _p, fetchedAt: _r, rejectedAt: _x, rejectReason: _y, ...claim } = s.record;
  return { claim, source: { title: s.title, url: s.url, feedName: s.feedName ?? '', publishedAt: s.publishedAt ?? s.fetchedAt } };
}

function inPublicationOrder(sightings: readonly ClaimSighting[]): ClaimSighting[] {
  const t = (s: ClaimSighting): number => Date.parse(s.publishedAt ?? s.fetchedAt);
  return [...sightings].sort((a, b) => t(a) - t(b) || a.record.id - b.record.id);
}

/**
 * The changes figurewatch reported (or would report) for what it read since `since`: the diff
 * replayed over stored claims, with everything read before `since` as the known state. Pure.
 */
export function replayChanges(sightings: readonly ClaimSighting[], since: Date): Change[] {
  const before = inPublicationOrder(sightings.filter((s) => Date.parse(s.fetchedAt) < since.getTime()));
  const after = inPublicationOrder(sightings.filter((s) => Date.parse(s.fetchedAt) >= since.getTime()));
  const prior = diffClaims({ figures: new Map(), estimates: new Map(), claims: before.map(newClaimOf) });
  const figures = new Map<string, KnownFigure>(prior.figureUpdates.map((f) => [figureKey(f), { sourceCount: f.addedSources }]));
  const estimates = new Map<string, Estimate>(prior.estimates);
  return diffClaims({ figures, estimates, claims: after.map(newClaimOf) }).changes;
}

/**
 * The figures and estimates that every unrejected claim, read in publication order from an empty
 * store, leads to: what the cycles would have built had they read these claims. Pure.
 */
export function rebuildState(sightings: readonly ClaimSighting[]): RebuiltState {
  const ordered = inPublicationOrder(sightings);
  const result = diffClaims({ figures: new Map(), estimates: new Map(), claims: ordered.map(newClaimOf) });
  const claimIdAt = (batchIndex: number): number => ordered[batchIndex]!.record.id;
  return {
    figures: result.figureUpdates.map((f) => ({
      metric: f.metric, low: f.low, high: f.high, firstClaimId: claimIdAt(f.firstBatchIndex ?? 0), sourceCount: f.addedSources, lastSeenAt: f.lastSeenAt,
    })),
    estimates: [...result.estimates.values()].flatMap(({ claimRef, ...e }) => ('batchIndex' in claimRef ? [{ ...e, claimId: claimIdAt(claimRef.batchIndex) }] : [])),
  };
}

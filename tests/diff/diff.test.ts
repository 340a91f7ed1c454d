import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffClaims, type Estimate } from '../../src/diff/diff.js';
import { claim, sourced } from '../support/claims.js';

const empty = { figures: new Map(), estimates: new Map() };

describe('diffClaims', () => {
  it('reports a figure never seen before and makes the newest actual total the estimate', () => {
    const result = diffClaims({ ...empty, claims: [
      sourced(claim({ metric: 'troops_deployed', low: 11000 }), '2025-01-01T00:00:00Z'),
      sourced(claim({ metric: 'troops_deployed', low: 12000 }), '2025-03-01T00:00:00Z'),
    ] });
    assert.deepEqual(result.changes.map((c) => [c.kind, c.claim.low, c.previous?.low ?? null]), [['estimate', 11000, null], ['estimate', 12000, 11000]]);
    assert.equal(result.estimates.get('troops_deployed')?.low, 12000);
  });

  it('counts a repeated figure as corroboration, never a second change', () => {
    const result = diffClaims({ ...empty, claims: [
      sourced(claim({ metric: 'casualties', low: 6000, qualifier: 'at_least' }), '2025-06-18T00:00:00Z', 'A'),
      sourced(claim({ metric: 'casualties', low: 6000, qualifier: 'approx' }), '2025-06-22T00:00:00Z', 'B'),
    ] });
    assert.equal(result.changes.length, 1);
    assert.deepEqual(result.figureUpdates.map((f) => [f.low, f.addedSources, f.firstBatchIndex]), [[6000, 2, 0]]);
    const stored = diffClaims({ figures: new Map([['casualties|6000|6000', { sourceCount: 2 }]]), estimates: new Map(), claims: [
      sourced(claim({ metric: 'casualties', low: 6000 }), '2025-07-01T00:00:00Z'),
    ] });
    assert.equal(stored.changes.length, 0, 'known to the store: no alert');
    assert.deepEqual(stored.figureUpdates.map((f) => [f.addedSources, f.firstBatchIndex]), [[1, null]]);
  });

  it('reports tranches and plans on their own lines without replacing the total', () => {
    const current: Estimate = { metric: 'troops_deployed', low: 11000, high: 11000, qualifier: 'exact', asOf: '2025-01-01T00:00:00Z', attribution: 'NIS', claimRef: { claimId: 1 } };
    const result = diffClaims({ figures: new Map(), estimates: new Map([['troops_deployed', current]]), claims: [
      sourced(claim({ metric: 'troops_deployed', low: 1000, scope: 'additional' }), '2025-02-01T00:00:00Z'),
      sourced(claim({ metric: 'troops_deployed', low: 6000, status: 'planned', scope: 'additional' }), '2025-06-01T00:00:00Z'),
    ] });
    assert.deepEqual(result.changes.map((c) => c.kind), ['tranche', 'planned']);
    assert.equal(result.estimates.get('troops_deployed'), current);
  });

  it('flags a lower cumulative figure as a correction, and an older article as an earlier report', () => {
    const current: Estimate = { metric: 'casualties', low: 6000, high: 6000, qualifier: 'at_least', asOf: '2025-06-01T00:00:00Z', attribution: null, claimRef: { claimId: 1 } };
    const result = diffClaims({ figures: new Map(), estimates: new Map([['casualties', current]]), claims: [
      sourced(claim({ metric: 'casualties', low: 4000 }), '2025-01-01T00:00:00Z', 'old'),
      sourced(claim({ metric: 'casualties', low: 5000 }), '2025-07-01T00:00:00Z', 'new'),
    ] });
    assert.deepEqual(result.changes.map((c) => [c.kind, c.lower]), [['earlier-report', false], ['estimate', true]]);
  });

  it('keeps the higher figure when one article cites a lower one for comparison', () => {
    const result = diffClaims({ ...empty, claims: [
      sourced(claim({ metric: 'casualties', low: 6000 }), '2025-06-18T00:00:00Z'),
      sourced(claim({ metric: 'casualties', low: 5000 }), '2025-06-18T00:00:00Z'),
    ] });
    assert.equal(result.estimates.get('casualties')?.low, 6000);
    assert.deepEqual(result.changes.map((c) => c.kind), ['estimate', 'earlier-report']);
  });

  it('updates the estimate silently below the metric\'s alert threshold', () => {
    const current: Estimate = { metric: 'troops_deployed', low: 11000, high: 11000, qualifier: 'exact', asOf: '2025-01-01T00:00:00Z', attribution: null, claimRef: { claimId: 1 } };
    const result = diffClaims({ figures: new Map(), estimates: new Map([['troops_deployed', current]]), alertThresholds: new Map([['troops_deployed', 0.05]]), claims: [
      sourced(claim({ metric: 'troops_deployed', low: 11200 }), '2025-02-01T00:00:00Z'),
    ] });
    assert.equal(result.changes.length, 0);
    assert.equal(result.estimates.get('troops_deployed')?.low, 11200);
  });

  it('gives the same result for repeats folded into their earliest claim as for the repeats themselves', () => {
    const a = claim({ metric: 'troops_deployed', low: 11000 });
    const unfolded = diffClaims({ ...empty, claims: [
      sourced(a, '2025-01-01T00:00:00Z', 'first'), sourced(a, '2025-02-01T00:00:00Z', 'second'), sourced(a, '2025-03-01T00:00:00Z', 'third'),
    ] });
    const folded = diffClaims({ ...empty, claims: [{ ...sourced(a, '2025-01-01T00:00:00Z', 'first'), occurrences: 3, lastSeenAt: '2025-03-01T00:00:00Z' }] });
    assert.deepEqual(folded.figureUpdates, unfolded.figureUpdates);
    assert.deepEqual(folded.changes.map((c) => [c.kind, c.source.title, c.sourceCount]), [['estimate', 'first', 3]]);
    assert.deepEqual(unfolded.changes.map((c) => [c.kind, c.source.title]), [['estimate', 'first']]);
    assert.deepEqual(folded.estimates, unfolded.estimates);
  });

  it('is pure: the same input gives the same result', () => {
    const input = { ...empty, claims: [sourced(claim({ metric: 'killed', low: 600 }), '2025-04-30T00:00:00Z')] };
    assert.deepEqual(diffClaims(input), diffClaims(input));
  });
});

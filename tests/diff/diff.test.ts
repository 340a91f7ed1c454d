import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changesOf } from '../../src/diff/diff.js';
import { bandOf, currentEstimate, standingOf, supportOf } from '../../src/model/estimates.js';
import type { LedgerClaim } from '../../src/model/ledger.js';
import { claim, ledgered } from '../support/claims.js';

const JAN = '2025-01-03T00:00:00Z';
const JAN4 = '2025-01-04T00:00:00Z';
const JAN5 = '2025-01-05T00:00:00Z';

describe('the estimate rule', () => {
  it('is the newest actual total: publication time, then the article stored last, then the figure its article states first', () => {
    const a = ledgered(claim({ metric: 'troops_deployed', low: 10000, high: 12000, qualifier: 'range' }), JAN);
    const b = ledgered(claim({ metric: 'troops_deployed', low: 11000 }), JAN4);
    const c = ledgered(claim({ metric: 'troops_deployed', low: 11000 }), JAN5);
    assert.equal(
      currentEstimate([a, b, c])?.id,
      c.id,
      'a figure seen before becomes the estimate again when it is the newest report',
    );
    const tie = ledgered(claim({ metric: 'troops_deployed', low: 9000 }), JAN5);
    assert.equal(currentEstimate([a, b, c, tie])?.id, tie.id, 'same time: the article stored last');
    const background = ledgered(claim({ metric: 'troops_deployed', low: 5000 }), JAN5, {
      articleId: tie.articleId,
      id: tie.id + 1,
    });
    assert.equal(
      currentEstimate([a, b, c, tie, background])?.id,
      tie.id,
      'one article: the figure it states first, not the background after it',
    );
  });

  it('leaves out plans, tranches and rejected claims', () => {
    const total = ledgered(claim({ metric: 'troops_deployed', low: 11000 }), JAN);
    const planned = ledgered(claim({ metric: 'troops_deployed', low: 30000, status: 'planned' }), JAN4);
    const tranche = ledgered(claim({ metric: 'troops_deployed', low: 1000, scope: 'additional' }), JAN4);
    const wrong = ledgered(claim({ metric: 'troops_deployed', low: 90000 }), JAN5, {
      rejected: { at: JAN5, reason: 'misread', by: 'user' },
    });
    assert.equal(currentEstimate([total, planned, tranche, wrong])?.id, total.id);
    const s = standingOf('troops_deployed', [total, planned, tranche, wrong], 90);
    assert.deepEqual(
      [s.planned.map((p) => p.low), s.additional.map((p) => p.low)],
      [[30000], [1000]],
      'plans and tranches are their own lines',
    );
  });

  it('counts independent sources, not copies, and bands the latest figure of each source in the window', () => {
    const nis = ledgered(claim({ metric: 'casualties', low: 4000, attribution: 'NIS' }), '2025-01-04T00:00:00Z', {
      copies: 3,
    });
    const nisAgain = ledgered(claim({ metric: 'casualties', low: 4000, attribution: 'NIS' }), '2025-01-06T00:00:00Z', {
      publisher: 'Other wire',
    });
    const uk = ledgered(
      claim({ metric: 'casualties', low: 6000, attribution: 'UK Ministry of Defence' }),
      '2025-01-05T00:00:00Z',
    );
    const wire = ledgered(claim({ metric: 'casualties', low: 4000 }), '2025-01-03T00:00:00Z', { publisher: 'Yonhap' });
    const old = ledgered(claim({ metric: 'casualties', low: 100, attribution: 'US' }), '2024-06-01T00:00:00Z');
    const all = [nis, nisAgain, uk, wire, old];
    assert.deepEqual(
      supportOf(all, { metric: 'casualties', low: 4000, high: 4000 }),
      { sources: 2, copies: 6 },
      'NIS twice is one source; Yonhap unattributed is another; 3 copies + 3 articles',
    );
    assert.deepEqual(
      bandOf(all, currentEstimate(all), 90),
      { low: 4000, high: 6000, sources: 3 },
      'the US figure is outside the window',
    );
  });
});

describe('changesOf', () => {
  const noneSeen = (): boolean => false;

  it('reports an estimate that moved, from what to what, and nothing for a figure seen before', () => {
    const before = ledgered(claim({ metric: 'troops_deployed', low: 10000, high: 12000, qualifier: 'range' }), JAN);
    const after = ledgered(claim({ metric: 'troops_deployed', low: 11000 }), JAN4);
    const changes = changesOf({
      before: new Map([['troops_deployed', before]]),
      after: new Map([['troops_deployed', after]]),
      added: [after],
      seenBefore: noneSeen,
    });
    assert.deepEqual(
      changes.map((c) => [c.kind, c.previous?.low, c.figure?.low, c.cause]),
      [['estimate', 10000, 11000, null]],
    );
    const repeat = ledgered(claim({ metric: 'troops_deployed', low: 11000 }), JAN5);
    assert.deepEqual(
      changesOf({
        before: new Map([['troops_deployed', after]]),
        after: new Map([['troops_deployed', repeat]]),
        added: [repeat],
        seenBefore: () => true,
      }),
      [],
      'the same figure again is corroboration',
    );
  });

  it('reports plans and tranches never seen before on their own, and an older total as an earlier report', () => {
    const current = ledgered(claim({ metric: 'troops_deployed', low: 11000 }), JAN5);
    const tranche = ledgered(claim({ metric: 'troops_deployed', low: 1000, scope: 'additional' }), JAN4);
    const plan = ledgered(claim({ metric: 'troops_deployed', low: 6000, status: 'planned' }), JAN4);
    const older = ledgered(claim({ metric: 'troops_deployed', low: 8000 }), JAN);
    const estimates = new Map([['troops_deployed', current]]);
    const changes = changesOf({
      before: estimates,
      after: estimates,
      added: [tranche, plan, older],
      seenBefore: noneSeen,
    });
    assert.deepEqual(
      changes.map((c) => c.kind),
      ['tranche', 'planned', 'earlier-report'],
    );
  });

  it('flags a lower cumulative figure, names the cause of a move no report made, and keeps under the threshold quiet', () => {
    const six = ledgered(claim({ metric: 'casualties', low: 6000 }), JAN);
    const five = ledgered(claim({ metric: 'casualties', low: 5000 }), JAN4);
    const [lower] = changesOf({
      before: new Map([['casualties', six]]),
      after: new Map([['casualties', five]]),
      added: [five],
      seenBefore: noneSeen,
    });
    assert.equal(lower?.lower, true);
    const [withdrawn] = changesOf({
      before: new Map([['casualties', five]]),
      after: new Map([['casualties', six]]),
      added: [],
      seenBefore: () => true,
      cause: 'a claim was withdrawn',
    });
    assert.equal(withdrawn?.cause, 'a claim was withdrawn');
    const small = ledgered(claim({ metric: 'casualties', low: 6100 }), JAN5);
    assert.deepEqual(
      changesOf({
        before: new Map([['casualties', six]]),
        after: new Map([['casualties', small]]),
        added: [small],
        seenBefore: noneSeen,
        alertThresholds: new Map([['casualties', 0.05]]),
      }),
      [],
    );
  });

  it('is pure: the same input gives the same changes', () => {
    const c: LedgerClaim = ledgered(claim({ metric: 'killed', low: 600 }), '2025-04-30T00:00:00Z');
    const input = { before: new Map(), after: new Map([['killed', c]]), added: [c], seenBefore: noneSeen };
    assert.deepEqual(changesOf(input), changesOf(input));
  });
});

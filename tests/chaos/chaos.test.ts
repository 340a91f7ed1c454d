import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeChaos, runChaos } from './harness.js';

describe('under faults (the short chaos run; npm run chaos for 200 rounds)', () => {
  it('20 kill/restart rounds lose no figure, mail none twice but for kills between send and mark, and leave a sound store', async () => {
    const result = await runChaos({ rounds: 20, diskFaults: true });
    const report = describeChaos(result);
    console.log(report);
    assert.equal(result.lostFromStore, 0, report);
    assert.equal(result.lostFromDigests, 0, report);
    assert.equal(result.claimsInTwoDigests, 0, report);
    assert.ok(result.repeats <= result.killsBetweenSendAndMark, report);
    assert.equal(result.emptyDigests, 0, report);
    assert.equal(result.integrity, 'ok', report);
    assert.equal(result.cleanExit, true, report);
    assert.equal(result.diskFaultsRecovered, true, report);
    assert.equal(result.storeErrorsExplained, true, report);
  });
});

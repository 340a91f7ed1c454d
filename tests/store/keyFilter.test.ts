import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyFilter } from '../../src/store/sqlite/keyFilter.js';

describe('KeyFilter', () => {
  it('never forgets a key, passes few absent ones, and says when it is past its size', () => {
    const filter = new KeyFilter(10_000);
    for (let k = 0; k < 10_000; k++) filter.add(Math.imul(k, 0x9e3779b1));
    for (let k = 0; k < 10_000; k++) assert.ok(filter.mightHave(Math.imul(k, 0x9e3779b1)));
    let passed = 0;
    for (let k = 10_000; k < 110_000; k++) if (filter.mightHave(Math.imul(k, 0x9e3779b1))) passed++;
    assert.ok(passed < 2_000, `${passed} of 100,000 absent keys passed (about 1% expected)`);
    assert.equal(filter.full, false);
    filter.add(1);
    assert.equal(filter.full, true);
  });
});

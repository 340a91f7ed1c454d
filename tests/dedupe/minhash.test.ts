import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BANDS, bandKeys, signatureOf, similarity } from '../../src/dedupe/minhash.js';
import { signatureFromBlob, signatureToBlob } from '../../src/store/sqlite/sql.js';
import { seedArticles } from '../support/corpus.js';

describe('MinHash fingerprints', () => {
  const [a, b] = seedArticles();

  it('gives equal texts equal signatures, every time', () => {
    const s1 = signatureOf(a!.text)!;
    assert.equal(similarity(s1, signatureOf(a!.text)!), 1);
    assert.deepEqual(bandKeys(s1), bandKeys(signatureOf(a!.text)!));
    assert.equal(bandKeys(s1).length, BANDS);
  });

  it('scores different articles near zero', () => {
    assert.ok(similarity(signatureOf(a!.text)!, signatureOf(b!.text)!) < 0.1);
  });

  it('never matches a fingerprint of the earlier scheme (100 values) with one of this scheme', () => {
    const current = signatureOf(a!.text)!;
    assert.equal(similarity(current, current.slice(0, 100)), 0);
  });

  it('does not fingerprint texts too short to compare', () => {
    assert.equal(signatureOf('North Korea sent 11,000 troops to Russia.'), null);
  });

  it("survives a round trip through the store's bytes", () => {
    const s = signatureOf(a!.text)!;
    assert.deepEqual(signatureFromBlob(signatureToBlob(s)), s);
  });
});

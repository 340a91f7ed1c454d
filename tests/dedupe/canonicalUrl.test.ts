import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalUrl, itemKeys, textHash } from '../../src/dedupe/canonicalUrl.js';

describe('canonicalUrl', () => {
  it('folds host case, www, fragments, tracking parameters and query order', () => {
    const base = canonicalUrl('https://example.org/news/troops?id=7&page=2');
    for (const variant of [
      'https://WWW.Example.org/news/troops?page=2&id=7#comments',
      'http://example.org/news/troops/?id=7&page=2&utm_source=rss&utm_medium=feed',
      'https://m.example.org/news/troops?fbclid=abc&id=7&page=2&gclid=x',
      'https://example.org/news/troops/amp?id=7&page=2',
      'https://amp.example.org/news/troops?id=7&page=2&amp=1',
    ])
      assert.equal(canonicalUrl(variant), base, variant);
    assert.notEqual(canonicalUrl('https://example.org/news/other?id=7&page=2'), base);
  });

  it('keys an item by GUID and canonical link', () => {
    assert.deepEqual(itemKeys({ guid: 'g1', link: 'https://www.example.org/a?utm_campaign=x' }), {
      guid: 'g1',
      url: 'https://example.org/a',
    });
    assert.deepEqual(itemKeys({ guid: null, link: null }), { guid: null, url: null });
  });

  it('hashes text regardless of case, spacing and punctuation', () => {
    assert.equal(textHash('North Korea sent 11,000 troops.'), textHash('  north korea SENT 11 000 troops '));
    assert.notEqual(textHash('North Korea sent 11,000 troops.'), textHash('North Korea sent 12,000 troops.'));
  });
});

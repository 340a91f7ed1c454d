import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { comparableText } from '../../src/dedupe/words.js';
import { fnv1a32 } from '../../src/model/hash32.js';

/** The definition stored hashes and fingerprints were made with: a Unicode property split. */
const byDefinition = (text: string): string[] =>
  text
    .toLowerCase()
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

describe('comparableText', () => {
  it('splits as the Unicode definition does, in every script, so stored keys stay valid', () => {
    const texts = [
      'North Korea sent 11,000 troops — NIS said on Monday.',
      'Північна Корея відправила 12 000 військових до Курської області.',
      '북한은 러시아에 1만1000명의 병력을 파병했다고 국정원이 밝혔다.',
      'Северная Корея: «около 3 000» погибших; ﬁ ligature, ½ half, Ⅻ, ²³',
      'emoji 🚀 between, astral 𝐀𝐁𝐂 letters and 𠀀 CJK ext-B, tab\tand\u00a0nbsp',
      'İstanbul ǅemal ΣΊΣΥΦΟΣ straße',
      '  leading and trailing  spaces, double  spaces and one\nnewline ',
      'one',
      '',
      '...---!!!',
    ];
    for (const t of texts) {
      const words = byDefinition(t);
      const read = comparableText(t);
      assert.equal(read.joined, words.join(' '), t);
      assert.deepEqual([...read.wordHashes], words.map(fnv1a32), t);
    }
  });

  it('reads a text of thousands of words whole', () => {
    const words = Array.from({ length: 5_000 }, (_, i) => `w${i}`);
    const text = words.map((w, i) => (i % 7 === 0 ? `${w}, ` : `${w} `)).join('');
    const read = comparableText(text);
    assert.equal(read.wordHashes.length, 5_000);
    assert.equal(read.joined, words.join(' '));
  });
});

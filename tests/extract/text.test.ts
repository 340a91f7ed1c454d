import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeChars, paragraphsOf, sentencesOf, splitSentences } from '../../src/extract/text.js';

describe('text as it arrives from the web', () => {
  it('normalises curly quotes, dashes and non-breaking spaces without changing length', () => {
    const raw = 'Russia’s “11\u00a0000” troops – 10,000—12,000';
    const norm = normalizeChars(raw);
    assert.equal(norm.length, raw.length);
    assert.equal(norm, 'Russia\'s "11,000" troops - 10,000-12,000', 'a non-breaking thousands separator becomes a comma');
  });

  it('splits sentences but not after initials and abbreviations', () => {
    assert.deepEqual(splitSentences('Signs point to N. Korea sending troops. The U.S. said so. Col. Lee agreed on Feb. 8. Done.'), [
      'Signs point to N. Korea sending troops.',
      'The U.S. said so.',
      'Col. Lee agreed on Feb. 8.',
      'Done.',
    ]);
  });

  it('joins a line broken inside a sentence and keeps a headline apart', () => {
    const sentences = sentencesOf('N Korea sends troops to Russia\nNorth Korea has sent\n11,000 troops to Russia, officials\nsaid.');
    assert.deepEqual(sentences.map((s) => s.text), ['N Korea sends troops to Russia', 'North Korea has sent 11,000 troops to Russia, officials said.']);
    assert.equal(sentences[0]!.headline, true);
    assert.equal(sentences[1]!.headline, false);
  });

  it('drops a photo caption printed twice and everything under a comment heading', () => {
    const caption = 'Military officials welcome the visit of Kim Jong-un to the ministry, Feb. 8, in this photo released by KCNA.';
    const paragraphs = paragraphsOf(`Headline\n\n${caption}\n\n${caption}\n\nBody text.\n\n5 Comments\nReader: North Korea sent 99,000 troops.`);
    assert.deepEqual(paragraphs.map((p) => p.text), ['Headline', caption, 'Body text.']);
    assert.deepEqual(paragraphsOf('Body.\nLeave A Comment\nspam').map((p) => p.text), ['Body.']);
  });
});

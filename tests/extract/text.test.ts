import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_SENTENCE_CHARS,
  normalizeChars,
  paragraphsOf,
  piecesOf,
  sentencesOf,
  splitSentences,
} from '../../src/extract/text.js';

describe('text as it arrives from the web', () => {
  it('normalises curly quotes, dashes and non-breaking spaces without changing length', () => {
    const raw = 'Russia’s “11\u00a0000” troops – 10,000—12,000';
    const norm = normalizeChars(raw);
    assert.equal(norm.length, raw.length);
    assert.equal(
      norm,
      'Russia\'s "11,000" troops - 10,000-12,000',
      'a non-breaking thousands separator becomes a comma',
    );
  });

  it('normalises the same in another script, in accented text and in text with many quotes', () => {
    // Each takes another way through normalizeChars (a character past Latin-1 with no plain form; over 512 places).
    assert.equal(normalizeChars('Россия: «около 3\u00a0000» — погибших’'), 'Россия: "около 3,000" , погибших\'');
    const accented = `${'é'.repeat(600)} “3\u00a0000”—x`;
    assert.equal(normalizeChars(accented), `${'é'.repeat(600)} "3,000",x`);
    const quoted = '“a” '.repeat(300);
    assert.equal(normalizeChars(quoted), '"a" '.repeat(300));
  });

  it('splits sentences but not after initials and abbreviations', () => {
    assert.deepEqual(
      splitSentences('Signs point to N. Korea sending troops. The U.S. said so. Col. Lee agreed on Feb. 8. Done.'),
      ['Signs point to N. Korea sending troops.', 'The U.S. said so.', 'Col. Lee agreed on Feb. 8.', 'Done.'],
    );
  });

  it('joins a line broken inside a sentence and keeps a headline apart', () => {
    const sentences = sentencesOf(
      'N Korea sends troops to Russia\nNorth Korea has sent\n11,000 troops to Russia, officials\nsaid.',
    );
    assert.deepEqual(
      sentences.map((s) => s.text),
      ['N Korea sends troops to Russia', 'North Korea has sent 11,000 troops to Russia, officials said.'],
    );
    assert.equal(sentences[0]!.headline, true);
    assert.equal(sentences[1]!.headline, false);
  });

  it('drops a photo caption printed twice and everything under a comment heading', () => {
    const caption =
      'Military officials welcome the visit of Kim Jong-un to the ministry, Feb. 8, in this photo released by KCNA.';
    const paragraphs = paragraphsOf(
      `Headline\n\n${caption}\n\n${caption}\n\nBody text.\n\n5 Comments\nReader: North Korea sent 99,000 troops.`,
    );
    assert.deepEqual(
      paragraphs.map((p) => p.text),
      ['Headline', caption, 'Body text.'],
    );
    assert.deepEqual(
      paragraphsOf('Body.\nLeave A Comment\nspam').map((p) => p.text),
      ['Body.'],
    );
  });

  it('cuts a sentence that never ends into pieces at clause marks, each within the cap, losing no text', () => {
    const clause = 'filler about the weather and the markets, north korea has sent about 45000 troops to russia; ';
    const long = clause.repeat(200);
    const pieces = piecesOf(long);
    assert.ok(pieces.length > 1);
    for (const p of pieces) assert.ok(p.length <= MAX_SENTENCE_CHARS, `a piece of ${p.length}`);
    assert.equal(pieces.join(' ').replace(/\s+/g, ' '), long.trim().replace(/\s+/g, ' '));
    assert.ok(
      pieces.slice(0, -1).every((p) => /[;,]$/.test(p)),
      'cut after a clause mark',
    );
    assert.deepEqual(
      piecesOf('a'.repeat(1500)).map((p) => p.length),
      [600, 600, 300],
      'no mark, no space: cut anyway',
    );
    assert.deepEqual(piecesOf('Short.'), ['Short.']);
  });

  it('joins a hard-wrapped paragraph of thousands of lines into sentences, and every sentence stays within the cap', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i} of a paragraph wrapped at`);
    const sentences = sentencesOf(`North Korea has sent 11,000 troops to Russia.\n${lines.join('\n')}\nthe end.`);
    assert.equal(sentences[0]!.text, 'North Korea has sent 11,000 troops to Russia.');
    assert.ok(sentences.length > 2, 'the run-on paragraph was cut into pieces');
    for (const s of sentences) assert.ok(s.text.length <= MAX_SENTENCE_CHARS);
  });
});

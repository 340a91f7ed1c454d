import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findNumbers, parseDigits, tokenize } from '../../src/extract/numbers.js';
import { normalizeChars } from '../../src/extract/text.js';

function numbers(text: string): Array<[number, number]> {
  return findNumbers(tokenize(normalizeChars(text))).map((m) => [m.low, m.high]);
}

describe('number grammar', () => {
  it('reads digits with separators and decimals', () => {
    assert.equal(parseDigits('11,000'), 11000);
    assert.equal(parseDigits('1,234,567'), 1234567);
    assert.equal(parseDigits('1.5'), 1.5);
    assert.equal(parseDigits('1,00'), null, 'malformed grouping');
    assert.deepEqual(numbers('deployed 11,000 troops'), [[11000, 11000]]);
  });

  it('applies scale words', () => {
    assert.deepEqual(numbers('more than 10 million artillery shells'), [[10_000_000, 10_000_000]]);
    assert.deepEqual(numbers('some 1.5 million rounds'), [[1_500_000, 1_500_000]]);
    assert.deepEqual(numbers('2 billion dollars'), [[2_000_000_000, 2_000_000_000]]);
  });

  it('reads number words', () => {
    assert.deepEqual(numbers('Two of them were captured'), [[2, 2]]);
    assert.deepEqual(numbers('a dozen soldiers'), [[12, 12]]);
    assert.deepEqual(numbers('twenty-five sappers'), [[25, 25]]);
    assert.deepEqual(numbers('three thousand troops'), [[3000, 3000]]);
    assert.deepEqual(numbers('a thousand workers'), [[1000, 1000]]);
    assert.deepEqual(numbers('half a million shells'), [[500_000, 500_000]]);
    assert.deepEqual(numbers('two dozen prisoners'), [[24, 24]]);
  });

  it('folds ranges written with dashes, "to" and "between ... and"', () => {
    assert.deepEqual(numbers('approximately 10,000-12,000 troops'), [[10000, 12000]]);
    assert.deepEqual(numbers('10,000–12,000 troops'), [[10000, 12000]], 'en dash');
    assert.deepEqual(numbers('3,000 to 4,000 troops'), [[3000, 4000]]);
    assert.deepEqual(numbers('between 10,000 and 12,000 soldiers'), [[10000, 12000]]);
    assert.deepEqual(numbers('between 1 and 1.5 million shells'), [[1_000_000, 1_500_000]]);
  });

  it('does not fold a change "from X to Y" or a falling pair into a range', () => {
    assert.deepEqual(numbers('rose from 11,000 to 15,000'), [
      [11000, 11000],
      [15000, 15000],
    ]);
    assert.deepEqual(numbers('12,000-10,000'), [
      [12000, 12000],
      [10000, 10000],
    ]);
  });

  it('treats vague plurals as no number', () => {
    assert.deepEqual(numbers('thousands of workers and hundreds of thousands of dead'), []);
    assert.deepEqual(numbers('dozens of soldiers'), []);
  });
});

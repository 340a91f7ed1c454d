import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dateFromFileName, parseStatedDate, savedTextDate, savedTextParts } from '../../src/articles/savedText.js';

const BODY = 'North Korea has sent about 3,000 more troops to Russia, the spy agency said on Monday.';

describe('savedTextParts: the headline', () => {
  it('takes a short first line without a final period, followed by a blank line, as the title', () => {
    const parts = savedTextParts(`North Korea sends more troops to Russia\n\n${BODY}\n`, 'note.txt');
    assert.equal(parts.title, 'North Korea sends more troops to Russia');
    assert.equal(parts.body, `${BODY}\n`, "the headline is not part of the body's first sentence");
  });

  it('also when the body follows on the next line and starts a sentence of its own', () => {
    const parts = savedTextParts(`Spy agency: 3,000 more troops, Seoul says\n${BODY}`, 'note.txt');
    assert.equal(parts.title, 'Spy agency: 3,000 more troops, Seoul says');
    assert.equal(parts.body, BODY);
  });

  it('leaves a first line that is a sentence, a dateline, a long paragraph or a wrapped line in the body', () => {
    for (const text of [
      `${BODY}\n\nMore text follows here.`,
      `SEOUL, Jan 4 (Yonhap) --\n${BODY}`,
      `${'A very long opening paragraph without a final period '.repeat(5)}\n\nMore.`,
      'North Korea has sent about 3,000 more troops to Russia, according to\nthe spy agency, which briefed lawmakers on Monday.',
      'North Korea has sent about 3,000 more troops to Russia, the spy\nagency said on Monday.',
      BODY,
    ]) {
      const parts = savedTextParts(text, 'note.txt');
      assert.equal(parts.title, null, text);
      assert.equal(parts.body, text);
    }
  });

  it('in a text wrapped at a fixed width, only a blank line after it makes the first line a headline', () => {
    const wrapped = [
      'North Korea has sent about 3,000 more troops to Russia in January and',
      'February, South Korea said on Thursday, in addition to the 11,000 it',
      'sent last autumn, of whom some 4,000 were killed or wounded in Kursk,',
      'the Joint Chiefs of Staff told reporters at a briefing in Seoul today.',
    ].join('\n');
    assert.equal(savedTextParts(wrapped, 'a.txt').title, null);
    assert.equal(savedTextParts(`Thousands more troops\n\n${wrapped}`, 'a.txt').title, 'Thousands more troops');
  });

  it('a lone line is the body, not a title', () => {
    assert.deepEqual(savedTextParts('North Korea sends troops\n\n', 'a.txt'), {
      title: null,
      publishedAt: null,
      body: 'North Korea sends troops\n\n',
    });
  });
});

describe('savedTextParts: the date', () => {
  it('reads a Date: or Published: line at the top, before or after the headline, and leaves it out of the body', () => {
    for (const text of [
      `Date: 2025-01-04\nNorth Korea sends more troops\n\n${BODY}`,
      `North Korea sends more troops\nPublished: 4 January 2025\n\n${BODY}`,
      `North Korea sends more troops\n\nPublished: Jan 4, 2025\n\n${BODY}`,
    ]) {
      const parts = savedTextParts(text, 'note.txt');
      assert.equal(parts.publishedAt, '2025-01-04T00:00:00.000Z', text);
      assert.equal(parts.title, 'North Korea sends more troops', text);
      assert.equal(parts.body, BODY, text);
    }
  });

  it('reads YAML front matter: its date and title', () => {
    const parts = savedTextParts(
      `---\ntitle: "Seoul: 3,000 more"\ndate: 2025-01-04T09:30:00+09:00\ntags: [dprk]\n---\n${BODY}`,
      '20250301_wire.txt',
    );
    assert.equal(parts.title, 'Seoul: 3,000 more');
    assert.equal(parts.publishedAt, '2025-01-04T00:30:00.000Z', 'the front matter before the file name');
    assert.equal(parts.body, BODY);
  });

  it("takes the file name's date when the text states none, and none when neither does", () => {
    assert.equal(savedTextParts(BODY, '2025-01-04-yonhap.txt').publishedAt, '2025-01-04T00:00:00.000Z');
    assert.equal(
      savedTextParts(`Date: someday\n${BODY}`, '20250104_yonhap.txt').publishedAt,
      '2025-01-04T00:00:00.000Z',
    );
    assert.equal(savedTextParts(BODY, 'yonhap.txt').publishedAt, null);
  });

  it('savedTextDate reads the same date from the top of a text of any size', () => {
    const long = `Date: 2025-01-04\nHeadline\n\n${`${BODY}\n`.repeat(200_000)}`;
    assert.equal(savedTextDate(long, 'a.txt'), '2025-01-04T00:00:00.000Z');
    assert.equal(savedTextDate(BODY, '2025-01-04-a.txt'), '2025-01-04T00:00:00.000Z');
  });

  it('a Date: line lower down, after the body has begun, stays in the body and dates nothing', () => {
    const parts = savedTextParts(`Headline here\n\n${BODY}\nDate: 2025-01-04\n`, 'a.txt');
    assert.equal(parts.body, `${BODY}\nDate: 2025-01-04\n`);
    assert.equal(parts.publishedAt, null);
  });
});

describe('parseStatedDate and dateFromFileName', () => {
  it('reads the usual written forms, as UTC when no zone is given', () => {
    assert.equal(parseStatedDate('2025-01-04'), '2025-01-04T00:00:00.000Z');
    assert.equal(parseStatedDate('2025-01-04 09:30'), '2025-01-04T09:30:00.000Z');
    assert.equal(parseStatedDate('"2025-01-04T09:30:00Z"'), '2025-01-04T09:30:00.000Z');
    assert.equal(parseStatedDate('Sat, 04 Jan 2025 10:00:00 GMT'), '2025-01-04T10:00:00.000Z');
    assert.equal(parseStatedDate('4 January 2025'), '2025-01-04T00:00:00.000Z');
    assert.equal(parseStatedDate('January 4, 2025'), '2025-01-04T00:00:00.000Z');
  });
  it('refuses what is not a day', () => {
    assert.equal(parseStatedDate('2025-02-30'), null);
    assert.equal(parseStatedDate('Monday'), null);
    assert.equal(parseStatedDate('3'), null);
  });
  it('finds a day in a file name, with or without separators', () => {
    assert.equal(dateFromFileName('2025-01-04-kursk.txt'), '2025-01-04T00:00:00.000Z');
    assert.equal(dateFromFileName('20250104_yonhap.txt'), '2025-01-04T00:00:00.000Z');
    assert.equal(dateFromFileName('yonhap_2025_01_04.txt'), '2025-01-04T00:00:00.000Z');
    assert.equal(dateFromFileName('600_blinken_8000_kursk.txt'), null);
    assert.equal(dateFromFileName('003_74e7166735daae4e.txt'), null);
    assert.equal(dateFromFileName('2025-13-40-x.txt'), null);
  });
});

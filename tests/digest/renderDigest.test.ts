import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { changesOf } from '../../src/diff/diff.js';
import { type DigestData, digestData } from '../../src/digest/digestData.js';
import { renderDigest } from '../../src/digest/renderDigest.js';
import { claim, ledgered } from '../support/claims.js';
import { repoPath } from '../support/paths.js';

const labels = new Map([
  ['troops_deployed', 'DPRK troops in Russia'],
  ['workers_deployed', 'DPRK workers in Russia'],
  ['casualties', 'DPRK casualties (killed and wounded)'],
]);

/** A realistic digest: an estimate moved, a plan, a lower figure, copies and several sources. */
function sampleData(): DigestData {
  const oldRange = ledgered(
    claim({
      metric: 'troops_deployed',
      low: 10000,
      high: 12000,
      qualifier: 'range',
      attribution: 'South Korea',
      quote: 'approximately 10,000-12,000 troops were sent last fall',
      figureText: '10,000-12,000',
    }),
    '2025-01-03T09:00:00Z',
    { id: 1, articleId: 1, publisher: 'Yonhap' },
  );
  const newer = ledgered(
    claim({
      metric: 'troops_deployed',
      low: 11000,
      attribution: 'NIS',
      when: 'last October',
      quote: 'North Korea has sent 11,000 troops to Russia since last October, the NIS said.',
      figureText: '11,000',
    }),
    '2025-01-04T09:00:00Z',
    {
      id: 2,
      articleId: 2,
      publisher: 'Korea Herald',
      title: 'N. Korea sent 11,000 troops, NIS says',
      url: 'https://example.org/herald/11000',
      copies: 3,
    },
  );
  const copy = ledgered(
    claim({
      metric: 'troops_deployed',
      low: 11000,
      attribution: 'Western intelligence',
      quote: 'Western intelligence estimates that North Korea has sent 11,000 troops to Russia.',
      figureText: '11,000',
    }),
    '2025-01-05T09:00:00Z',
    {
      id: 3,
      articleId: 3,
      publisher: 'BBC',
      title: 'North Korean troops in Kursk',
      url: 'https://example.org/bbc/kursk',
    },
  );
  const plan = ledgered(
    claim({
      metric: 'workers_deployed',
      low: 5000,
      status: 'planned',
      scope: 'additional',
      attribution: 'Shoigu',
      quote: 'North Korea will send 5,000 military construction workers',
      figureText: '5,000',
    }),
    '2025-01-04T10:00:00Z',
    { id: 4, articleId: 4, publisher: 'AsiaNews', title: 'Kim to send builders' },
  );
  const six = ledgered(
    claim({ metric: 'casualties', low: 6000, qualifier: 'at_least', attribution: 'UK Ministry of Defence' }),
    '2025-01-02T09:00:00Z',
    { id: 5, articleId: 5 },
  );
  const four = ledgered(
    claim({
      metric: 'casualties',
      low: 4000,
      qualifier: 'approx',
      attribution: 'NIS',
      quote: 'an estimated 4,000 soldiers have been killed or wounded',
      figureText: '4,000',
    }),
    '2025-01-05T08:00:00Z',
    { id: 6, articleId: 6, publisher: 'The Korea Times' },
  );
  const ledger = [oldRange, newer, copy, plan, six, four];
  const changes = changesOf({
    before: new Map([
      ['troops_deployed', oldRange],
      ['casualties', six],
    ]),
    after: new Map([
      ['troops_deployed', copy],
      ['casualties', four],
    ]),
    added: [newer, copy, plan, four],
    seenBefore: () => false,
  });
  return digestData({
    changes,
    labels,
    ledger,
    previous: null,
    bandWindowDays: 90,
    notices: [
      {
        feedName: 'Dead wire',
        kind: 'failing',
        since: '2025-01-04 06:00',
        message: '503 (3 failures in a row; last: https://example.org/feed.xml answered HTTP 503)',
      },
    ],
  })!;
}

describe('renderDigest', () => {
  it('escapes every piece of feed text in the HTML part and links only http(s) URLs', () => {
    const evil = ledgered(
      claim({ metric: 'troops_deployed', low: 12000, quote: 'He said "<b>12,000</b>" & more', figureText: '12,000' }),
      '2025-06-20T09:00:00Z',
      { title: '<img src=x onerror=alert(1)>', url: 'javascript:alert(1)', publisher: 'Wire<script>' },
    );
    const data = digestData({
      changes: changesOf({
        before: new Map(),
        after: new Map([['troops_deployed', evil]]),
        added: [evil],
        seenBefore: () => false,
      }),
      labels,
      ledger: [evil],
      previous: null,
      bandWindowDays: 90,
    })!;
    const html = renderDigest(data).html;
    assert.ok(!/<img|<script|<b>|href="javascript/i.test(html), html);
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(html.includes('&lt;b&gt;'), 'the quote is escaped around its marked figure');
    assert.ok(!html.includes('<a style') || !html.includes('javascript'), 'a javascript: URL is not a link');
  });

  it('cuts a run-on quote to the words around its figure, never the figure', () => {
    const filler = 'and the officials spoke at length about the weather and the harvest '.repeat(12);
    const long = ledgered(
      claim({
        metric: 'troops_deployed',
        low: 21000,
        quote: `${filler}North Korea has sent 21,000 troops to Russia ${filler}`,
        figureText: '21,000',
      }),
      '2025-06-20T09:00:00Z',
    );
    const data = digestData({
      changes: changesOf({
        before: new Map(),
        after: new Map([['troops_deployed', long]]),
        added: [long],
        seenBefore: () => false,
      }),
      labels,
      ledger: [long],
      previous: null,
      bandWindowDays: 90,
    })!;
    const quote = /“[^”]*”/.exec(renderDigest(data).text)![0].replace(/\s+/g, ' ');
    assert.match(quote, /^“… \S.* has sent «21,000» troops to Russia .*\S …”$/);
    assert.ok(quote.length < 360, quote);
  });

  it('renders nothing when nothing changed', () => {
    assert.equal(digestData({ changes: [], labels, ledger: [], previous: null, bandWindowDays: 90 }), null);
  });

  it("says where each figure stands, then what changed by metric, in a reader's words, within 80 columns", () => {
    const { subject, text } = renderDigest(sampleData());
    assert.equal(subject, 'figurewatch: DPRK troops in Russia 10,000–12,000 → 11,000 (+2 more)');
    for (const line of text.split('\n'))
      if (!/https?:\/\//.test(line)) assert.ok(line.length <= 80, `over 80 columns: ${line}`);
    assert.match(text, /^WHERE EACH FIGURE STANDS$/m);
    assert.match(text, /^DPRK troops in Russia +11,000$/m);
    assert.match(text, /Western intelligence, 5 Jan 2025 · 2 sources \(5 articles\)/, 'sources apart from copies');
    assert.match(text, /reports from 3 sources: 10,000–12,000/, 'the band of current reports');
    assert.match(text, /• New estimate: 10,000–12,000 → 11,000/);
    assert.match(text, /• Planned: 5,000 more/);
    assert.match(text, /North Korea has sent «11,000» troops/, 'the figure is marked in its sentence');
    assert.match(text, /Lower than the figure it replaces/);
    assert.match(text, /⚠ Feed "Dead wire" failing since 2025-01-04 06:00/);
    assert.doesNotMatch(text, /said by the article|\+at least/);
  });

  it('is identical for identical data, and matches the snapshots of both parts (tests/fixtures/digest/)', () => {
    const digest = renderDigest(sampleData());
    assert.deepEqual(renderDigest(sampleData()), digest);
    const snapshot = (name: string, actual: string): void => {
      const file = repoPath('tests', 'fixtures', 'digest', name);
      if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(file, actual);
      assert.equal(
        actual,
        readFileSync(file, 'utf8'),
        `${name} differs: look at it, then UPDATE_SNAPSHOTS=1 npm test to accept`,
      );
    };
    snapshot('sample.txt', `Subject: ${digest.subject}\n\n${digest.text}`);
    snapshot('sample.html', digest.html);
  });
});

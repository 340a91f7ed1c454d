import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffClaims, type Estimate } from '../../src/diff/diff.js';
import { renderDigest } from '../../src/digest/renderDigest.js';
import { claim, sourced } from '../support/claims.js';

const labels = new Map([['troops_deployed', 'DPRK troops in Russia'], ['workers_deployed', 'DPRK workers in Russia']]);

describe('renderDigest', () => {
  it('escapes every piece of feed text in the HTML part and links only http(s) URLs', () => {
    const { changes } = diffClaims({ figures: new Map(), estimates: new Map(), claims: [
      { ...sourced(claim({ metric: 'troops_deployed', low: 12000, quote: 'He said "<b>12,000</b>" & more' }), '2025-06-20T09:00:00Z', '<img src=x onerror=alert(1)>'), source: { title: '<img src=x onerror=alert(1)>', url: 'javascript:alert(1)', feedName: 'Wire<script>', publishedAt: '2025-06-20T09:00:00Z' } },
    ] });
    const html = renderDigest(changes, labels)!.html;
    assert.ok(!/<img|<script|<b>|href="javascript/i.test(html), html);
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(html.includes('He said &quot;&lt;b&gt;12,000&lt;/b&gt;&quot; &amp; more'));
    assert.ok(!html.includes('<a href'), 'a javascript: URL is not a link');
  });

  it('renders nothing when nothing changed', () => {
    assert.equal(renderDigest([], labels), null);
  });

  it('names the change, old → new, who said it, the quote, the article and the source count', () => {
    const current: Estimate = { metric: 'troops_deployed', low: 11000, high: 11000, qualifier: 'at_least', asOf: '2025-01-01T00:00:00Z', attribution: 'MSMT', claimRef: { claimId: 1 } };
    const { changes } = diffClaims({ figures: new Map(), estimates: new Map([['troops_deployed', current]]), claims: [
      sourced(claim({ metric: 'troops_deployed', low: 10000, high: 12000, qualifier: 'range', attribution: 'NIS', when: 'last fall', quote: 'approximately 10,000-12,000 troops were sent last fall' }), '2025-06-20T09:00:00Z', 'Kim to send sappers'),
      sourced(claim({ metric: 'workers_deployed', low: 5000, status: 'planned', scope: 'additional' }), '2025-06-20T09:00:00Z', 'Kim to send sappers'),
    ] });
    const digest = renderDigest(changes, labels);
    assert.ok(digest);
    assert.equal(digest.subject, 'figurewatch: 2 changes — DPRK troops in Russia at least 11,000 → 10,000–12,000');
    assert.equal(digest.text, [
      '■ DPRK troops in Russia at least 11,000 → 10,000–12,000',
      '  actual, total; said by NIS, referring to last fall',
      '  “approximately 10,000-12,000 troops were sent last fall”',
      '  Kim to send sappers — Wire, 2025-06-20',
      '  https://example.org/Kim%20to%20send%20sappers',
      '  Reported by 1 source.',
      '',
      '■ DPRK workers in Russia: 5,000 planned',
      '  planned, additional; said by the article',
      '  “workers_deployed 5000”',
      '  Kim to send sappers — Wire, 2025-06-20',
      '  https://example.org/Kim%20to%20send%20sappers',
      '  Reported by 1 source.',
      '',
    ].join('\n'));
  });
});

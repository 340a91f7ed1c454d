import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostOf, runPerHost } from '../../src/http/hostLimiter.js';

describe('runPerHost', () => {
  it('keeps both limits, keeps result order, and lets other hosts proceed past a busy one', async () => {
    const items = [
      ...Array.from({ length: 20 }, (_, i) => `https://busy.example/${i}`),
      'https://a.example/1',
      'https://b.example/1',
    ];
    let inFlight = 0;
    let maxInFlight = 0;
    const perHost = new Map<string, number>();
    let maxPerHost = 0;
    const finished: string[] = [];
    const results = await runPerHost(items, hostOf, { global: 4, perHost: 2 }, async (url, index) => {
      const host = hostOf(url);
      inFlight++;
      perHost.set(host, (perHost.get(host) ?? 0) + 1);
      maxInFlight = Math.max(maxInFlight, inFlight);
      maxPerHost = Math.max(maxPerHost, perHost.get(host)!);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      perHost.set(host, perHost.get(host)! - 1);
      finished.push(host);
      return index;
    });
    assert.deepEqual(
      results,
      items.map((_, i) => i),
    );
    assert.equal(maxInFlight, 4);
    assert.equal(maxPerHost, 2);
    assert.ok(
      finished.indexOf('a.example') < 5 && finished.indexOf('b.example') < 5,
      'the small hosts did not wait for the busy one',
    );
  });

  it('resolves an empty list and rejects on a failing task', async () => {
    assert.deepEqual(await runPerHost([], hostOf, { global: 2, perHost: 1 }, async () => 1), []);
    await assert.rejects(
      runPerHost(['x'], hostOf, { global: 2, perHost: 1 }, async () => {
        throw new Error('boom');
      }),
      /boom/,
    );
  });
});

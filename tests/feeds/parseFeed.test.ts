import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotAFeedError, parseFeed } from '../../src/feeds/parseFeed.js';
import { rssFeed } from '../support/corpus.js';

describe('parseFeed', () => {
  it('normalises RSS 2.0 items', async () => {
    const xml = rssFeed('Wire', [
      {
        title: 'N Korea sends troops',
        link: 'https://example.org/a',
        guid: 'g-1',
        pubDate: 'Thu, 13 Feb 2025 09:00:00 GMT',
        description: 'Summary text',
      },
    ]);
    const { title, items } = await parseFeed(xml, 'Wire');
    assert.equal(title, 'Wire');
    assert.deepEqual(items, [
      {
        feedName: 'Wire',
        guid: 'g-1',
        link: 'https://example.org/a',
        title: 'N Korea sends troops',
        publishedAt: '2025-02-13T09:00:00.000Z',
        summary: 'Summary text',
        content: null,
      },
    ]);
  });

  it('normalises Atom entries, with full content', async () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title>
      <entry><id>urn:uuid:1</id><title>Troops</title><link href="https://example.org/b"/><updated>2025-06-20T10:00:00Z</updated>
      <summary>Short</summary><content type="html">&lt;p&gt;North Korea sent 11,000 troops to Russia.&lt;/p&gt;</content></entry></feed>`;
    const { items } = await parseFeed(xml, 'Atom wire');
    assert.equal(items[0]!.guid, 'urn:uuid:1');
    assert.equal(items[0]!.link, 'https://example.org/b');
    assert.equal(items[0]!.publishedAt, '2025-06-20T10:00:00.000Z');
    assert.match(items[0]!.content ?? '', /11,000 troops/);
  });

  it('reads RSS 0.91', async () => {
    const xml = `<?xml version="1.0"?><rss version="0.91"><channel><title>Old wire</title><link>https://example.org</link><description>d</description>
      <item><title>Item A</title><link>https://example.org/a</link><description>North Korea sent troops.</description></item></channel></rss>`;
    const { items } = await parseFeed(xml, 'Old wire');
    assert.deepEqual(
      items.map((i) => [i.title, i.link, i.guid, i.summary]),
      [['Item A', 'https://example.org/a', null, 'North Korea sent troops.']],
    );
  });

  it('reads RSS 1.0 (RDF)', async () => {
    const xml = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
      <channel rdf:about="x"><title>RDF wire</title><link>https://example.org</link><description>d</description></channel>
      <item rdf:about="https://example.org/c"><title>Item C</title><link>https://example.org/c</link><description>text</description></item></rdf:RDF>`;
    const { items } = await parseFeed(xml, 'RDF wire');
    assert.equal(items[0]!.link, 'https://example.org/c');
  });

  it('gives an empty list for an empty feed', async () => {
    const { items } = await parseFeed(rssFeed('Empty', []), 'Empty');
    assert.deepEqual(items, []);
  });

  it('names what is wrong with malformed XML or a page that is not a feed', async () => {
    await assert.rejects(
      parseFeed('<rss><channel><item><title>unclosed', 'Bad'),
      (e: unknown) => e instanceof NotAFeedError && /malformed feed XML/.test(e.message),
    );
    await assert.rejects(
      parseFeed('<!doctype html><html><body>Hello</body></html>', 'Html'),
      (e: unknown) => e instanceof NotAFeedError && /not an RSS or Atom document/.test(e.message),
    );
  });
});

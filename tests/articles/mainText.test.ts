import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mainText, plainText } from '../../src/articles/mainText.js';
import { documentFromBytes } from '../../src/articles/readDocument.js';
import { inlineContent } from '../../src/sandbox/contentPool.js';
import { articlePage, seedArticles } from '../support/corpus.js';

describe('mainText', () => {
  it('keeps the headline and paragraphs, drops nav, share bar, comments and footer', () => {
    const seed = seedArticles()[1]!;
    const page = mainText(articlePage(seed, '2025-02-14T09:00:00Z'));
    assert.equal(page.publishedAt, '2025-02-14T09:00:00.000Z');
    const lines = page.text.split('\n\n');
    assert.equal(lines[0], seed.text.split('\n')[0]!.trim());
    assert.ok(page.text.includes('at least 1,000 of the 11,000 North Korean troops'));
    for (const chrome of ['Home', 'World: 12 stories', 'Share on', '42 Comments', '99,000', 'employees']) {
      assert.ok(!page.text.includes(chrome), `"${chrome}" is page chrome`);
    }
  });

  it('finds the densest block when there is no <article>', () => {
    const html = `<html><body><div class="menu"><p>Home</p><p>News</p></div>
      <div id="story"><p>First paragraph of the story, long enough to matter here.</p><p>Second paragraph, also long enough to count.</p></div>
      <div><p>Short aside.</p></div></body></html>`;
    assert.equal(
      mainText(html).text,
      'First paragraph of the story, long enough to matter here.\n\nSecond paragraph, also long enough to count.',
    );
  });

  it('reads the canonical link and copes with a page without a body', () => {
    assert.equal(
      mainText('<html><head><link rel="canonical" href="https://example.org/a"></head></html>').canonicalUrl,
      'https://example.org/a',
    );
    assert.equal(mainText('<html><head><title>t</title></head></html>').text, '');
  });

  it('reads malformed pages as browsers do: unclosed tags, stray ends, no <body>, markup in scripts and comments', () => {
    const cases: Array<[string, string]> = [
      ['<body><article><p>One<p>Two<p>Three</article>', 'One\n\nTwo\n\nThree'],
      [
        '<body><article><p>A sentence here.</p></span></div></div><p>B sentence.</article>',
        'A sentence here.\n\nB sentence.',
      ],
      ['<html><head><title>T</title><body><p>Para text</p>', 'Para text'],
      ['<html><head><title>T</title><p>Para text without a body', 'Para text without a body'],
      ['<table><tr><td>cell text<td>second cell</table><p>after</p>', 'cell text\n\nsecond cell\n\nafter'],
      ['<body><p>Real.</p><script>var s="</p><p>fake 99,000 troops";</script></body>', 'Real.'],
      ['<body><!-- <p>hidden 5,000 troops</p> --><p>shown</p></body>', 'shown'],
      ['<body><p>a&nbsp;b &amp; c&#8217;s &lt;x&gt;</p></body>', 'a b & c\u2019s <x>'],
      ['<BODY><P CLASS=x>Upper</P><P>Two</BODY>', 'Upper\n\nTwo'],
      ['<ul><li>one<li>two<li>three</ul>', 'one\n\ntwo\n\nthree'],
      // An unclosed link must not glue the next paragraph onto this one.
      ['<body><p>unterminated <a href="x">link <p>next para</body>', 'unterminated link\n\nnext para'],
      ['<body><p>two<br>three</p></body>', 'two three'],
      ['<body><textarea><p>not markup</p></textarea><p>kept</p></body>', 'kept'],
      [
        '<body><figure><figcaption>Cap</figcaption><figcaption>Credit</figcaption></figure><p>Body.</p></body>',
        'Cap\n\nBody.',
      ],
    ];
    for (const [html, text] of cases) assert.equal(mainText(html).text, text, html);
  });

  it('turns feed HTML into text and leaves text alone', () => {
    assert.equal(plainText('<p>One.</p><p>Two.</p>'), 'One.\n\nTwo.');
    assert.equal(plainText('Just text.'), 'Just text.');
  });
});

describe('documentFromBytes', () => {
  it('names a binary file instead of reading it', async () => {
    const doc = await documentFromBytes(
      'photo.jpg',
      Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x10, 0x4a]),
      inlineContent([]),
    );
    assert.equal(doc.ok, false);
    if (!doc.ok) assert.match(doc.problem, /photo\.jpg is binary data/);
  });

  it('decodes a page in windows-1251 declared in its meta tag', async () => {
    const html = Buffer.concat([
      Buffer.from('<html><head><meta charset="windows-1251"></head><body><article><p>'),
      Buffer.from([0xcf, 0xf5, 0xe5, 0xed, 0xfc, 0xff, 0xed]),
      Buffer.from('</p></article></body></html>'),
    ]);
    const doc = await documentFromBytes('page.html', html, inlineContent([]));
    assert.ok(doc.ok && doc.text.includes('Пхеньян'));
  });
});

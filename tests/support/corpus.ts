import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LabelledDoc } from '../../src/extract/evaluate.js';
import { CORPUS_DIR } from './paths.js';

export interface SeedArticle {
  doc: string;
  text: string;
  gold: LabelledDoc;
}

/** Publication dates consistent with what each seed article reports. */
export const SEED_PUBLISHED: Readonly<Record<string, string>> = {
  '003_74e7166735daae4e.txt': '2025-02-13T09:00:00Z',
  '001_be45a96026424d96.txt': '2025-02-14T09:00:00Z',
  '000_31b43cf113a89874.txt': '2025-06-18T09:00:00Z',
  '002_f0de8808307eb9a3.txt': '2025-06-20T09:00:00Z',
  '004_2db8d8284b58b6f1.txt': '2025-06-22T09:00:00Z',
};

export function seedArticles(): SeedArticle[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((doc) => ({
      doc,
      text: readFileSync(path.join(CORPUS_DIR, doc), 'utf8'),
      gold: JSON.parse(
        readFileSync(path.join(CORPUS_DIR, doc.replace(/\.txt$/, '.labels.json')), 'utf8'),
      ) as LabelledDoc,
    }));
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A seed article as a news site would serve it: nav, the article, share bar and comments around it. */
export function articlePage(article: SeedArticle, publishedAt: string): string {
  const [headline = '', ...body] = article.text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(headline)} | Example News</title>
<meta property="article:published_time" content="${publishedAt}"><meta property="og:site_name" content="Example News"></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World: 12 stories</a></li><li>Sports</li></ul></nav></header>
<article><h1>${escapeHtml(headline)}</h1>
${body.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<div class="share-bar">Share on 3 networks</div></article>
<section id="comments"><h3>42 Comments</h3><p>Reader: North Korea sent 99,000 troops to Russia, I am sure.</p></section>
<footer>© 2025 Example News, 1,000 employees</footer></body></html>`;
}

/** An item of a test feed, as rssFeed writes it. */
export interface FeedItemFixture {
  title: string;
  link: string;
  guid: string;
  pubDate: string;
  description: string;
}

export function rssFeed(title: string, items: readonly FeedItemFixture[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${escapeHtml(title)}</title><link>http://127.0.0.1/</link><description>test</description>
${items.map((i) => `<item><title>${escapeHtml(i.title)}</title><link>${escapeHtml(i.link)}</link><guid>${escapeHtml(i.guid)}</guid><pubDate>${i.pubDate}</pubDate><description>${escapeHtml(i.description)}</description></item>`).join('\n')}
</channel></rss>`;
}

/**
 * The seed articles as a news site would publish them: a feed at /feed.xml linking /a/0.html ...,
 * one article a day from `firstDay`; `title(i)` names each item (a test may give one a hostile title).
 */
export function serveSeedFeed(
  server: {
    routes: Map<
      string,
      (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void | Promise<void>
    >;
    url: (p: string) => string;
  },
  options: { firstDay?: Date; title?: (i: number) => string; feedTitle?: string; pageDelayMs?: () => number } = {},
): void {
  const first = options.firstDay ?? new Date(Date.UTC(2025, 5, 1));
  const day = (i: number): Date => new Date(first.getTime() + i * 86_400_000);
  const seeds = seedArticles();
  seeds.forEach((s, i) => {
    const page = articlePage(s, day(i).toISOString());
    server.routes.set(`/a/${i}.html`, (_req, res) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(page), options.pageDelayMs?.() ?? 0);
    });
  });
  const feed = rssFeed(
    options.feedTitle ?? 'Wire',
    seeds.map((_, i) => ({
      title: options.title?.(i) ?? `Story ${i}`,
      link: server.url(`/a/${i}.html`),
      guid: `g${i}`,
      pubDate: day(i).toUTCString(),
      description: 'Summary.',
    })),
  );
  server.routes.set('/feed.xml', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed);
  });
}

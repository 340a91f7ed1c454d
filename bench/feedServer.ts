/**
 * Child process for the ingestion benchmark: serves feeds of ITEMS items each, with their
 * article pages, on HOSTS loopback ports; answers 304 to a matching If-None-Match. Reports its
 * ports, then its request count when asked, over IPC.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { articlePage, rssFeed, type SeedArticle } from '../tests/support/corpus.js';
import { CORPUS_DIR } from '../tests/support/paths.js';

const ITEMS = Number(process.env.ITEMS ?? 50);
const HOSTS = Number(process.env.HOSTS ?? 10);

const seeds: SeedArticle[] = readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.txt')).sort().map((doc) => ({
  doc, text: readFileSync(path.join(CORPUS_DIR, doc), 'utf8'), gold: { doc, claims: [] },
}));
/** Every sentence of the seeds: pages are drawn from this pool, so each is a different article. */
const sentences = seeds.flatMap((s) => s.text.split(/(?<=[.!?])\s+/).map((t) => t.trim()).filter((t) => t.length > 40));

/** A distinct article: a headline and twelve sentences picked by n from the pool (no two pages alike). */
function pageText(n: number): string {
  let state = (n + 1) * 2654435761;
  const pick = (): string => {
    state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0;
    return sentences[state % sentences.length]!;
  };
  return [`Wire story number ${n}`, ...Array.from({ length: 12 }, pick)].join('\n');
}
let requests = 0;
const ports: number[] = [];

function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  requests++;
  const url = req.url ?? '/';
  const feed = /^\/feed\/(\d+)\.xml$/.exec(url);
  if (feed) {
    const i = Number(feed[1]);
    const etag = `"feed-${i}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    const port = ports[i % HOSTS]!;
    const items = Array.from({ length: ITEMS }, (_, j) => ({
      title: `Story ${i}-${j}`, link: `http://127.0.0.1:${port}/a/${i}/${j}.html`, guid: `${i}-${j}`,
      pubDate: new Date(Date.UTC(2025, 0, 1) + (i * ITEMS + j) * 60_000).toUTCString(), description: `Summary of story ${i}-${j}.`,
    }));
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(rssFeed(`Feed ${i}`, items));
    return;
  }
  const page = /^\/a\/(\d+)\/(\d+)\.html$/.exec(url);
  if (page) {
    const n = Number(page[1]) * ITEMS + Number(page[2]);
    const text = { doc: `${n}`, text: pageText(n), gold: { doc: `${n}`, claims: [] } };
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage(text, new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString()));
    return;
  }
  res.writeHead(404).end();
}

for (let h = 0; h < HOSTS; h++) {
  const server = http.createServer({ keepAlive: true }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ports.push((server.address() as AddressInfo).port);
}
process.send?.({ ports });
process.on('message', (m: unknown) => {
  if (m === 'count') process.send?.({ requests });
  if (m === 'exit') process.exit(0);
});

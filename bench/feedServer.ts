/**
 * Child process for the ingestion benchmark: serves feeds of ITEMS items each, with their
 * article pages (10-100 KB, as news sites serve them: realisticPage.ts), on HOSTS loopback ports; answers 304 to a matching If-None-Match. Reports its
 * ports, then its request count when asked, over IPC.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rssFeed } from '../tests/support/corpus.js';
import { realisticPage } from './realisticPage.js';
import { pageText } from './syntheticArticles.js';

const ITEMS = Number(process.env.ITEMS ?? 50);
const HOSTS = Number(process.env.HOSTS ?? 10);
/** Added before every answer: a remote server's round trip, which several workers overlap. */
const LATENCY_MS = Number(process.env.LATENCY_MS ?? 0);

let requests = 0;
const ports: number[] = [];

function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (LATENCY_MS > 0) setTimeout(() => answer(req, res), LATENCY_MS);
  else answer(req, res);
}

function answer(req: http.IncomingMessage, res: http.ServerResponse): void {
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
      title: `Story ${i}-${j}`,
      link: `http://127.0.0.1:${port}/a/${i}/${j}.html`,
      guid: `${i}-${j}`,
      pubDate: new Date(Date.UTC(2025, 0, 1) + (i * ITEMS + j) * 60_000).toUTCString(),
      description: `Summary of story ${i}-${j}.`,
    }));
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(rssFeed(`Feed ${i}`, items));
    return;
  }
  const page = /^\/a\/(\d+)\/(\d+)\.html$/.exec(url);
  if (page) {
    const n = Number(page[1]) * ITEMS + Number(page[2]);
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(realisticPage(n, pageText(n), new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString()).html);
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

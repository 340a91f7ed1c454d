/**
 * The read-only web page: figures with their charts, claims, feeds and digests, and exports (Atom,
 * JSON, CSV). Every answer is read through the store port and the queries `status` and `history`
 * use, so the page and the CLI never disagree. GET and HEAD only; scripts only from /assets.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LockInfo } from '../daemon/storeLock.js';
import { dataOf, renderedDigest } from '../digest/outbox.js';
import type { Topic } from '../extract/topic.js';
import { metricLabels } from '../extract/topicLabels.js';
import type { Logger } from '../log/logger.js';
import { estimateSeries, historyView } from '../queries/estimates.js';
import { statusReport } from '../queries/status.js';
import type { StoreOps } from '../store/port.js';
import { changesAtom, claimsCsv } from './feedsOut.js';
import {
  digestPage,
  digestsPage,
  feedsPage,
  layout,
  metricPage,
  notFoundPage,
  overviewPage,
  type Page,
} from './pages.js';

export interface WebDeps {
  store: StoreOps;
  topics: readonly Topic[];
  bandWindowDays: number;
  logger: Logger;
  /** Who holds the store (the daemon's heartbeat), for the overview. */
  daemon: () => (LockInfo & { running: boolean }) | null;
}

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

const here = path.dirname(fileURLToPath(import.meta.url));
/** The page's own files: the source tree's assets (dist/src/web -> src/web/assets), and uPlot from node_modules. */
function assetFiles(): Map<string, { file: string; type: string }> {
  const own =
    [path.resolve(here, 'assets'), path.resolve(here, '../../../src/web/assets')].find((d) => {
      try {
        readFileSync(path.join(d, 'chart.js'));
        return true;
      } catch {
        return false;
      }
    }) ?? path.resolve(here, 'assets');
  const uplot = path.dirname(createRequire(import.meta.url).resolve('uplot'));
  return new Map([
    ['/assets/app.css', { file: path.join(own, 'app.css'), type: 'text/css; charset=utf-8' }],
    ['/assets/chart.js', { file: path.join(own, 'chart.js'), type: 'text/javascript; charset=utf-8' }],
    ['/assets/uplot.js', { file: path.join(uplot, 'uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' }],
    ['/assets/uplot.css', { file: path.join(uplot, 'uPlot.min.css'), type: 'text/css; charset=utf-8' }],
  ]);
}

class NotFound extends Error {}

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

/** The answer to one request: status, type and body. */
interface Answer {
  status: number;
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

const html = (page: Page, current: string, status = 200): Answer => ({
  status,
  type: 'text/html; charset=utf-8',
  body: layout(page, current),
});
const json = (value: unknown): Answer => ({
  status: 200,
  type: 'application/json; charset=utf-8',
  body: `${JSON.stringify(value, null, 2)}\n`,
});

export async function startWebServer(deps: WebDeps, options: { host: string; port: number }): Promise<WebServer> {
  const assets = assetFiles();
  const labels = metricLabels(deps.topics);
  const assetCache = new Map<string, Buffer>();

  async function answer(url: URL, baseUrl: string): Promise<Answer> {
    const p = url.pathname;
    const asset = assets.get(p);
    if (asset) {
      let body = assetCache.get(p);
      if (!body) {
        body = readFileSync(asset.file);
        assetCache.set(p, body);
      }
      return { status: 200, type: asset.type, body, headers: { 'cache-control': 'max-age=3600' } };
    }
    if (p === '/')
      return html(overviewPage(await statusReport(deps.store, labels, deps.bandWindowDays, deps.daemon())), '/');
    const metricMatch = /^\/metric\/([a-z0-9_]+)$/.exec(p);
    if (metricMatch) {
      const metric = metricMatch[1]!;
      const label = labels.get(metric);
      if (!label) throw new NotFound(`"${metric}" is not a tracked figure.`);
      const ledger = await deps.store.ledger([metric]);
      const page = Number(url.searchParams.get('page') ?? '1');
      return html(
        metricPage(
          metric,
          label,
          historyView(ledger, metric, deps.bandWindowDays),
          estimateSeries(ledger, metric, deps.bandWindowDays),
          Number.isFinite(page) ? page : 1,
        ),
        '/',
      );
    }
    if (p === '/feeds') {
      const report = await statusReport(deps.store, labels, deps.bandWindowDays, deps.daemon());
      return html(feedsPage(report, await deps.store.articlesByFeed()), '/feeds');
    }
    if (p === '/digests') return html(digestsPage(await deps.store.digests(200)), '/digests');
    const digestMatch = /^\/digests\/(\d+)$/.exec(p);
    if (digestMatch) {
      const digest = await deps.store.digest(Number(digestMatch[1]));
      if (!digest) throw new NotFound(`There is no digest ${digestMatch[1]}.`);
      return html(digestPage(digest, renderedDigest(digest).html), '/digests');
    }
    if (p === '/changes.atom') {
      const digests = (await deps.store.digests(100)).map((d) => ({
        id: d.id,
        createdAt: d.createdAt,
        data: dataOf(d),
      }));
      return { status: 200, type: 'application/atom+xml; charset=utf-8', body: changesAtom(baseUrl, digests) };
    }
    if (p === '/api/estimates') return json(await statusReport(deps.store, labels, deps.bandWindowDays, deps.daemon()));
    if (p === '/api/claims') {
      const metric = url.searchParams.get('metric') ?? '';
      if (!labels.has(metric)) throw new NotFound(`Give ?metric= one of: ${[...labels.keys()].join(', ')}.`);
      return json({
        metric,
        label: labels.get(metric),
        claims: historyView(await deps.store.ledger([metric]), metric, deps.bandWindowDays),
      });
    }
    if (p === '/export/claims.csv') {
      const only = url.searchParams.get('metric');
      if (only !== null && !labels.has(only))
        throw new NotFound(`Give ?metric= one of: ${[...labels.keys()].join(', ')}.`);
      const metrics = only ? [only] : [...labels.keys()];
      const ledger = await deps.store.ledger(metrics);
      const rows = metrics.flatMap((m) =>
        historyView(ledger, m, deps.bandWindowDays).map((c) => ({ ...c, metric: m })),
      );
      return {
        status: 200,
        type: 'text/csv; charset=utf-8',
        body: claimsCsv(rows),
        headers: { 'content-disposition': 'attachment; filename="figurewatch-claims.csv"' },
      };
    }
    throw new NotFound(`Nothing at ${p}.`);
  }

  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      res
        .writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS })
        .end("figurewatch's page is read-only\n");
      return;
    }
    const host = req.headers.host ?? `${options.host}:${options.port}`;
    const url = new URL(req.url ?? '/', `http://${host}`);
    answer(url, `http://${host}`)
      .catch((err: unknown): Answer => {
        if (err instanceof NotFound) return html(notFoundPage(err.message), '', 404);
        deps.logger.error({ path: url.pathname, err: (err as Error).message }, 'web page: request failed');
        return {
          status: 500,
          type: 'text/plain; charset=utf-8',
          body: 'figurewatch could not answer this request; the log says why.\n',
        };
      })
      .then((a) => {
        res.writeHead(a.status, { 'content-type': a.type, ...SECURITY_HEADERS, ...a.headers });
        res.end(method === 'HEAD' ? undefined : a.body);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  deps.logger.info({ url: `http://${shownHost}:${port}/` }, 'web page served');
  return {
    url: `http://${shownHost}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

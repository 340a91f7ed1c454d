/**
 * A first look without a network or a config: the example feed (examples/local-feed) served on a
 * loopback port, one cycle against a temporary store, the digest and the figures printed, then
 * everything stopped and removed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../config/errors.js';
import { loadTopic } from '../../config/load.js';
import { validateConfig } from '../../config/schema.js';
import { logChannel } from '../../digest/channels/log.js';
import { Delivery } from '../../digest/deliver.js';
import { metricLabels } from '../../extract/topicLabels.js';
import { fetchUrl } from '../../http/fetch.js';
import { createLogger } from '../../log/logger.js';
import { runCycle } from '../../pipeline/ingest.js';
import { statusReport } from '../../queries/status.js';
import { inlineContent } from '../../sandbox/contentPool.js';
import { openSqliteStore } from '../../store/sqlite/sqliteStore.js';
import type { GlobalOptions } from '../globals.js';
import { statusText } from './status.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const EXAMPLE = path.join(REPO, 'examples', 'local-feed');
/** The address the example's feed.xml names, which `python3 -m http.server 8080` serves as written. */
const WRITTEN_BASE = 'http://127.0.0.1:8080';

/** Serves the example folder on a free loopback port, with its feed's links pointing at that port. */
async function serveExample(): Promise<{ base: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const file = path.resolve(EXAMPLE, `.${pathname}`);
    if (!file.startsWith(EXAMPLE + path.sep)) {
      res.writeHead(404).end();
      return;
    }
    try {
      let body = readFileSync(file, 'utf8');
      if (pathname === '/feed.xml') body = body.replaceAll(WRITTEN_BASE, base);
      res
        .writeHead(200, {
          'content-type': pathname.endsWith('.xml') ? 'application/rss+xml; charset=utf-8' : 'text/html; charset=utf-8',
        })
        .end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function demoCommand(globals: GlobalOptions): Promise<void> {
  try {
    readFileSync(path.join(EXAMPLE, 'feed.xml'));
  } catch {
    throw new UserError(
      `the example feed ${path.join(EXAMPLE, 'feed.xml')} is missing: run the demo from a figurewatch checkout (git clone, then npm ci)`,
    );
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-demo-'));
  const example = await serveExample();
  const logger = createLogger({ level: (globals.logLevel as 'warn' | undefined) ?? 'warn' });
  const store = openSqliteStore(path.join(dir, 'demo.db'));
  try {
    const checked = validateConfig({
      feeds: [{ name: 'Example News (local)', url: `${example.base}/feed.xml` }],
      // The example's pages are on loopback too.
      fetch: { allowPrivateNetworks: true },
    });
    if (!checked.ok) throw new Error(checked.problems.join('; '));
    const topic = loadTopic(path.join(REPO, 'config'), 'dprk-russia');
    let digest = '';
    const report = await runCycle({
      store,
      http: fetchUrl,
      logger,
      clock: () => new Date(),
      config: checked.value,
      topics: [topic],
      content: inlineContent([topic]),
      delivery: new Delivery([
        {
          ...logChannel(logger),
          send: async (d) => {
            digest = `Subject: ${d.rendered.subject}\n\n${d.rendered.text}`;
          },
        },
      ]),
    });
    process.stdout.write(
      `figurewatch demo: one cycle over ${report.itemsNew} articles of the example feed (${example.base}/feed.xml), ` +
        `${report.claims} claims, ${report.changes.length} changes.\n\nThe digest, as it would be mailed:\n\n${digest}\n`,
    );
    const status = await statusReport(store, metricLabels([topic]), checked.value.estimates.bandWindowDays, null);
    process.stdout.write(
      `What \`figurewatch status\` shows after it:\n\n${statusText(status).split('\n\nFeeds')[0]}\n\n` +
        'Next: point config/figurewatch.yaml at real feeds (it ships with some) and run `npx figurewatch once`, or `npx figurewatch run` for the daemon.\n',
    );
  } finally {
    await store.close();
    await example.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

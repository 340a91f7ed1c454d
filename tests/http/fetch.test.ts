import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { decodeText } from '../../src/http/decode.js';
import { type FetchRequest, fetchUrl, parseRetryAfter } from '../../src/http/fetch.js';
import { type FixtureServer, send, startFixtureServer } from '../support/fixtureServer.js';

const request: FetchRequest = { timeoutMs: 2000, maxBytes: 64 * 1024, maxRedirects: 3, allowPrivateNetworks: true };

describe('fetchUrl against a loopback server', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer({
      '/ok': send('hello', 'text/plain', { etag: '"v1"' }),
      '/gzip': (_req, res) => {
        res
          .writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' })
          .end(gzipSync('compressed hello'));
      },
      '/big': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(Buffer.alloc(200 * 1024, 0x61));
      },
      '/bomb': (_req, res) => {
        res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(20 * 1024 * 1024)));
      },
      '/hang': () => {
        /* never answers */
      },
      '/loop': (_req, res) => {
        res.writeHead(302, { location: '/loop' }).end();
      },
      '/hop': (_req, res) => {
        res.writeHead(301, { location: '/ok' }).end();
      },
      '/busy': (_req, res) => {
        res.writeHead(503, { 'retry-after': '120' }).end();
      },
      '/conditional': (req, res) => {
        if (req.headers['if-none-match'] === '"v1"') res.writeHead(304).end();
        else res.writeHead(200, { etag: '"v1"' }).end('fresh');
      },
    });
  });
  after(() => server.close());

  it('returns the body, final URL and headers', async () => {
    const res = await fetchUrl(server.url('/hop'), request);
    assert.equal(res.kind, 'ok');
    if (res.kind !== 'ok') return;
    assert.equal(res.body.toString(), 'hello');
    assert.equal(res.url, server.url('/ok'));
    assert.equal(res.headers.etag, '"v1"');
    assert.match(server.requests.at(-1)!.headers['user-agent'] ?? '', /^figurewatch\//);
  });

  it('decodes gzip', async () => {
    const res = await fetchUrl(server.url('/gzip'), request);
    assert.equal(res.kind === 'ok' && res.body.toString(), 'compressed hello');
  });

  it('sends validators and reports 304 as not modified', async () => {
    const res = await fetchUrl(server.url('/conditional'), { ...request, headers: { 'if-none-match': '"v1"' } });
    assert.equal(res.kind, 'not-modified');
  });

  it('cuts off a body over the limit, before and after decompression', async () => {
    const big = await fetchUrl(server.url('/big'), request);
    assert.equal(big.kind === 'failed' && big.failure.kind, 'too-large');
    const bomb = await fetchUrl(server.url('/bomb'), request);
    assert.equal(bomb.kind === 'failed' && bomb.failure.kind, 'too-large');
    if (bomb.kind === 'failed') assert.match(bomb.failure.message, /fetch\.maxBytes/);
  });

  it('times out a server that never answers', async () => {
    const started = Date.now();
    const res = await fetchUrl(server.url('/hang'), { ...request, timeoutMs: 300 });
    assert.equal(res.kind === 'failed' && res.failure.kind, 'timeout');
    assert.ok(Date.now() - started < 2000);
  });

  it('stops a redirect loop', async () => {
    const res = await fetchUrl(server.url('/loop'), request);
    assert.equal(res.kind === 'failed' && res.failure.kind, 'redirects');
  });

  it('reports HTTP errors with their status and Retry-After', async () => {
    const res = await fetchUrl(server.url('/busy'), request);
    assert.equal(res.kind, 'failed');
    if (res.kind !== 'failed') return;
    assert.deepEqual([res.failure.kind, res.failure.status, res.failure.retryAfterMs], ['http-status', 503, 120_000]);
    const missing = await fetchUrl(server.url('/nothing-here'), request);
    assert.equal(missing.kind === 'failed' && missing.failure.status, 404);
  });

  it('reports a refused connection as a connect failure', async () => {
    const closed = await startFixtureServer();
    const url = closed.url('/feed');
    await closed.close();
    const res = await fetchUrl(url, request);
    assert.equal(res.kind === 'failed' && res.failure.kind, 'connect');
  });

  it('refuses private and loopback targets when guarded, without connecting', async () => {
    const before = server.requests.length;
    const guarded = { ...request, allowPrivateNetworks: false };
    const literal = await fetchUrl('http://10.0.0.1/article', guarded);
    assert.equal(literal.kind === 'failed' && literal.failure.kind, 'refused-address');
    const loopback = await fetchUrl(server.url('/ok'), guarded);
    assert.equal(loopback.kind === 'failed' && loopback.failure.kind, 'refused-address');
    const named = await fetchUrl(server.url('/ok').replace('127.0.0.1', 'localhost'), guarded);
    assert.equal(
      named.kind === 'failed' && named.failure.kind,
      'refused-address',
      'a name resolving to loopback is refused too',
    );
    assert.equal(server.requests.length, before, 'no request reached the server');
    const redirectedToPrivate = await fetchUrl('file:///etc/passwd', guarded);
    assert.equal(redirectedToPrivate.kind === 'failed' && redirectedToPrivate.failure.kind, 'bad-url');
  });
});

describe('parseRetryAfter and decodeText', () => {
  it('reads seconds and HTTP dates', () => {
    assert.equal(parseRetryAfter('30', 0), 30_000);
    assert.equal(parseRetryAfter(new Date(60_000).toUTCString(), 0), 60_000);
    assert.equal(parseRetryAfter('soon', 0), undefined);
  });

  it('honours the header charset, the XML declaration and falls back from bad UTF-8', () => {
    const cp1251 = Buffer.from([0xcf, 0xf5, 0xe5, 0xed, 0xfc, 0xff, 0xed]); // "Пхеньян"
    assert.equal(decodeText(cp1251, 'text/xml; charset=windows-1251').text, 'Пхеньян');
    const declared = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="windows-1251"?><t>'), cp1251]);
    assert.match(decodeText(declared).text, /Пхеньян/);
    assert.equal(decodeText(Buffer.from([0x63, 0x61, 0x66, 0xe9])).text, 'café', 'latin-1 bytes are not UTF-8');
  });
});

describe("fetchUrl under a long-lived signal (the daemon's shutdown signal)", () => {
  let server: http.Server;
  let base = '';
  before(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/hang') return;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(4096));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('abandons a request in flight when the signal aborts', async () => {
    const shutdown = new AbortController();
    setTimeout(() => shutdown.abort(), 50);
    const started = Date.now();
    const res = await fetchUrl(`${base}/hang`, { ...request, timeoutMs: 5000, signal: shutdown.signal });
    assert.equal(res.kind === 'failed' && res.failure.kind, 'timeout');
    assert.ok(Date.now() - started < 2000);
  });

  it("leaves nothing attached to the signal, so a daemon's memory does not grow with every fetch", async () => {
    // Found by the soak: on Node 20, AbortSignal.any kept each request reachable from the shutdown signal.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const shutdown = new AbortController();
    const retained = async (fetches: number): Promise<number> => {
      for (let i = 0; i < fetches; i++) {
        const res = await fetchUrl(`${base}/page/${i}`, { ...request, signal: shutdown.signal });
        assert.equal(res.kind, 'ok');
      }
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      const { heapUsed, arrayBuffers } = process.memoryUsage();
      return heapUsed + arrayBuffers;
    };
    const warm = await retained(1000); // the first thousand also warm up the JIT and the agent
    const after = await retained(1000);
    assert.equal(getEventListeners(shutdown.signal, 'abort').length, 0, 'no listener left on the signal');
    const perFetch = (after - warm) / 1000;
    // Retained, it was 16 KB a fetch (the response, its socket state and buffers); warm-up noise is a few hundred bytes.
    assert.ok(perFetch < 4096, `each fetch left ${Math.round(perFetch)} bytes reachable after GC (bar: under 4 KB)`);
  });
});

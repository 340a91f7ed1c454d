import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { withoutCredentials } from '../model/untrusted.js';
import { type AddressDecision, checkAddress } from './addressGuard.js';

export type FailureKind =
  | 'bad-url'
  | 'refused-address'
  | 'dns'
  | 'connect'
  | 'tls'
  | 'timeout'
  | 'http-status'
  | 'too-large'
  | 'redirects'
  | 'protocol'
  | 'not-a-feed'
  | 'unreadable';

export interface FetchFailure {
  kind: FailureKind;
  message: string;
  status?: number;
  /** From Retry-After on 429/503, when present. */
  retryAfterMs?: number;
}

export type FetchResult =
  | { kind: 'ok'; url: string; status: number; headers: Record<string, string>; body: Buffer }
  | { kind: 'not-modified'; url: string; headers: Record<string, string> }
  | { kind: 'failed'; url: string; failure: FetchFailure };

export interface FetchRequest {
  timeoutMs: number;
  /** Opening the TCP (and TLS) connection; defaults to the whole timeout. */
  connectTimeoutMs?: number;
  maxBytes: number;
  maxRedirects: number;
  /** Unless set, loopback, private and link-local addresses are refused, at every hop and inside DNS resolution. */
  allowPrivateNetworks: boolean;
  /** Decides on each address when private networks are not allowed (default checkAddress); tests name their own "public" loopback address. */
  addressCheck?: (address: string) => AddressDecision;
  headers?: Record<string, string>;
  /** Aborts the request (a daemon shutting down). */
  signal?: AbortSignal;
  /** GET unless given; a POST sends `body` and follows no redirect. */
  method?: 'GET' | 'POST';
  body?: Buffer;
}

export type HttpFetch = (url: string, request: FetchRequest) => Promise<FetchResult>;

export const USER_AGENT = 'figurewatch/0.1 (+https://github.com/figurewatch; news figure monitor)';

class FetchError extends Error {
  constructor(readonly failure: FetchFailure) {
    super(failure.message);
  }
}

function fail(kind: FailureKind, message: string, extra: Partial<FetchFailure> = {}): FetchError {
  return new FetchError({ kind, message, ...extra });
}

/** Seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function classifySocketError(err: NodeJS.ErrnoException, host: string): FetchFailure {
  const code = err.code ?? '';
  if (err instanceof FetchError) return err.failure;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NODATA') {
    return { kind: 'dns', message: `cannot resolve host ${host} (${code})` };
  }
  if (/CERT|TLS|SSL|SELF_SIGNED|DEPTH_ZERO|ERR_SSL/.test(code) || /certificate|tls|ssl/i.test(err.message)) {
    return { kind: 'tls', message: `TLS failure with ${host}: ${err.message}` };
  }
  if (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH' ||
    code === 'EPIPE' ||
    code === 'ECONNABORTED' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE'
  ) {
    return { kind: 'connect', message: `connection to ${host} failed (${code})` };
  }
  if (
    code.startsWith('Z_') ||
    code.startsWith('ERR_ZLIB') ||
    code === 'HPE_INVALID_CONSTANT' ||
    code.startsWith('HPE_')
  ) {
    return { kind: 'protocol', message: `malformed response from ${host}: ${err.message}` };
  }
  return { kind: 'connect', message: `request to ${host} failed: ${err.message}` };
}

const publicOnly = (address: string): AddressDecision => checkAddress(address, false);

/** A DNS lookup that refuses non-public answers, so the socket only ever connects to a checked address. */
function guardedLookup(check: (address: string) => AddressDecision): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as dns.LookupAddress[];
      for (const a of list) {
        const decision = check(a.address);
        if (!decision.allowed) {
          return callback(
            fail('refused-address', `refused ${hostname}: ${decision.reason}`) as unknown as NodeJS.ErrnoException,
            '',
            4,
          );
        }
      }
      if ((options as dns.LookupOptions).all)
        return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
      callback(null, first.address, first.family);
    });
  };
}

const publicOnlyLookup = guardedLookup(publicOnly);

/**
 * Connections for guarded requests only. Node pools keep-alive sockets by host and port; were a
 * guarded request to share the default pool, it could reuse a socket an unguarded request opened
 * (to a feed on localhost, say) and skip the address check. Every socket in these pools was
 * opened through the guarded lookup.
 */
const guardedAgents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

function headerRecord(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function decompressed(res: http.IncomingMessage): Readable {
  const encoding = (res.headers['content-encoding'] ?? '').toLowerCase().trim();
  if (encoding === 'gzip' || encoding === 'x-gzip') return res.pipe(zlib.createGunzip());
  if (encoding === 'deflate') return res.pipe(zlib.createInflate());
  if (encoding === 'br') return res.pipe(zlib.createBrotliDecompress());
  return res;
}

/** Collects at most maxBytes of decoded body; a larger one is cut off and reported, never buffered whole. */
function readBody(res: http.IncomingMessage, maxBytes: number, host: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    // Destroying a stream emits its own events synchronously: settle first so the real reason wins.
    const failWith = (err: FetchError, streams: Readable[] = []): void => {
      if (settled) return;
      settled = true;
      reject(err);
      for (const s of streams) s.destroy();
    };
    const declared = Number(res.headers['content-length'] ?? NaN);
    if (!res.headers['content-encoding'] && declared > maxBytes) {
      return failWith(
        fail(
          'too-large',
          `response from ${host} is ${declared} bytes, over the ${maxBytes}-byte limit (fetch.maxBytes)`,
        ),
        [res],
      );
    }
    const stream = decompressed(res);
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        failWith(
          fail('too-large', `response from ${host} exceeds the ${maxBytes}-byte limit after decoding (fetch.maxBytes)`),
          [stream, res],
        );
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    });
    stream.on('error', (err: NodeJS.ErrnoException) =>
      failWith(err instanceof FetchError ? err : new FetchError(classifySocketError(err, host))),
    );
    res.on('error', (err: NodeJS.ErrnoException) =>
      failWith(err instanceof FetchError ? err : new FetchError(classifySocketError(err, host))),
    );
    res.on('aborted', () => failWith(fail('connect', `connection to ${host} closed mid-response`)));
  });
}

/** A URL as it may be logged, stored or mailed: without credentials. */
function shown(url: URL | string): string {
  return withoutCredentials(typeof url === 'string' ? url : url.href);
}

interface Hop {
  status: number;
  headers: Record<string, string>;
  location?: string;
  body?: Buffer;
}

function requestOnce(url: URL, request: FetchRequest, deadline: number, signal: AbortSignal): Promise<Hop> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const host = url.hostname;
    const guarded = !request.allowPrivateNetworks;
    const req = client.request(url, {
      agent: guarded ? guardedAgents[url.protocol === 'https:' ? 'https' : 'http'] : undefined,
      method: request.method ?? 'GET',
      headers: {
        'user-agent': USER_AGENT,
        'accept-encoding': 'gzip, deflate, br',
        accept: '*/*',
        ...(request.body ? { 'content-length': String(request.body.length) } : {}),
        ...request.headers,
      },
      lookup: guarded ? (request.addressCheck ? guardedLookup(request.addressCheck) : publicOnlyLookup) : undefined,
      signal,
      timeout: Math.max(1, deadline - Date.now()),
    });
    req.on('timeout', () =>
      req.destroy(fail('timeout', `${host} did not answer within ${request.timeoutMs} ms (fetch.timeoutMs)`)),
    );
    req.on('socket', (socket) => {
      if (!socket.connecting || request.connectTimeoutMs === undefined) return;
      const timer = setTimeout(
        () =>
          req.destroy(
            fail(
              'timeout',
              `could not connect to ${host} within ${request.connectTimeoutMs} ms (fetch.connectTimeoutMs)`,
            ),
          ),
        request.connectTimeoutMs,
      );
      socket.once('connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    let responded = false;
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (responded) return; // once the response has begun, readBody reports what went wrong with it
      if (signal.aborted)
        return reject(fail('timeout', `${shown(url)} took longer than ${request.timeoutMs} ms (fetch.timeoutMs)`));
      reject(err instanceof FetchError ? err : new FetchError(classifySocketError(err, host)));
    });
    req.on('response', (res) => {
      responded = true;
      const status = res.statusCode ?? 0;
      const headers = headerRecord(res.headers);
      if (status >= 300 && status < 400 && status !== 304) {
        res.resume();
        return resolve({ status, headers, location: headers.location });
      }
      if (status < 200 || status >= 300) {
        res.resume();
        return resolve({ status, headers });
      }
      signal.addEventListener(
        'abort',
        () => res.destroy(fail('timeout', `${shown(url)} took longer than ${request.timeoutMs} ms (fetch.timeoutMs)`)),
        { once: true },
      );
      readBody(res, request.maxBytes, host).then((body) => resolve({ status, headers, body }), reject);
    });
    req.end(request.body);
  });
}

/** GET (or POST) with a total deadline, a body cap (after decompression), bounded redirects and the address guard. */
export const fetchUrl: HttpFetch = async (rawUrl, request) => {
  const deadline = Date.now() + request.timeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    clearTimeout(timer);
    return {
      kind: 'failed',
      url: shown(rawUrl),
      failure: { kind: 'bad-url', message: `"${shown(rawUrl)}" is not a valid URL` },
    };
  }
  // Not AbortSignal.any: on Node 20 every signal it derives from a long-lived one (the daemon's
  // shutdown signal) stays reachable from it, and with it the request, for the daemon's life.
  const abandon = (): void => controller.abort();
  request.signal?.addEventListener('abort', abandon, { once: true });
  const signal = controller.signal;
  try {
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw fail('bad-url', `${shown(url)}: only http and https links are followed`);
      }
      const literal = url.hostname.replace(/^\[|\]$/g, '');
      if (!request.allowPrivateNetworks && isIP(literal) !== 0) {
        const decision = (request.addressCheck ?? publicOnly)(literal);
        if (!decision.allowed) throw fail('refused-address', `refused ${shown(url)}: ${decision.reason}`);
      }
      if (request.signal?.aborted) throw fail('timeout', `${shown(url)}: abandoned, figurewatch is shutting down`);
      const res = await requestOnce(url, request, deadline, signal);
      if (res.location !== undefined) {
        if (request.method === 'POST')
          throw fail('http-status', `${shown(url)} answered HTTP ${res.status} (a redirect, not followed for a POST)`, {
            status: res.status,
          });
        if (hop >= request.maxRedirects)
          throw fail(
            'redirects',
            `${shown(rawUrl)} redirected more than ${request.maxRedirects} times (fetch.maxRedirects)`,
          );
        const next = new URL(res.location, url);
        // Credentials are for the host they were given for, never for one a redirect names.
        if (next.host !== url.host) {
          next.username = '';
          next.password = '';
        }
        url = next;
        continue;
      }
      if (res.status === 304) return { kind: 'not-modified', url: shown(url), headers: res.headers };
      if (res.body === undefined) {
        const retryAfterMs =
          res.status === 429 || res.status === 503
            ? parseRetryAfter(res.headers['retry-after'], Date.now())
            : undefined;
        throw fail('http-status', `${shown(url)} answered HTTP ${res.status}`, {
          status: res.status,
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        });
      }
      return { kind: 'ok', url: shown(url), status: res.status, headers: res.headers, body: res.body };
    }
  } catch (err) {
    const failure =
      err instanceof FetchError ? err.failure : classifySocketError(err as NodeJS.ErrnoException, url.hostname);
    return { kind: 'failed', url: shown(url), failure };
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', abandon);
  }
};

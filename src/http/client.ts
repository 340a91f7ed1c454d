import type { Config } from '../config/schema.js';
import { type FetchRequest, type FetchResult, fetchUrl, type HttpFetch } from './fetch.js';
import { hostOf, RequestLimiter } from './hostLimiter.js';

/** What one caller may change about a request: its headers, and a private address its config allows. */
export interface RequestOptions {
  headers?: Record<string, string>;
  /** A feed or webhook the operator runs on a private address says so in its config. */
  allowPrivateNetwork?: boolean;
}

/**
 * The one way figurewatch makes HTTP requests, built from the config once: every feed, page, URL
 * list and webhook gets the same timeouts, size cap, redirect limit, address guard and per-host
 * limits.
 */
export interface HttpClient {
  get(url: string, options?: RequestOptions): Promise<FetchResult>;
  post(url: string, body: Buffer, options?: RequestOptions): Promise<FetchResult>;
  /** Runs a task (a fetch and the reading after it) within the global and per-host limits. */
  limited<T>(url: string, task: () => Promise<T>): Promise<T>;
}

export function requestOf(config: Pick<Config, 'fetch'>, signal?: AbortSignal): Omit<FetchRequest, 'headers'> {
  return {
    timeoutMs: config.fetch.timeoutMs,
    connectTimeoutMs: config.fetch.connectTimeoutMs,
    maxBytes: config.fetch.maxBytes,
    maxRedirects: config.fetch.maxRedirects,
    allowPrivateNetworks: config.fetch.allowPrivateNetworks,
    ...(signal ? { signal } : {}),
  };
}

/** `transport`: the network (a test may hand in its own); `signal`: a shutdown that abandons requests in flight. */
export function httpClientOf(
  config: Pick<Config, 'fetch'>,
  transport: HttpFetch = fetchUrl,
  signal?: AbortSignal,
): HttpClient {
  const base = requestOf(config, signal);
  const limiter = new RequestLimiter({ global: config.fetch.concurrency, perHost: config.fetch.perHostConcurrency });
  const request = (options: RequestOptions = {}): FetchRequest => ({
    ...base,
    ...(options.headers ? { headers: options.headers } : {}),
    allowPrivateNetworks: base.allowPrivateNetworks || (options.allowPrivateNetwork ?? false),
  });
  return {
    get: (url, options) => transport(url, request(options)),
    post: (url, body, options) => transport(url, { ...request(options), method: 'POST', body, maxRedirects: 0 }),
    limited: (url, task) => limiter.run(hostOf(url), task),
  };
}

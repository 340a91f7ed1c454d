import type { FeedConfig } from '../config/schema.js';
import type { HttpClient } from '../http/client.js';
import { decodeText } from '../http/decode.js';
import type { FetchFailure } from '../http/fetch.js';
import { type FeedItem, NotAFeedError, parseFeed } from './parseFeed.js';

export interface FeedValidators {
  etag: string | null;
  lastModified: string | null;
}

export type FeedPoll =
  | { kind: 'ok'; feed: FeedConfig; items: FeedItem[]; validators: FeedValidators }
  | { kind: 'not-modified'; feed: FeedConfig }
  | { kind: 'failed'; feed: FeedConfig; failure: FetchFailure };

/** Fetches one feed (conditionally, when validators are known) and parses it; never throws. */
export async function pollFeed(feed: FeedConfig, known: FeedValidators | null, http: HttpClient): Promise<FeedPoll> {
  const headers: Record<string, string> = {
    accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5',
  };
  if (known?.etag) headers['if-none-match'] = known.etag;
  if (known?.lastModified) headers['if-modified-since'] = known.lastModified;
  // A feed and its redirects are guarded like any link: a public feed could redirect to a private
  // address. A feed the operator runs on a private address says so in its config.
  const res = await http.get(feed.requestUrl ?? feed.url, {
    headers,
    allowPrivateNetwork: feed.allowPrivateNetwork ?? false,
  });
  if (res.kind === 'failed') return { kind: 'failed', feed, failure: res.failure };
  if (res.kind === 'not-modified') return { kind: 'not-modified', feed };
  try {
    const { text } = decodeText(res.body, res.headers['content-type']);
    const { items } = await parseFeed(text, feed.name);
    return {
      kind: 'ok',
      feed,
      items,
      validators: { etag: res.headers.etag ?? null, lastModified: res.headers['last-modified'] ?? null },
    };
  } catch (err) {
    const message = err instanceof NotAFeedError ? err.message : `cannot parse feed: ${(err as Error).message}`;
    return { kind: 'failed', feed, failure: { kind: 'not-a-feed', message: `${feed.url}: ${message}` } };
  }
}

/** Articles as the pipeline reads and keeps them. */
import type { FetchFailure } from '../http/fetch.js';
import type { FeedItem } from './feed.js';

/** Where an article's text came from: its page, its feed item, or a saved file (backfill). */
export type TextSource = 'page' | 'feed' | 'file';

export interface Article {
  item: FeedItem;
  /** Where the page ended up after redirects; the feed link when the page was not fetched. */
  url: string;
  /** The page's own <link rel="canonical">, when it has one. */
  pageCanonicalUrl: string | null;
  title: string;
  publishedAt: string | null;
  /** The publication time the source gave, when it could not be true and was replaced. */
  publishedAdjustedFrom: string | null;
  text: string;
  textSource: TextSource;
  /** Why the page was not used, when textSource is 'feed'. */
  pageFailure: FetchFailure | null;
}

/** What is known of an article's page: whether to read it again, and the validators to read it with. */
export interface PageState {
  /** ok: read (and re-read for edits while young); pending: failed for a passing reason, tried again; failed: given up. */
  status: 'ok' | 'pending' | 'failed';
  etag: string | null;
  lastModified: string | null;
  attempts: number;
  /** Next read (a retry, or a re-read for edits); null when it is never read again. */
  nextTryAt: string | null;
}

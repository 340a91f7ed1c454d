import type { FeedItem } from '../feeds/parseFeed.js';
import { decodeText, looksBinary } from '../http/decode.js';
import type { FetchFailure, FetchRequest, HttpFetch } from '../http/fetch.js';
import { mainText, plainText } from './mainText.js';

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
  text: string;
  textSource: TextSource;
  /** Why the page was not used, when textSource is 'feed'. */
  pageFailure: FetchFailure | null;
}

/**
 * The page's main text, or the feed's own content when the page fails or is shorter than the
 * feed's text (a paywall stub). Returns null when neither gives any text.
 */
export async function fetchArticle(item: FeedItem, http: HttpFetch, request: Omit<FetchRequest, 'headers'>): Promise<Article | null> {
  const feedText = plainText(item.content ?? item.summary ?? '');
  let pageFailure: FetchFailure | null = null;
  if (item.link) {
    const res = await http(item.link, { ...request, headers: { accept: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5' } });
    if (res.kind === 'ok') {
      if (looksBinary(res.body)) {
        pageFailure = { kind: 'protocol', message: `${res.url} is not a text page` };
      } else {
        const page = mainText(decodeText(res.body, res.headers['content-type']).text);
        if (page.text.length >= feedText.length && page.text.length > 0) {
          return {
            item,
            url: res.url,
            pageCanonicalUrl: page.canonicalUrl ? new URL(page.canonicalUrl, res.url).href : null,
            title: item.title !== '(untitled)' ? item.title : page.title ?? item.title,
            publishedAt: item.publishedAt ?? page.publishedAt,
            text: page.text,
            textSource: 'page',
            pageFailure: null,
          };
        }
        pageFailure = { kind: 'protocol', message: `${res.url} holds less text than the feed (paywall or stub)` };
      }
    } else if (res.kind === 'failed') {
      pageFailure = res.failure;
    }
  } else {
    pageFailure = { kind: 'bad-url', message: 'the feed item has no link' };
  }
  if (!feedText) return null;
  return {
    item,
    url: item.link ?? '',
    pageCanonicalUrl: null,
    title: item.title,
    publishedAt: item.publishedAt,
    text: `${item.title}\n\n${feedText}`,
    textSource: 'feed',
    pageFailure,
  };
}

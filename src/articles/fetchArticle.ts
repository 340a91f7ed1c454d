import type { HttpClient } from '../http/client.js';
import { decodeText, looksBinary } from '../http/decode.js';
import type { FetchFailure } from '../http/fetch.js';
import type { Article, PageState } from '../model/article.js';
import type { FeedItem } from '../model/feed.js';

export type { Article };

import { publicationTime } from '../model/time.js';
import { cleanTitle, withoutControls } from '../model/untrusted.js';
import { type ContentProcessor, ContentRejected } from '../sandbox/contentPool.js';
import { looksLikeHtml, type PageText } from './mainText.js';
import { type PageOutcome, type PagePolicy, pageAfter } from './pageSchedule.js';

export interface ArticleReading {
  http: HttpClient;
  content: ContentProcessor;
  pages: PagePolicy;
}

export const PAGE_ACCEPT = { accept: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5' };

/** Feed content may be HTML or text; either way, plain text out (HTML is read in the content pool). */
export async function feedText(item: FeedItem, content: ContentProcessor): Promise<string> {
  const raw = item.content ?? item.summary ?? '';
  if (!raw) return '';
  const text =
    looksLikeHtml(raw) || /<[a-z][^>]*>/i.test(raw) ? (await content.mainText(`<body>${raw}</body>`)).text : raw.trim();
  return withoutControls(text);
}

/** A page's main text, or why it cannot be used. */
export async function pageText(
  body: Buffer,
  contentType: string | undefined,
  url: string,
  content: ContentProcessor,
): Promise<{ ok: true; page: PageText } | { ok: false; failure: FetchFailure }> {
  if (looksBinary(body)) return { ok: false, failure: { kind: 'protocol', message: `${url} is not a text page` } };
  try {
    const page = await content.mainText(decodeText(body, contentType).text);
    return {
      ok: true,
      page: { ...page, text: withoutControls(page.text), title: page.title === null ? null : cleanTitle(page.title) },
    };
  } catch (err) {
    if (err instanceof ContentRejected)
      return { ok: false, failure: { kind: 'unreadable', message: `${url}: ${err.message}` } };
    throw err;
  }
}

/**
 * A feed item read: the page's main text, or the feed's own content when the page fails or is
 * shorter than the feed's text (a paywall stub), or at least the title. With the page's state:
 * a page that failed for a passing reason is tried again later (see pageAfter).
 */
export async function readArticle(
  item: FeedItem,
  reading: ArticleReading,
  now: Date,
): Promise<{ article: Article; page: PageState | null }> {
  const fromFeed = await feedText(item, reading.content);
  const stated = publicationTime(item.publishedAt, now);
  let pageFailure: FetchFailure | null = null;
  let outcome: PageOutcome | null = null;
  if (item.link) {
    const res = await reading.http.get(item.link, { headers: PAGE_ACCEPT });
    if (res.kind === 'ok') {
      const read = await pageText(res.body, res.headers['content-type'], res.url, reading.content);
      if (read.ok && read.page.text.length >= fromFeed.length && read.page.text.length > 0) {
        const published =
          stated.publishedAt !== null || stated.adjustedFrom !== null
            ? stated
            : publicationTime(read.page.publishedAt, now);
        const validators = {
          kind: 'read' as const,
          etag: res.headers.etag ?? null,
          lastModified: res.headers['last-modified'] ?? null,
        };
        return {
          article: {
            item,
            url: res.url,
            pageCanonicalUrl: read.page.canonicalUrl ? safeUrl(read.page.canonicalUrl, res.url) : null,
            title: item.title !== '(untitled)' ? item.title : (read.page.title ?? item.title),
            publishedAt: published.publishedAt,
            publishedAdjustedFrom: published.adjustedFrom,
            text: read.page.text,
            textSource: 'page',
            pageFailure: null,
          },
          page: pageAfter(null, validators, now, now, reading.pages),
        };
      }
      pageFailure = read.ok
        ? { kind: 'protocol', message: `${res.url} holds less text than the feed (paywall or stub)` }
        : read.failure;
    } else if (res.kind === 'failed') {
      pageFailure = res.failure;
    } else {
      pageFailure = { kind: 'protocol', message: `${item.link} answered 304 to an unconditional request` };
    }
    outcome = { kind: 'failed', failure: pageFailure };
  } else {
    pageFailure = { kind: 'bad-url', message: 'the feed item has no link' };
  }
  return {
    article: {
      item,
      url: item.link ?? '',
      pageCanonicalUrl: null,
      title: item.title,
      publishedAt: stated.publishedAt,
      publishedAdjustedFrom: stated.adjustedFrom,
      // With no text at all, the title is kept (a headline may state a figure) until the page arrives.
      text: fromFeed ? `${item.title}\n\n${fromFeed}` : item.title,
      textSource: 'feed',
      pageFailure,
    },
    page: outcome ? pageAfter(null, outcome, now, now, reading.pages) : null,
  };
}

function safeUrl(href: string, base: string): string | null {
  try {
    return new URL(href, base).href;
  } catch {
    return null;
  }
}

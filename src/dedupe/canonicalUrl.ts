import { createHash } from 'node:crypto';
import { type ComparableText, comparableText } from './words.js';

/** Query parameters that only track the reader; they never change which article a URL names. */
const TRACKING =
  /^(?:utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|igshid|_ga|_gl|ref|ref_src|ref_url|cmpid|ito|spm|share|smid|at_medium|at_campaign|ocid|rss|feed|from|src)$/i;

/**
 * One spelling per article: lower-case host without "www." or "m."/"amp.", no fragment, no
 * tracking parameters, sorted query, no trailing slash, AMP paths folded onto the article.
 */
export function canonicalUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return raw.trim();
  }
  url.hash = '';
  url.protocol = url.protocol === 'http:' ? 'https:' : url.protocol;
  url.hostname = url.hostname.toLowerCase().replace(/^(?:www\d?|m|mobile|amp)\./, '');
  if (url.port === '443' || url.port === '80') url.port = '';
  const kept = [...url.searchParams].filter(
    ([k]) => !TRACKING.test(k) && k.toLowerCase() !== 'amp' && k.toLowerCase() !== 'outputtype',
  );
  kept.sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  url.search = new URLSearchParams(kept).toString();
  let path = url.pathname
    .replace(/\/amp(?:\.html?)?\/?$/i, '/')
    .replace(/\.amp(\.html?)?$/i, '$1')
    .replace(/^\/amp\//i, '/');
  if (path.length > 1) path = path.replace(/\/+$/, '');
  url.pathname = path;
  return url.href.replace(/\/(\?|$)/, '$1');
}

export function textHash(text: string): string {
  return textHashOfComparable(comparableText(text));
}

/** The exact-copy key: the same words in the same order, whatever the case, punctuation and spacing. */
export function textHashOfComparable(words: ComparableText): string {
  return createHash('sha256').update(words.joined).digest('hex');
}

/** The dedupe key of a feed item before anything is fetched: its GUID, else its canonical link. */
export function itemKeys(item: { guid: string | null; link: string | null }): {
  guid: string | null;
  url: string | null;
} {
  return { guid: item.guid, url: item.link ? canonicalUrl(item.link) : null };
}

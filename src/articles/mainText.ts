import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

export interface PageText {
  title: string | null;
  /** Headline then paragraphs, in page order, one per line. */
  text: string;
  publishedAt: string | null;
  canonicalUrl: string | null;
  /** The site's own name (og:site_name), for pages that come without a feed. */
  siteName: string | null;
}

/** Chrome around an article: never part of its text. */
const CHROME = [
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'svg',
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'button',
  'select',
  'figure figcaption + figcaption',
  '[role="navigation"]',
  '[role="banner"]',
  '[role="contentinfo"]',
  '[role="complementary"]',
  '[aria-hidden="true"]',
  '[class*="comment" i]',
  '[id*="comment" i]',
  '[class*="share" i]',
  '[class*="social" i]',
  '[class*="related" i]',
  '[class*="newsletter" i]',
  '[class*="advert" i]',
  '[class*="promo" i]',
  '[class*="cookie" i]',
  '[class*="breadcrumb" i]',
  '[class*="menu" i]',
  '[id*="menu" i]',
  '[class*="sidebar" i]',
].join(', ');

function clean(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function isoDate(value: string | undefined): string | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

export type PageMetadata = Pick<PageText, 'publishedAt' | 'canonicalUrl' | 'siteName'>;

/** Longest site name kept: a name, not a sentence. */
const MAX_SITE_NAME = 60;

function metadataOf($: cheerio.CheerioAPI): PageMetadata {
  const publishedAt = isoDate(
    $('meta[property="article:published_time"]').attr('content') ??
      $('meta[name="pubdate"], meta[name="date"], meta[itemprop="datePublished"], meta[name="publish-date"]').attr(
        'content',
      ) ??
      $('time[datetime]').first().attr('datetime'),
  );
  const siteName = clean(
    $('meta[property="og:site_name"]').attr('content') ?? $('meta[name="application-name"]').attr('content') ?? '',
  );
  return {
    publishedAt,
    canonicalUrl: $('link[rel="canonical"]').attr('href')?.trim() || null,
    siteName: siteName && siteName.length <= MAX_SITE_NAME ? siteName : null,
  };
}

/**
 * A page's publication time and canonical URL, read from its `<head>` alone when that has them
 * (several times cheaper than the whole page), else from the whole page.
 */
export function pageMetadata(html: string): PageMetadata {
  const headEnd = html.search(/<\/head\s*>/i);
  if (headEnd >= 0) {
    const head = metadataOf(cheerio.load(html.slice(0, headEnd)));
    if (head.publishedAt) return head;
  }
  return metadataOf(cheerio.load(html));
}

const BLOCK_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'p', 'li', 'blockquote', 'figcaption', 'pre', 'td']);

/** The outermost block elements under `root`, in document order (a block's nested blocks are read with it). */
function outermostBlocks(root: AnyNode): Element[] {
  const out: Element[] = [];
  // An explicit stack: a page nested thousands deep must not exhaust the call stack.
  const stack: AnyNode[] = [...childrenOf(root)].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
    const el = node as Element;
    if (BLOCK_TAGS.has(el.name)) {
      out.push(el);
      continue;
    }
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
  }
  return out;
}

function childrenOf(node: AnyNode): AnyNode[] {
  return 'children' in node ? (node.children as AnyNode[]) : [];
}

/** The article's main text: `<article>` when present, else the block holding the most paragraph text. */
export function mainText(html: string): PageText {
  const $ = cheerio.load(html);
  const title =
    clean($('meta[property="og:title"]').attr('content') ?? $('h1').first().text() ?? $('title').text()) ||
    clean($('title').text()) ||
    null;
  const { publishedAt, canonicalUrl, siteName } = metadataOf($);
  $(CHROME).remove();

  const article = $('article').first();
  let rootElement: AnyNode | undefined = article.get(0);
  if (!rootElement || clean(article.text()).length < 200) {
    // Densest block: the element whose direct <p> children hold the most text (one pass over the paragraphs).
    const scores = new Map<AnyNode, number>();
    let bestScore = -1;
    $('p').each((_, p) => {
      const parent = p.parent;
      if (!parent) return;
      const score = (scores.get(parent) ?? 0) + clean($(p).text()).length;
      scores.set(parent, score);
      if (score > bestScore) {
        bestScore = score;
        rootElement = parent;
      }
    });
  }
  const root = rootElement ?? $('body').get(0) ?? $.root().get(0)!;
  const lines: string[] = [];
  const headline = clean($('h1').first().text());
  if (headline) lines.push(headline);
  for (const el of outermostBlocks(root)) {
    const line = clean($(el).text());
    if (line && line !== headline) lines.push(line);
  }
  if (lines.length <= (headline ? 1 : 0)) {
    const body = clean($(root).text());
    if (body) lines.push(body);
  }
  return { title, text: lines.join('\n\n'), publishedAt, canonicalUrl, siteName };
}

export function looksLikeHtml(text: string): boolean {
  return (
    /^\s*(?:<!doctype html|<html|<head|<body|<article|<div|<p[\s>])/i.test(text) ||
    /<\/(?:p|div|article|body)>/i.test(text.slice(0, 20_000))
  );
}

/** Feed content may be HTML or text; either way, plain text out. */
export function plainText(content: string): string {
  return looksLikeHtml(content) || /<[a-z][^>]*>/i.test(content)
    ? mainText(`<body>${content}</body>`).text
    : content.trim();
}

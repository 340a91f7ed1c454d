// htmlparser2 (cheerio's slim entry): three times parse5's speed on article pages, and it reads
// malformed pages to the same main text (tests/articles/mainText.test.ts).
import * as cheerio from 'cheerio/slim';
import type { AnyNode, Element, Text } from 'domhandler';
import { detached } from '../model/detached.js';

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
const CHROME_TAGS = new Set([
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
  // Head content that htmlparser2 leaves where it stands when a page has no <body>.
  'title',
]);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary']);
const CHROME_CLASS = /comment|share|social|related|newsletter|advert|promo|cookie|breadcrumb|menu|sidebar/i;
const CHROME_ID = /comment|menu/i;

function isChrome(el: Element): boolean {
  if (CHROME_TAGS.has(el.name)) return true;
  const { role, class: className, id } = el.attribs;
  if (role !== undefined && CHROME_ROLES.has(role)) return true;
  if (el.attribs['aria-hidden'] === 'true') return true;
  if (className !== undefined && CHROME_CLASS.test(className)) return true;
  if (id !== undefined && CHROME_ID.test(id)) return true;
  // A second caption of a figure is a credit line, not text.
  return (
    el.name === 'figcaption' &&
    isElement(el.prev) &&
    el.prev.name === 'figcaption' &&
    isElement(el.parent) &&
    el.parent.name === 'figure'
  );
}

function isElement(node: AnyNode | null): node is Element {
  return node !== null && (node.type === 'tag' || node.type === 'script' || node.type === 'style');
}

/** Every chrome element under `root`, outermost only, in one walk (a stack: pages nest thousands deep). */
function chromeElements(root: AnyNode): Element[] {
  const found: Element[] = [];
  const stack: AnyNode[] = [...childrenOf(root)];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    if (isChrome(node)) found.push(node);
    else for (const child of node.children) stack.push(child);
  }
  return found;
}

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
  const canonicalUrl = $('link[rel="canonical"]').attr('href')?.trim();
  return {
    publishedAt,
    canonicalUrl: canonicalUrl ? detached(canonicalUrl) : null,
    siteName: siteName && siteName.length <= MAX_SITE_NAME ? detached(siteName) : null,
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
    if (!isElement(node)) continue;
    if (BLOCK_TAGS.has(node.name)) {
      out.push(node);
      continue;
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

/**
 * A block's text as lines: a block nested in it starts a line of its own (a quote's paragraphs,
 * or a paragraph htmlparser2 nested in the one before it because a link was left open).
 */
function blockLines(block: Element): string[] {
  const lines: string[] = [];
  let current = '';
  const flush = (): void => {
    const line = clean(current);
    if (line) lines.push(line);
    current = '';
  };
  // null marks the end of a nested block.
  const stack: Array<AnyNode | null> = [...block.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === null) flush();
    else if (node.type === 'text') current += (node as Text).data;
    else if (isElement(node)) {
      if (node.name === 'br') current += ' ';
      if (BLOCK_TAGS.has(node.name)) {
        flush();
        stack.push(null);
      }
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    }
  }
  flush();
  return lines;
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
  $(chromeElements($.root().get(0)!)).remove();

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
    for (const line of blockLines(el)) if (line !== headline) lines.push(line);
  }
  if (lines.length <= (headline ? 1 : 0)) {
    const body = clean($(root).text());
    if (body) lines.push(body);
  }
  return {
    title: detached(title),
    text: lines.join('\n\n'),
    publishedAt,
    canonicalUrl,
    siteName,
  };
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

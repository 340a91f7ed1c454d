import { open } from 'node:fs/promises';
import path from 'node:path';
import { decodeText, looksBinary } from '../http/decode.js';
import type { HttpFetch } from '../http/fetch.js';
import { withoutControls } from '../model/untrusted.js';
import type { ContentProcessor } from '../sandbox/contentPool.js';
import { looksLikeHtml, type PageMetadata, pageMetadata } from './mainText.js';
import { savedTextDate } from './savedText.js';

/** Largest document read; articles are far smaller, so more is junk or a mistake. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

export type DocumentText =
  | {
      ok: true;
      doc: string;
      /** Plain text carries no title or date of its own; a page's come from its markup. */
      format: 'html' | 'text';
      text: string;
      title: string | null;
      publishedAt: string | null;
      canonicalUrl: string | null;
      siteName: string | null;
      truncated: boolean;
    }
  | { ok: false; doc: string; problem: string };

/** HTML by its content type, its file name, or else its first characters. */
function isHtml(doc: string, text: string, contentType?: string): boolean {
  return /html/i.test(contentType ?? '') || /\.x?html?$/i.test(doc) || looksLikeHtml(text);
}

/** Text of a saved page or text file: HTML reduced to its main text (by the content processor), any charset decoded. */
export async function documentFromBytes(
  doc: string,
  body: Buffer,
  content: ContentProcessor,
  contentType?: string,
  truncated = false,
): Promise<DocumentText> {
  if (body.length === 0)
    return {
      ok: true,
      doc,
      format: 'text',
      text: '',
      title: null,
      publishedAt: null,
      canonicalUrl: null,
      siteName: null,
      truncated,
    };
  if (looksBinary(body)) return { ok: false, doc, problem: `${doc} is binary data, not text: no claims read` };
  const { text } = decodeText(body, contentType);
  if (!isHtml(doc, text, contentType))
    return {
      ok: true,
      doc,
      format: 'text',
      text: withoutControls(text),
      title: null,
      publishedAt: null,
      canonicalUrl: null,
      siteName: null,
      truncated,
    };
  const page = await content.mainText(text);
  return {
    ok: true,
    doc,
    format: 'html',
    text: withoutControls(page.text),
    title: page.title,
    publishedAt: page.publishedAt,
    canonicalUrl: page.canonicalUrl,
    siteName: page.siteName ? withoutControls(page.siteName) : null,
    truncated,
  };
}

async function readFileBytes(
  file: string,
): Promise<{ ok: true; body: Buffer; truncated: boolean } | { ok: false; problem: string }> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      problem:
        code === 'ENOENT'
          ? `${file} does not exist: check the path`
          : `cannot read ${file} (${code ?? String(err)}): check its permissions`,
    };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { ok: false, problem: `${file} is not a file` };
    const length = Math.min(stats.size, MAX_DOCUMENT_BYTES);
    const body = Buffer.alloc(length);
    await handle.read(body, 0, length, 0);
    return { ok: true, body, truncated: stats.size > MAX_DOCUMENT_BYTES };
  } finally {
    await handle.close();
  }
}

export async function readDocumentFile(file: string, content: ContentProcessor): Promise<DocumentText> {
  const doc = path.basename(file);
  const read = await readFileBytes(file);
  return read.ok
    ? documentFromBytes(doc, read.body, content, undefined, read.truncated)
    : { ok: false, doc, problem: read.problem };
}

/**
 * A saved page's publication time and canonical URL without reading its text; for plain text, the
 * date of its front matter or file name (see savedText.ts). Null when unreadable.
 */
export async function readDocumentMetadata(file: string): Promise<PageMetadata | null> {
  const read = await readFileBytes(file);
  if (!read.ok || looksBinary(read.body)) return null;
  const { text } = decodeText(read.body);
  if (isHtml(file, text)) return pageMetadata(text);
  return { publishedAt: savedTextDate(text, path.basename(file)), canonicalUrl: null, siteName: null };
}

export async function readDocumentUrl(
  url: string,
  http: HttpFetch,
  timeoutMs: number,
  content: ContentProcessor,
): Promise<DocumentText> {
  const res = await http(url, { timeoutMs, maxBytes: MAX_DOCUMENT_BYTES, maxRedirects: 5, allowPrivateNetworks: true });
  if (res.kind === 'failed') return { ok: false, doc: url, problem: `cannot fetch ${url}: ${res.failure.message}` };
  if (res.kind === 'not-modified')
    return { ok: false, doc: url, problem: `${url} answered 304 to an unconditional request` };
  return documentFromBytes(url, res.body, content, res.headers['content-type']);
}

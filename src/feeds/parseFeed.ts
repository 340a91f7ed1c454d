import Parser from 'rss-parser';
import type { FeedItem } from '../model/feed.js';
import { cleanLink, cleanTitle, withoutControls } from '../model/untrusted.js';

export type { FeedItem };

type RawItem = Parser.Item & { id?: string; 'content:encoded'?: string; description?: string };

const parser = new Parser<Record<string, unknown>, RawItem>({
  customFields: { item: ['content:encoded', 'id', 'description'] },
});

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const t = value.trim();
  return t.length > 0 ? t : null;
}

function isoDate(...candidates: Array<string | undefined>): string | null {
  for (const c of candidates) {
    if (!c) continue;
    const t = Date.parse(c);
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  return null;
}

export class NotAFeedError extends Error {
  override name = 'NotAFeedError';
}

/** Parses feed XML into items; throws NotAFeedError naming what is wrong when it is not a feed. */
export async function parseFeed(xml: string, feedName: string): Promise<{ title: string | null; items: FeedItem[] }> {
  if (!/<(?:rss|feed|rdf:RDF|channel)\b/i.test(xml.slice(0, 4096))) {
    throw new NotAFeedError('the response is not an RSS or Atom document (no <rss>, <feed> or <rdf:RDF> element)');
  }
  let parsed: Awaited<ReturnType<typeof parser.parseString>>;
  try {
    parsed = await parser.parseString(xml);
  } catch (err) {
    throw new NotAFeedError(`malformed feed XML: ${(err as Error).message.split('\n')[0]}`);
  }
  const items = (parsed.items ?? []).map((item): FeedItem => {
    const rawLink = text(item.link);
    const link = rawLink === null ? null : cleanLink(rawLink);
    const guid = text(item.guid) ?? text(item.id);
    return {
      feedName,
      guid: guid === null ? null : withoutControls(guid).slice(0, 1000),
      link: link || null,
      title: cleanTitle(text(item.title) ?? '') || '(untitled)',
      publishedAt: isoDate(item.isoDate, item.pubDate),
      summary: text(item.contentSnippet) ?? text(item.summary) ?? text(item.description),
      // rss-parser copies an RSS <description> into `content`; only real full content counts here.
      content: text(item['content:encoded']) ?? (item.content !== item.description ? text(item.content) : null),
    };
  });
  return { title: text(parsed.title), items };
}

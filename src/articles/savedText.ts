/**
 * A saved plain-text article split as a page would be: its headline, its publication date and its
 * body. Texts copied into a folder carry the day they were copied as their modification time, and
 * their headline as their first line; read whole, the headline would run into the body's first
 * sentence and every text would be "published" today, so a backfill over them would give other
 * estimates than the cycles over the same articles.
 */

export interface SavedTextParts {
  /** A front-matter title, else a first line that reads as a headline; null when neither. */
  title: string | null;
  /** From a front-matter date, else a date in the file's name (ISO, UTC); null when neither gives one. */
  publishedAt: string | null;
  /** The text without its front matter and headline. */
  body: string;
}

/** A headline is at most this long; a longer first line is the body's. */
const MAX_HEADLINE_CHARS = 200;
/** Field lines ("Date: ...") are looked for in this many lines at the top, before the first blank line after them. */
const HEADER_LINES = 6;
/** YAML front matter ends within this many lines, or it is not front matter. */
const FRONT_MATTER_LINES = 40;

/** Front-matter keys, by what they give. Other metadata keys are dropped from the body too. */
const DATE_KEYS = new Set(['date', 'published', 'publishedat', 'published_at', 'pubdate', 'posted', 'created']);
const TITLE_KEYS = new Set(['title', 'headline']);
const FIELD_LINE =
  /^(title|headline|date|published|published_?at|pubdate|posted|created|updated|source|url|link|author)\s*:\s*(.*)$/i;

/** A first line ending so continues into the next: it is wrapped body text, not a headline. */
const CONTINUING_END = /[.,;:\-–—…]$/;
const JOINING_WORD =
  /\b(?:a|an|the|to|of|in|on|at|by|for|with|from|and|or|but|as|that|which|who|according|has|have|had|was|were|is|are|be|than|about|some|its|their|his|her)$/i;

const MONTH_NAME = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b/i;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const ZONE_AT_END = /(?:\b(?:UTC|GMT)|Z|[+-]\d{2}:?\d{2})$/i;

/** A calendar day as ISO (UTC midnight), or null for a day that does not exist (Feb 30). */
function isoDay(year: number, month: number, day: number): string | null {
  const t = Date.UTC(year, month - 1, day);
  const d = new Date(t);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day
    ? d.toISOString()
    : null;
}

/**
 * A date as front matter writes it ("2025-01-04", "2025-01-04T09:30:00+09:00", "4 January 2025",
 * "Sat, 04 Jan 2025 10:00:00 GMT"), as ISO; one without a zone is UTC, whatever this machine's. Pure.
 */
export function parseStatedDate(value: string): string | null {
  const stated = value
    .trim()
    .replace(/^["']|["']$/g, '')
    .trim();
  const iso = ISO_DAY.exec(stated);
  if (iso) {
    const day = isoDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    if (!day || iso[4] === undefined) return day;
    const t = Date.parse(`${stated.slice(0, 10)}T${iso[4]}:${iso[5]}:${iso[6] ?? '00'}${iso[7] ?? 'Z'}`);
    return Number.isNaN(t) ? day : new Date(t).toISOString();
  }
  // Written out: only with a month's name and a year, since the engine's parser takes almost anything.
  if (!MONTH_NAME.test(stated) || !/\b(?:19|20)\d{2}\b/.test(stated)) return null;
  const t = Date.parse(ZONE_AT_END.test(stated) ? stated : `${stated} UTC`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** The day in a file's name ("2025-01-04-kursk.txt", "20250104_yonhap.txt"), as ISO (UTC midnight). Pure. */
export function dateFromFileName(fileName: string): string | null {
  const found = /(?:^|\D)((?:19|20)\d{2})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)/.exec(fileName);
  return found ? isoDay(Number(found[1]), Number(found[2]), Number(found[3])) : null;
}

/** `---` front matter at the very top: its fields and the line the body starts at; null without any. */
function yamlFrontMatter(lines: readonly string[]): { fields: Map<string, string>; end: number } | null {
  if (lines[0]?.trim() !== '---') return null;
  const fields = new Map<string, string>();
  for (let i = 1; i < Math.min(lines.length, FRONT_MATTER_LINES); i++) {
    const line = lines[i]!.trim();
    if (line === '---' || line === '...') return { fields, end: i + 1 };
    const field = /^([A-Za-z_]+)\s*:\s*(.*)$/.exec(line);
    if (field) fields.set(field[1]!.toLowerCase(), field[2]!.replace(/^["']|["']$/g, '').trim());
  }
  return null;
}

/**
 * Lines cut at a fixed width (most of them 50 to 100 characters, none longer): a first line may
 * then be the start of a sentence, so only a blank line after it makes it a headline.
 */
function isHardWrapped(lines: readonly string[]): boolean {
  const widths = lines
    .map((l) => l.trimEnd().length)
    .filter((w) => w > 0)
    .slice(0, 20);
  return widths.length >= 4 && Math.max(...widths) <= 100 && widths.filter((w) => w >= 50).length * 2 >= widths.length;
}

/** The first line reads as a headline: short, not ending as a sentence does, and text follows it. */
function isHeadline(line: string, next: string, hardWrapped: boolean): boolean {
  const text = line.trim();
  if (text.length === 0 || text.length > MAX_HEADLINE_CHARS) return false;
  const end = text.replace(/["'”’)\]]+$/, '');
  if (CONTINUING_END.test(end)) return false;
  if (next.trim() === '') return true;
  // Straight on into the body: only when the next line starts a sentence of its own, not a wrapped line's rest.
  return !hardWrapped && !JOINING_WORD.test(end) && /^["“‘'(\d\p{Lu}]/u.test(next.trim());
}

/** Splits a saved text into headline, date and body (see SavedTextParts). Pure. */
export function savedTextParts(text: string, fileName: string): SavedTextParts {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const strip = (line: string): string => line.replace(/\r$/, '');
  let title: string | null = null;
  let stated: string | null = null;
  let start = 0;
  const frontMatter = yamlFrontMatter(lines.slice(0, FRONT_MATTER_LINES).map(strip));
  if (frontMatter) {
    start = frontMatter.end;
    for (const [key, value] of frontMatter.fields) {
      if (TITLE_KEYS.has(key) && value && title === null) title = value;
      if (DATE_KEYS.has(key) && value && stated === null) stated = parseStatedDate(value);
    }
  }
  while (start < lines.length && strip(lines[start]!).trim() === '') start++;
  // Field lines at the top ("Date: 2025-01-04", "Published: ..."), before or after the headline: taken out.
  const kept: string[] = [];
  let seenText = false;
  let blankAfterText = false;
  let i = start;
  for (; i < Math.min(lines.length, start + HEADER_LINES); i++) {
    const line = strip(lines[i]!).trim();
    const field = FIELD_LINE.exec(line);
    if (field) {
      const key = field[1]!.toLowerCase();
      const value = field[2]!.trim();
      if (TITLE_KEYS.has(key) && value && title === null) title = value;
      if (DATE_KEYS.has(key) && value && stated === null) stated = parseStatedDate(value);
      continue;
    }
    if (line !== '') {
      if (blankAfterText) break; // the body has begun
      seenText = true;
    } else if (seenText) blankAfterText = true;
    kept.push(lines[i]!);
  }
  const rest = [...kept, ...lines.slice(i)];
  while (rest.length > 0 && strip(rest[0]!).trim() === '') rest.shift();
  const textFollows = rest.slice(1).some((l) => l.trim() !== '');
  if (title === null && textFollows && isHeadline(strip(rest[0]!), strip(rest[1]!), isHardWrapped(rest))) {
    title = strip(rest.shift()!).trim();
    while (rest.length > 0 && strip(rest[0]!).trim() === '') rest.shift();
  }
  return { title, publishedAt: stated ?? dateFromFileName(fileName), body: rest.join('\n') };
}

/** Only a text's top can state its date: enough of it for front matter and the header lines. */
const HEAD_CHARS = 16_384;

/** The date savedTextParts gives, from the text's top only (the whole may be megabytes). Pure. */
export function savedTextDate(text: string, fileName: string): string | null {
  return savedTextParts(text.slice(0, HEAD_CHARS), fileName).publishedAt;
}

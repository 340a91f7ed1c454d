/**
 * A copy that shares no memory with the text it was cut from: V8 keeps a substring's whole parent
 * alive, so a quote sliced from an article, or a canonical URL from a page, would pin all of it.
 */
export function detached<T extends string | null>(s: T): T {
  // V8 copies strings this short when slicing them: they pin nothing.
  if (s === null || s.length < 13) return s;
  // A lone surrogate comes back from the UTF-8 round trip as U+FFFD: such text keeps that path.
  if (SURROGATE.test(s)) return Buffer.from(s, 'utf8').toString('utf8') as T;
  // Slicing a joined string first writes it out whole into new memory, so the result holds only
  // that copy, not the article; cheaper than the UTF-8 round trip, and the same text.
  return ` ${s}`.slice(1) as T;
}

const SURROGATE = /[\ud800-\udfff]/;

/**
 * Strings from strangers (feed titles, links, article text) made safe to store, print and mail:
 * no terminal control sequences, no C0/C1 controls but tab and newline, no bidi overrides that
 * would make a quote read differently from what it says.
 */
// eslint-disable-next-line no-control-regex
const ANSI_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-_])/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function withoutControls(s: string): string {
  return s.replace(ANSI_SEQUENCE, '').replace(CONTROL, '');
}

/** Longest title kept: headlines are far shorter; a longer one is junk or an attack. */
export const MAX_TITLE_CHARS = 300;

/** A title on one line, without controls, at most MAX_TITLE_CHARS. */
export function cleanTitle(s: string): string {
  const t = withoutControls(s).replace(/\s+/g, ' ').trim();
  return t.length <= MAX_TITLE_CHARS ? t : `${t.slice(0, MAX_TITLE_CHARS - 1).trimEnd()}…`;
}

/** A link as stored and printed: no controls or spaces, credentials removed. */
export function cleanLink(s: string): string {
  return withoutCredentials(withoutControls(s).replace(/\s+/g, ''));
}

/**
 * A URL without its user and password, for everything that is logged, stored as text, printed or
 * mailed; the request itself still uses them. Not a URL: returned as it was.
 */
export function withoutCredentials(raw: string): string {
  if (!raw.includes('@')) return raw;
  try {
    const url = new URL(raw);
    if (!url.username && !url.password) return raw;
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return raw.replace(/\/\/[^/@\s]*@/, '//');
  }
}

/** Every URL inside a message (an error from a library, say) without credentials. */
export function withoutCredentialsIn(message: string): string {
  return message.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1');
}

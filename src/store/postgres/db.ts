import pg from 'pg';

// BIGINT ids and counts come back as strings by default; every one here fits a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

/** Runs one statement (`?` placeholders, as the SQLite files write them) and returns its rows. */
export type Query = <R>(text: string, params?: readonly unknown[]) => Promise<R[]>;

const numbered = new Map<string, string>();

/** `?` placeholders as PostgreSQL's `$1, $2, ...` (none of the statements here holds a literal `?`). */
export function toPg(text: string): string {
  let out = numbered.get(text);
  if (out === undefined) {
    let n = 0;
    out = text.replace(/\?/g, () => `$${++n}`);
    numbered.set(text, out);
  }
  return out;
}

/** `?, ?, ?` for a list. */
export function marks(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

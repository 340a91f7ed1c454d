/**
 * The near-copy band index (band key → original article) held in memory. On disk, a copy's look-up
 * seeks the index once per band, 32 seeks whose pages miss the cache once the store outgrows it, so
 * copies cost twice as much at 100,000 articles as at 1,000. Here they cost a binary search each.
 * Sorted pairs as read from the table, plus this connection's writes since (merged in when they
 * grow), minus articles whose bands this connection replaced. Pure data: the store decides when to
 * build one and when another connection's commit makes it stale.
 */
import { KeyFilter } from './keyFilter.js';

/** Pairs added before they are merged into the sorted arrays (a merge copies the arrays once). */
const MAX_ADDED = 4096;

/** Room in the filter for this many keys at least before it is built again, larger. */
const MIN_FILTER_KEYS = 100_000;

export class BandIndex {
  private keys: Int32Array;
  private ids: Int32Array;
  /** Pairs written since the sorted arrays were made: the articles of each key. */
  private added = new Map<number, number[]>();
  private addedCount = 0;
  /** Articles whose pairs in the sorted arrays no longer hold (their bands were replaced). */
  private stale = new Set<number>();
  /**
   * Where each bucket of keys (their top bits) starts in the sorted arrays: a look-up reads one
   * entry here and a few keys there, instead of a binary search's twenty-odd reads scattered over
   * megabytes, each a cache miss.
   */
  private starts = new Int32Array(2);
  private shift = 32;
  /** Most keys looked up are absent (a new article's): the filter answers for them in a probe or two. */
  private filter = new KeyFilter(MIN_FILTER_KEYS);

  /** From pairs in the table's order (band key, then article id), as many as `count`. */
  constructor(pairs: Iterable<readonly [number, number]>, count: number) {
    this.keys = new Int32Array(count);
    this.ids = new Int32Array(count);
    let n = 0;
    for (const [key, id] of pairs) {
      if (n === count) break;
      this.keys[n] = key;
      this.ids[n] = id;
      n++;
    }
    this.keys = this.keys.subarray(0, n);
    this.ids = this.ids.subarray(0, n);
    this.indexBuckets();
    this.buildFilter();
  }

  get size(): number {
    return this.keys.length + this.addedCount;
  }

  add(key: number, id: number): void {
    const ids = this.added.get(key);
    if (ids) ids.push(id);
    else this.added.set(key, [id]);
    this.addedCount++;
    this.filter.add(key);
    if (this.filter.full) this.buildFilter();
    // Merged often: a map of small arrays costs far more memory per pair than the sorted arrays.
    if (this.addedCount > MAX_ADDED) this.merge();
  }

  /** The article's pairs so far no longer hold; pairs added after this do. */
  remove(id: number): void {
    for (const [key, ids] of this.added) {
      const kept = ids.filter((other) => other !== id);
      this.addedCount -= ids.length - kept.length;
      if (kept.length === 0) this.added.delete(key);
      else this.added.set(key, kept);
    }
    this.stale.add(id);
  }

  /**
   * The distinct articles holding any of these keys, at most `limit`, in the order the table's
   * index gives them (band key ascending, then article id): the same as
   * `SELECT DISTINCT article_id FROM article_bands WHERE band_key IN (...) LIMIT ?`.
   */
  articleIds(bands: readonly number[], limit: number): number[] {
    const out: number[] = [];
    const seen = new Set<number>();
    for (const key of [...new Set(bands)].sort((a, b) => a - b)) {
      if (!this.filter.mightHave(key)) continue;
      const found: number[] = [];
      for (let i = this.lowerBound(key); i < this.keys.length && this.keys[i] === key; i++) {
        const id = this.ids[i]!;
        if (!this.stale.has(id)) found.push(id);
      }
      const added = this.added.get(key);
      if (added) found.push(...added);
      if (found.length > 1) found.sort((a, b) => a - b);
      for (const id of found) {
        if (seen.has(id)) continue;
        if (out.length === limit) return out;
        seen.add(id);
        out.push(id);
      }
    }
    return out;
  }

  private buildFilter(): void {
    this.filter = new KeyFilter(Math.max(MIN_FILTER_KEYS, this.size * 2));
    for (const key of this.keys) this.filter.add(key);
    for (const key of this.added.keys()) this.filter.add(key);
  }

  /** A key's bucket: its top bits, in the order of the signed keys. */
  private bucketOf(key: number): number {
    return this.shift === 32 ? 0 : ((key ^ 0x80000000) >>> 0) >>> this.shift;
  }

  /** Four to eight keys to a bucket. */
  private indexBuckets(): void {
    let bits = 0;
    while (bits < 22 && 1 << (bits + 3) <= this.keys.length) bits++;
    this.shift = 32 - bits;
    const buckets = 1 << bits;
    const starts = new Int32Array(buckets + 1);
    let i = 0;
    for (let b = 0; b <= buckets; b++) {
      while (i < this.keys.length && this.bucketOf(this.keys[i]!) < b) i++;
      starts[b] = i;
    }
    this.starts = starts;
  }

  private lowerBound(key: number): number {
    const bucket = this.bucketOf(key);
    let low = this.starts[bucket]!;
    let high = this.starts[bucket + 1]!;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.keys[mid]! < key) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The added pairs sorted into the arrays, stale pairs dropped. */
  private merge(): void {
    const added: Array<{ key: number; id: number }> = [];
    for (const [key, ids] of this.added) for (const id of ids) added.push({ key, id });
    added.sort((a, b) => a.key - b.key || a.id - b.id);
    const size = this.keys.length + added.length;
    const keys = new Int32Array(size);
    const ids = new Int32Array(size);
    let n = 0;
    let j = 0;
    for (let i = 0; i < this.keys.length; i++) {
      const key = this.keys[i]!;
      const id = this.ids[i]!;
      for (; j < added.length && (added[j]!.key < key || (added[j]!.key === key && added[j]!.id < id)); j++) {
        keys[n] = added[j]!.key;
        ids[n++] = added[j]!.id;
      }
      if (this.stale.has(id)) continue;
      keys[n] = key;
      ids[n++] = id;
    }
    for (; j < added.length; j++) {
      keys[n] = added[j]!.key;
      ids[n++] = added[j]!.id;
    }
    this.keys = keys.subarray(0, n);
    this.ids = ids.subarray(0, n);
    this.added.clear();
    this.addedCount = 0;
    this.stale.clear();
    this.indexBuckets();
  }
}

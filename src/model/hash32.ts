/** Small non-cryptographic 32-bit hashes, shared by the near-copy fingerprint and the store's key filters. */

/** FNV-1a over a string's UTF-16 code units: fast, and good enough to spread words and keys. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** Murmur3's finaliser: every bit of the input moves every bit of the output. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

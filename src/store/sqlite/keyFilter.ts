/**
 * A Bloom filter over 32-bit keys: "certainly absent" or "perhaps present". It keeps the
 * near-duplicate look-up flat as the store grows: most articles are new, their band keys are in
 * no index page, and the filter answers for them without a disk seek (Bloom 1970; 10 bits and 7
 * probes per key: about 1 % of absent keys are looked up anyway).
 */
import { mix32 } from '../../model/hash32.js';

const BITS_PER_KEY = 10;
const PROBES = 7;

export class KeyFilter {
  private readonly bits: Uint32Array;
  private readonly mask: number;
  private count = 0;

  /** Sized for `capacity` keys; past that, `full` tells the owner to build a larger one. */
  constructor(readonly capacity: number) {
    let size = 1024;
    while (size < capacity * BITS_PER_KEY) size *= 2;
    this.bits = new Uint32Array(size / 32);
    this.mask = size - 1;
  }

  get full(): boolean {
    return this.count > this.capacity;
  }

  add(key: number): void {
    const h1 = mix32(key);
    const h2 = mix32(key ^ 0x9e3779b9) | 1;
    for (let i = 0; i < PROBES; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.mask;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
    this.count++;
  }

  mightHave(key: number): boolean {
    const h1 = mix32(key);
    const h2 = mix32(key ^ 0x9e3779b9) | 1;
    for (let i = 0; i < PROBES; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.mask;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

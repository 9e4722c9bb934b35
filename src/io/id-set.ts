/**
 * Which message ids a log has used, for the duplicate check, in about 16 bytes per id
 * instead of the ~50 a Set of strings takes: ids are kept as two independent 32-bit
 * hashes in an open-addressing table of typed arrays. Two different ids collide in both
 * hashes with a probability of about n²/2⁶⁵ (one in ten million for two million ids).
 */
export class MessageIdSet {
  private low = new Uint32Array(1 << 16);
  private high = new Uint32Array(1 << 16);
  private used = new Uint8Array(1 << 16);
  private count = 0;

  /** Adds the id; returns false if it was already there. */
  add(id: string): boolean {
    // FNV-1a and a multiply-xorshift hash over UTF-16 units, with different seeds.
    let a = 0x811c9dc5;
    let b = 0x9747b28c;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    a >>>= 0;
    b = (b ^ id.length) >>> 0;
    if (this.count * 2 >= this.used.length) this.grow();
    return this.insert(a, b);
  }

  private insert(a: number, b: number): boolean {
    const mask = this.used.length - 1;
    for (let slot = (a ^ Math.imul(b, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
      if (this.used[slot] === 0) {
        this.used[slot] = 1;
        this.low[slot] = a;
        this.high[slot] = b;
        this.count++;
        return true;
      }
      if (this.low[slot] === a && this.high[slot] === b) return false;
    }
  }

  private grow(): void {
    const { low, high, used } = this;
    const size = used.length * 2;
    this.low = new Uint32Array(size);
    this.high = new Uint32Array(size);
    this.used = new Uint8Array(size);
    this.count = 0;
    for (let i = 0; i < used.length; i++) if (used[i] === 1) this.insert(low[i]!, high[i]!);
  }
}

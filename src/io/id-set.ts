/**
 * Which message ids a log has used, for the duplicate check, in about 11 to 16 bytes per
 * id instead of the ~50 a Set of strings takes: ids are kept as two independent 32-bit
 * hashes in open-addressing tables of typed arrays. Two different ids collide in both
 * hashes with a probability of about n²/2⁶⁵ (one in ten million for two million ids).
 *
 * The ids are spread over 256 tables by their first hash, and each table grows on its
 * own: growing one table of everything held the old and the new table at once, half as
 * much again as the set at its peak (56 MB at two million ids, now about 30).
 *
 * Most systems hand out message ids that increase (a counter, a time-ordered id), and
 * while every id is greater than the one before (in UTF-16 order, as `>` compares
 * strings) none can repeat. Until an id breaks that order, the hashes are only appended,
 * in order, 8 bytes per id, and nothing is looked up; the tables are built from them when
 * an id first does not increase, and the set works as above from then on. Inserting
 * into the tables cost a cache miss per message (a sixth of the replaying thread's
 * decoding), and their 16 MB at a million ids crowded the other thread's data out of
 * the processor's shared cache (BENCHMARKS.md).
 */
const SHARDS = 256;
const FIRST_SLOTS = 256;
/** Pairs of hashes per chunk while the ids increase. */
const CHUNK_PAIRS = 1 << 16;

export class MessageIdSet {
  /** Per table, the two hashes of each slot side by side; (0, 0) is an empty slot. Empty while the ids increase. */
  private readonly tables: Uint32Array[] = [];
  private readonly counts = new Uint32Array(SHARDS);
  /** The last id, while every id so far was greater than the one before; then null. */
  private last: string | null = null;
  private increasing = true;
  /** While the ids increase: their hashes in order, in chunks, the last one `filled` pairs full. */
  private chunks: Uint32Array[] = [];
  private filled = CHUNK_PAIRS;

  private readonly scratch = new Uint32Array(2);

  /** Adds the id; returns false if it was already there. */
  add(id: string): boolean {
    hashMessageId(id, this.scratch, 0);
    return this.addHashed(id, this.scratch[0]!, this.scratch[1]!);
  }

  /** add(), for an id whose hashes hashMessageId() gave (the reading thread works them out). */
  addHashed(id: string, a: number, b: number): boolean {
    if (this.increasing) {
      if (this.last === null || id > this.last) {
        this.last = id;
        this.append(a, b);
        return true;
      }
      this.buildTables();
    }
    return this.put(a, b);
  }

  private append(a: number, b: number): void {
    if (this.filled === CHUNK_PAIRS) {
      this.chunks.push(new Uint32Array(CHUNK_PAIRS * 2));
      this.filled = 0;
    }
    const chunk = this.chunks[this.chunks.length - 1]!;
    chunk[this.filled * 2] = a;
    chunk[this.filled * 2 + 1] = b;
    this.filled++;
  }

  /** The first id that does not increase: the hashes so far go into the tables. */
  private buildTables(): void {
    this.increasing = false;
    this.last = null;
    for (let s = 0; s < SHARDS; s++) this.tables.push(new Uint32Array(FIRST_SLOTS * 2));
    const chunks = this.chunks;
    this.chunks = [];
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c]!;
      const pairs = c === chunks.length - 1 ? this.filled : CHUNK_PAIRS;
      for (let i = 0; i < pairs; i++) this.put(chunk[i * 2]!, chunk[i * 2 + 1]!);
    }
  }

  /** Into the tables; false if the pair was there. */
  private put(a: number, b: number): boolean {
    const shard = a >>> 24;
    const table = this.tables[shard]!;
    // Up to three quarters full.
    if (this.counts[shard]! * 8 >= table.length * 3) this.grow(shard);
    if (!insert(this.tables[shard]!, a, b)) return false;
    this.counts[shard]!++;
    return true;
  }

  private grow(shard: number): void {
    const old = this.tables[shard]!;
    const table = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) insert(table, old[i]!, old[i + 1]!);
    this.tables[shard] = table;
  }
}

/**
 * The two hashes the set keeps of an id, into out[at] and out[at + 1]: FNV-1a and a
 * multiply-xorshift hash over UTF-16 units, with different seeds, in one loop (not
 * hash.ts's fnv1a and a second pass: this runs once per message). Never both 0.
 */
export function hashMessageId(id: string, out: Uint32Array, at: number): void {
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
  out[at] = a;
  out[at + 1] = a === 0 && b === 0 ? 1 : b;
}

/** Puts the pair in the table; false if it was there. */
function insert(table: Uint32Array, a: number, b: number): boolean {
  const mask = (table.length >> 1) - 1;
  for (let slot = (a ^ Math.imul(b, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
    const x = table[slot * 2]!;
    const y = table[slot * 2 + 1]!;
    if (x === 0 && y === 0) {
      table[slot * 2] = a;
      table[slot * 2 + 1] = b;
      return true;
    }
    if (x === a && y === b) return false;
  }
}

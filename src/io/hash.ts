/**
 * FNV-1a over UTF-16 units, with its high bits folded into the low ones: the low bits
 * of plain FNV-1a follow the last characters too closely (c1, c2, c3 …), and the tables
 * that use this one index by the low bits. For text[start, end).
 */
export function fnv1a(text: string, start: number, end: number): number {
  let h = FNV_BASIS;
  for (let i = start; i < end; i++) h = fnvMix(h, text.charCodeAt(i));
  return fnvFold(h);
}

/** The steps of fnv1a(), for a loop that hashes text while it reads it for something else. */
export const FNV_BASIS = 0x811c9dc5;
export const fnvMix = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193);
export const fnvFold = (h: number): number => h ^ (h >>> 15);

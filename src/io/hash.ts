/**
 * FNV-1a over UTF-16 units, with its high bits folded into the low ones: the low bits
 * of plain FNV-1a follow the last characters too closely (c1, c2, c3 …), and the tables
 * that use this one index by the low bits. For text[start, end).
 */
export function fnv1a(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

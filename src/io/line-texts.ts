/**
 * The `text` of some lines of a log (SPEC 10.3: any string, ignored by the rules). The
 * replay's reader leaves `text` out — it is read for millions of lines and used by no
 * rule — so the commands that show it (timeline, why) read it afterwards, for the few
 * lines they show, in a second pass that only counts line breaks until it reaches one.
 */
import { createReadStream } from 'node:fs';

/** The text of each of `lines` (line numbers from 1) that carries one as a string. */
export async function readLineTexts(path: string, lines: Iterable<number>): Promise<Map<number, string>> {
  const wanted = [...new Set(lines)].sort((a, b) => a - b);
  const texts = new Map<number, string>();
  if (wanted.length === 0) return texts;
  let next = 0;
  let lineNo = 1;
  /** The pieces of the wanted line read so far, when it spans chunks. */
  let pieces: Buffer[] = [];
  const take = (): void => {
    const line = Buffer.concat(pieces).toString('utf8');
    pieces = [];
    try {
      const parsed: unknown = JSON.parse(line);
      const text = typeof parsed === 'object' && parsed !== null && Object.prototype.hasOwnProperty.call(parsed, 'text') ? (parsed as { text: unknown }).text : undefined;
      if (typeof text === 'string') texts.set(lineNo, text);
    } catch {
      // The replay judged every line already; one it skipped (blank) has no text.
    }
  };
  const stream = createReadStream(path);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      while (next < wanted.length) {
        const inWanted = lineNo === wanted[next];
        const nl = chunk.indexOf(10, start);
        if (nl === -1) {
          if (inWanted) pieces.push(chunk.subarray(start));
          break;
        }
        if (inWanted) {
          pieces.push(chunk.subarray(start, nl));
          take();
          next++;
        }
        lineNo++;
        start = nl + 1;
      }
      if (next >= wanted.length) break;
    }
    if (next < wanted.length && lineNo === wanted[next] && pieces.length > 0) take();
  } finally {
    stream.destroy();
  }
  return texts;
}

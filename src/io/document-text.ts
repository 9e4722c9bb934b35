/** Parsing JSON or YAML text, with the file and line of a syntax error. */
import { DataError } from '../domain/errors.js';

export type DocumentFormat = 'json' | 'yaml';

export function guessFormat(name: string, text: string): DocumentFormat {
  if (/\.json$/i.test(name)) return 'json';
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  return /^\s*[[{]/.test(text) ? 'json' : 'yaml';
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Parses a JSON or YAML document; a syntax error names the file and the line. */
export async function parseDocumentText(name: string, text: string): Promise<unknown> {
  if (guessFormat(name, text) === 'json') {
    try {
      return JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      const position = /position (\d+)/.exec(message);
      const where = position ? `:${lineOfOffset(text, +position[1]!)}` : '';
      throw new DataError(`${name}${where}: not valid JSON (${message})`);
    }
  }
  const YAML = await (await import('./yaml.js')).loadYaml();
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new DataError(
      `${name} is not valid YAML`,
      // With prettyErrors the message ends with a context excerpt and "at line N": keep the sentence.
      doc.errors.map((e) => `${name}:${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`),
    );
  }
  return doc.toJS({ maxAliasCount: 1000 });
}

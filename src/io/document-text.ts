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

/**
 * V8 names the position of some JSON errors but not all ("Unexpected token ','"); JSON
 * is YAML, so the YAML parser can place the others.
 */
async function jsonErrorLine(text: string, message: string): Promise<number | string> {
  const position = /position (\d+)/.exec(message);
  if (position) return lineOfOffset(text, +position[1]!);
  if (/end of JSON input/.test(message)) return lineOfOffset(text, text.trimEnd().length);
  const YAML = await (await import('./yaml.js')).loadYaml();
  const line = YAML.parseDocument(text, { prettyErrors: true }).errors[0]?.linePos?.[0]?.line;
  return line ?? 1;
}

/** Parses a JSON or YAML document; a syntax error names the file and the line. */
export async function parseDocumentText(name: string, text: string): Promise<unknown> {
  if (guessFormat(name, text) === 'json') {
    try {
      return JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      throw new DataError(`${name}:${await jsonErrorLine(text, message)}: not valid JSON (${message})`);
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
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // An alias without an anchor, or an alias bomb: the document parsed but cannot be read.
    throw new DataError(`${name} is not valid YAML: ${(error as Error).message}`);
  }
}

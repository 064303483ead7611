/**
 * Name and word lexicons for the weak lexical person cue, loaded once per process (lazy singleton):
 * `humannames` (~200K given and family names, title case) and `an-array-of-english-words`
 * (~275K lower-case English words).
 */
import { createRequire } from 'node:module';

export interface Lexicon {
  /** Names as written in title case (`Barnes`, `Okamoto`). */
  names: ReadonlySet<string>;
  /** Lower-case English words. */
  english: ReadonlySet<string>;
}

let singleton: Lexicon | undefined;

export function lexicon(): Lexicon {
  if (singleton) return singleton;
  const require = createRequire(import.meta.url);
  const names = new Set(Object.keys(require('humannames') as Record<string, number>));
  const english = new Set(require('an-array-of-english-words') as string[]);
  singleton = { names, english };
  return singleton;
}

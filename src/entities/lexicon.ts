/**
 * Name and word lexicons for the weak lexical person cue, loaded once per process (lazy singleton):
 * `humannames` (~200K given and family names, title case) and `an-array-of-english-words`
 * (~275K lower-case English words). `npm run build` writes both as sorted word lists beside this
 * module (`lexicon.data.txt`, scripts/compile-gazetteer.ts); a look-up is a binary search in
 * one string, so loading costs one JSON.parse of two strings instead of building two Sets.
 */
import { createRequire } from 'node:module';
import { dataSource, precomputed } from './precomputed.js';
import { SortedLines, sortedLines } from './sorted.js';

/** A set of words that only answers membership (all the lexical cue asks). */
export interface WordList {
  has(word: string): boolean;
}

export interface Lexicon {
  /** Names as written in title case (`Barnes`, `Okamoto`). */
  names: WordList;
  /** Lower-case English words. */
  english: WordList;
}

/** The lexicons as sorted word lists, what the build writes to `lexicon.data.txt`. */
export interface LexiconData {
  /** {@link lexiconSource} when written: a file of other package versions is ignored. */
  source: string;
  /** Names as {@link sortedLines} (`\nAaron\nAbe\n…`). */
  names: string;
  /** English words, likewise. */
  english: string;
}

/** Format of {@link LexiconData}; raise it when the lists change meaning. */
const DATA_FORMAT = 1;

let singleton: Lexicon | undefined;

/** What the lexicons are made of (package versions, data format), so that a list built from other packages is never used. */
export function lexiconSource(): string {
  return dataSource(DATA_FORMAT, ['humannames', 'an-array-of-english-words']);
}

/** The process-wide lexicons, from the precomputed lists (or, without them, from the packages), on first use by the lexical cue. */
export function lexicon(): Lexicon {
  if (singleton) return singleton;
  const d = precomputed<LexiconData>('lexicon.data.txt', lexiconSource()) ?? lexiconData();
  singleton = { names: new SortedLines(d.names), english: new SortedLines(d.english) };
  return singleton;
}

/** The sorted lists built from the packages (the build step writes them; the fallback builds them in process): the only construction, so both give the same look-ups. */
export function lexiconData(): LexiconData {
  const require = createRequire(import.meta.url);
  return {
    source: lexiconSource(),
    names: wordLines(Object.keys(require('humannames') as Record<string, number>)),
    english: wordLines(require('an-array-of-english-words') as string[]),
  };
}

/** Unique words as sorted lines. */
function wordLines(words: string[]): string {
  return sortedLines([...new Set(words)].map((w): [string] => [w]));
}

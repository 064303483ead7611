/**
 * fast-check generators of hostile source text: random Unicode (controls, astral characters,
 * noncharacters), markup characters, page-like layouts (page numbers, catchwords, form feeds,
 * running heads) and certificate-like phrases; and mutations of real corpus files.
 */
import fc from 'fast-check';

/** Characters XML 1.0 forbids or that stress a serializer, weighted so that most runs meet several. */
export const CONTROL_CHARS = [
  '\u0000', '\u0001', '\u0007', '\u0008', '\u000B', '\u000E', '\u001B', '\u001F', '\u007F',
  '\u0085', '\u009B', '\uFFFE', '\uFFFF', '\uFEFF', '\u2028', '\u2029', '\u00A0', '\u200B',
];

export const MARKUP_TOKENS = [
  '<script>alert(1)</script>', '&amp;', '&', '&&', ']]>', ']]', '<!--', '-->', '--', '<?php', '?>', '<![CDATA[',
  '<', '>', '"', "'", '&lt;', '&#0;', '&#x1F600;', '&nbsp;', '<p>', '</text>', '<TEI>', '</TEI>', 'xml:id="x"',
  '<!DOCTYPE x [<!ENTITY a "b">]>', '&a;', '{', '}', '\\', '$', '`', '%', '#', '/s/', '//', '/*', '*/',
];

export const ASTRAL = ['𝔄', '😀', '𠀀', '\u{10FFFD}', '\u{1F1FA}\u{1F1F8}', 'e\u0301', '\u{E0001}'];

export const WORDS = [
  'the', 'Minister', 'said', 'that', 'Government', 'would', 'not', 'agree', 'Geneva', 'Tokyo', 'March',
  '1938', 'Ribbentrop', 'Litvinov', 'Ambassador', 'Department', 'External', 'Affairs', 'CONFIDENTIAL',
  'Memorandum', 'Doc.', 'No.', '2369', 'Exhibit', 'Def.', 'Ltd.', 'Mr.', 'Dr.', 'Sir,', 'yours', 'faithfully',
  'MUller', 'Müller', 'Đorđević', 'Ōkawa', 'Гитлер', 'القاهرة', '東京', 'a', 'I', 'of', 'in', '—', '–', '…',
];

export const CERTIFICATE_LINES = [
  'CERTIFICATE OF TRANSLATION',
  'I hereby certify that the above is a true and correct translation of the original document.',
  'CERTIFICATE OF SOURCE AND AUTHENTICITY',
  'I, John Smith, hereby certify that I am associated with the Office of the Chief of Counsel.',
  'Sworn to before me this 3rd day of May 1946.',
  'This is a true copy of the original.',
  'AFFIDAVIT',
  '/s/ John Smith',
  '/s/ _______________',
  'Major, J.A.G.D.',
  'Tokyo, Japan',
  '/Seal of the Notary Public/',
  '[Stamp of the Foreign Ministry]',
  '[illegible]',
  '_____',
  'Doc. No. 2369',
  'Exhibit 2638',
  'Def. Doc. #1504',
];

export const PAGE_LINES = ['- 2 -', '2', '- 17 -', 'Page 3', '(3)', 'p. 4', '12.', 'Doc. No. 2369 Page 2', 'the', 'Government', 'CONFIDENTIAL'];

const EOLS = ['\n', '\n', '\n', '\r\n', '\r'];

/** Full Unicode text, surrogate pairs only (no lone surrogates: a UTF-8 file cannot hold one). */
export const unicodeChunk = fc.string({ unit: 'binary', maxLength: 12 });

/** One "word" of a line: mostly ordinary words, often markup, controls, astral characters or raw Unicode. */
export const token: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...MARKUP_TOKENS) },
  { weight: 2, arbitrary: fc.constantFrom(...CONTROL_CHARS) },
  { weight: 1, arbitrary: fc.constantFrom(...ASTRAL) },
  { weight: 2, arbitrary: unicodeChunk },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 9999 }).map(String) },
);

const separator = fc.constantFrom(' ', ' ', ' ', '  ', '\t', '', ' \u00A0');

/** A line of running text. */
export const textLine: fc.Arbitrary<string> = fc
  .array(fc.tuple(token, separator), { minLength: 1, maxLength: 14 })
  .map((ts) => ts.map(([t, s]) => t + s).join(''));

/** A line as it stands in a typescript: text, a certificate phrase, page furniture, blank, or a form feed. */
export const anyLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: textLine },
  { weight: 2, arbitrary: fc.constantFrom(...CERTIFICATE_LINES) },
  { weight: 2, arbitrary: fc.constantFrom(...PAGE_LINES) },
  { weight: 2, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom('\f', '\f- 3 -', '    ', '\t') },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...CERTIFICATE_LINES), textLine).map(([a, b]) => `${a} ${b}`) },
);

/** A whole document: lines joined with mixed line ends, sometimes a trailing newline, sometimes indented. */
export const documentText: fc.Arbitrary<string> = fc
  .array(fc.tuple(anyLine, fc.constantFrom(...EOLS), fc.constantFrom('', '', '', '    ', ' ')), { minLength: 0, maxLength: 40 })
  .map((ls) => ls.map(([l, eol, ind]) => ind + l + eol).join(''));

/** Fully random Unicode text, no structure at all. */
export const chaosText: fc.Arbitrary<string> = fc.string({ unit: 'binary', maxLength: 300 });

// ---------------------------------------------------------------------------------------------
// Mutations of real files
// ---------------------------------------------------------------------------------------------

export type Mutation =
  | { op: 'delete'; at: number }
  | { op: 'insert'; at: number; line: string }
  | { op: 'duplicate'; at: number }
  | { op: 'upper'; at: number }
  | { op: 'lower'; at: number }
  | { op: 'control'; at: number; pos: number; ch: string }
  | { op: 'swap'; at: number; with: number }
  | { op: 'formfeed'; at: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), line: anyLine }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('upper' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('lower' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('control' as const), at: fc.nat(), pos: fc.nat(), ch: fc.constantFrom(...CONTROL_CHARS) }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ op: fc.constant('formfeed' as const), at: fc.nat() }),
);

/** Apply line-level mutations to a text (line ends of the original kept on untouched lines). */
export function mutate(text: string, ms: Mutation[]): string {
  const lines = text.split('\n');
  for (const m of ms) {
    if (lines.length === 0) lines.push('');
    const at = m.at % lines.length;
    switch (m.op) {
      case 'delete': lines.splice(at, 1); break;
      case 'insert': lines.splice(at, 0, m.line); break;
      case 'duplicate': lines.splice(at, 0, lines[at]!); break;
      case 'upper': lines[at] = lines[at]!.toUpperCase(); break;
      case 'lower': lines[at] = lines[at]!.toLowerCase(); break;
      case 'control': {
        const l = lines[at]!;
        const p = m.pos % (l.length + 1);
        lines[at] = l.slice(0, p) + m.ch + l.slice(p);
        break;
      }
      case 'swap': {
        const w = m.with % lines.length;
        [lines[at], lines[w]] = [lines[w]!, lines[at]!];
        break;
      }
      case 'formfeed': lines.splice(at, 0, '\f'); break;
    }
  }
  return lines.join('\n');
}

/**
 * Line scanning: the source text as a sequence of non-blank lines (trimmed spans), form feeds and
 * blank-line groups. One linear pass over the text; no regular expression sees the whole file.
 */
import type { Span } from '../model/index.js';

/** A non-blank source line, its span trimmed of surrounding white space. */
export interface Line {
  kind: 'line';
  span: Span;
  text: string;
  /** Blank-line group: lines of one group are separated by no blank line. */
  group: number;
}

/** A form feed: a page break in the source (ENCODING.md "Page layout"). */
export interface FormFeed {
  kind: 'ff';
  span: Span;
  group: number;
}

export type Token = Line | FormFeed;

const SPACE = /[^\S\u000B\uFEFF]/;

/** White space as the lossless check counts it: JavaScript `\s` except VT and BOM, which are kept as characters. */
function isSpace(c: number): boolean {
  return c <= 32 ? c === 32 || c === 9 || c === 10 || c === 13 || c === 12 : c >= 0xa0 && c !== 0xfeff && SPACE.test(String.fromCharCode(c));
}

/** Split text into non-blank lines and form feeds, numbering blank-line groups, so that structure recognition works on lines with exact source spans. */
export function scanLines(text: string): Token[] {
  const out: Token[] = [];
  let group = 0;
  let lineStart = 0;
  let pendingBlank = false;
  const n = text.length;
  const flush = (start: number, end: number): void => {
    let s = start;
    let e = end;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (s === e) {
      pendingBlank = true;
      return;
    }
    if (pendingBlank) group++;
    pendingBlank = false;
    out.push({ kind: 'line', span: { start: s, end: e }, text: text.slice(s, e), group });
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 12 || c === 0x2028 || c === 0x2029) {
      flush(lineStart, i);
      if (c === 12) {
        group++;
        pendingBlank = false;
        out.push({ kind: 'ff', span: { start: i, end: i + 1 }, group });
        group++;
      } else if (c === 13 && text.charCodeAt(i + 1) === 10) {
        i++;
      }
      lineStart = i + 1;
      // A line end right after a form feed does not make a blank line.
      if (c !== 12) continue;
    }
  }
  flush(lineStart, n);
  // Blank lines only count between lines: a leading blank does not open a new group.
  return out;
}

/**
 * Small XML helpers for the TEI stage: escaping for writing, and a linear, allocation-light
 * scanner for reading TEI back (summaries, diplomatic text, authority files). Pure; no DOM, so that
 * the build can read 10,000 documents in a few seconds.
 */

/**
 * Whether a UTF-16 code unit sequence at `i` is a character XML 1.0 cannot carry (C0 controls except
 * tab, LF, CR; U+FFFE, U+FFFF; lone surrogates). Returns the code point, or -1 when it is allowed.
 */
export function forbiddenAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0x20) return c === 9 || c === 10 || c === 13 ? -1 : c;
  if (c < 0xd800) return -1;
  if (c <= 0xdbff) {
    const d = s.charCodeAt(i + 1);
    return d >= 0xdc00 && d <= 0xdfff ? -1 : c;
  }
  if (c <= 0xdfff) {
    const p = s.charCodeAt(i - 1);
    return i > 0 && p >= 0xd800 && p <= 0xdbff ? -1 : c;
  }
  if (c === 0xfffe || c === 0xffff) return c;
  return -1;
}

// eslint-disable-next-line no-control-regex
const SPECIAL = /[&<>\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;

/**
 * Does `s` hold a character the diplomatic text must keep? White space may be dropped between
 * blocks, but only what every reader agrees is white space: not U+000B or U+FEFF (JavaScript's `\s`
 * and Python's `str.isspace` disagree on them), nor controls Python alone counts as space.
 */
export function hasSignificant(s: string): boolean {
  return /[^\t\n\r\f \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/.test(s);
}

/** `char/@xml:id` for a code point XML cannot carry, e.g. `char-001B` (TEI Guidelines 5.2, "Markup Constructs for Representation of Characters and Glyphs"). */
export function charId(cp: number): string {
  return 'char-' + cp.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Escape text content: `&`, `<`, `>` (so `]]>` can never appear), and characters XML 1.0 forbids
 * become `<g ref="#char-XXXX"/>` (recorded in `used` for the header's charDecl). Fast path when
 * nothing needs escaping.
 */
export function escapeText(s: string, used?: Set<number>): string {
  if (!SPECIAL.test(s)) return s;
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c === 38) rep = '&amp;';
    else if (c === 60) rep = '&lt;';
    else if (c === 62) rep = '&gt;';
    else {
      const cp = forbiddenAt(s, i);
      if (cp >= 0) {
        used?.add(cp);
        rep = `<g ref="#${charId(cp)}"/>`;
      }
    }
    if (rep !== undefined) {
      out += s.slice(last, i) + rep;
      last = i + 1;
    }
  }
  return out + s.slice(last);
}

/** Escape an attribute value (double-quoted); characters XML cannot carry become U+FFFD, since markup cannot stand in an attribute. */
export function escapeAttr(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 38) out += '&amp;';
    else if (c === 60) out += '&lt;';
    else if (c === 62) out += '&gt;';
    else if (c === 34) out += '&quot;';
    else if (c === 9) out += '&#9;';
    else if (c === 10) out += '&#10;';
    else if (c === 13) out += '&#13;';
    else if (forbiddenAt(s, i) >= 0) out += '\ufffd';
    else out += s[i];
  }
  return out;
}

/** Escape header text (titles, names): like {@link escapeText} but forbidden characters become U+FFFD (the header is not the diplomatic text). */
export function escapeHeaderText(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 38) out += '&amp;';
    else if (c === 60) out += '&lt;';
    else if (c === 62) out += '&gt;';
    else if (forbiddenAt(s, i) >= 0) out += '\ufffd';
    else out += s[i];
  }
  return out;
}

/** Offsets where the lines of a text start: 0, and after each LF, CRLF or lone CR (as `positionOf` of src/model counts lines). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 10 || (c === 13 && text.charCodeAt(k + 1) !== 10)) starts.push(k + 1);
  }
  return starts;
}

/** 1-based line and column of an offset, given the {@link lineStarts} of its text (binary search). */
export function lineColumn(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** `positionOf` (src/model) for many offsets of one text: its line starts are found once, on first use. */
export function positionFinder(text: string): (offset: number) => { line: number; column: number } {
  let starts: number[] | undefined;
  return (offset) => lineColumn((starts ??= lineStarts(text)), Math.min(offset, text.length));
}

/** Make a file stem an NCName for `xml:id` (ARCHITECTURE.md: `d-` prefix when it does not start with a letter or `_`, other invalid characters replaced by `-`). */
export function ncName(name: string): string {
  let s = name.replace(/[^\p{L}\p{N}._\-\u00b7\u0300-\u036f\u203f\u2040]/gu, '-');
  if (!/^[\p{L}_]/u.test(s)) s = 'd-' + s;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/** An element start met by the scanner. Attribute names are kept as written (`xml:id`). */
export interface StartTag {
  name: string;
  attrs: Record<string, string>;
  /** Offset of `<` in the input, for diagnostics. */
  offset: number;
}

/** Callbacks of {@link scanXml}; text is delivered decoded (entities and CDATA resolved). */
export interface ScanHandler {
  start(tag: StartTag, selfClosing: boolean): void;
  end(name: string): void;
  text(s: string): void;
}

/** A well-formedness problem met while scanning. */
export interface ScanError {
  message: string;
  offset: number;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Resolve the five predefined entities and character references; unknown references are kept as written. */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return NAMED[e] ?? m;
  });
}

/** XML white space (S, XML 1.0 §2.3) and the characters that end an attribute name: `=`, `/`, `>`. */
function endsName(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11 || c === 61 || c === 47 || c === 62 || (c > 127 && /\s/.test(String.fromCharCode(c)));
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11 || (c > 127 && /\s/.test(String.fromCharCode(c)));
}

/**
 * Read `name = "value"` pairs from a start tag's body, from `from` on, into `attrs`: each name is a
 * maximal run of characters other than white space, `=`, `/`, `>`, and a run not followed by
 * `= "…"` (or `= '…'`) is skipped whole. One linear pass: a regular expression doing the same
 * retried every position of a long run (quadratic: minutes on a mangled 800 KB attribute).
 */
function readAttributes(body: string, from: number, attrs: Record<string, string>): void {
  const n = body.length;
  let i = from;
  while (i < n) {
    while (i < n && endsName(body.charCodeAt(i))) i++;
    const start = i;
    while (i < n && !endsName(body.charCodeAt(i))) i++;
    if (i === start) break;
    let j = i;
    while (j < n && isSpace(body.charCodeAt(j))) j++;
    if (body.charCodeAt(j) !== 61 /* = */) continue;
    j++;
    while (j < n && isSpace(body.charCodeAt(j))) j++;
    const q = body.charCodeAt(j);
    if (q !== 34 && q !== 39) continue;
    const close = body.indexOf(q === 34 ? '"' : "'", j + 1);
    if (close < 0) continue;
    attrs[body.slice(start, i)] = decodeEntities(body.slice(j + 1, close));
    i = close + 1;
  }
}

/**
 * Scan XML linearly, calling `h` for element starts, ends and text. Comments, processing
 * instructions and a DOCTYPE are skipped (the validator refuses DOCTYPEs; this reader never resolves
 * them). Returns the first well-formedness problem it notices (mismatched or unclosed tags), or
 * undefined; it is not a full validator.
 */
export function scanXml(xml: string, h: ScanHandler): ScanError | undefined {
  const stack: string[] = [];
  let i = 0;
  const n = xml.length;
  let error: ScanError | undefined;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      if (stack.length) h.text(decodeEntities(xml.slice(i)));
      break;
    }
    if (lt > i && stack.length) h.text(decodeEntities(xml.slice(i, lt)));
    const c = xml.charCodeAt(lt + 1);
    if (c === 33 /* ! */) {
      if (xml.startsWith('<!--', lt)) {
        const e = xml.indexOf('-->', lt + 4);
        if (e < 0) return { message: 'unterminated comment', offset: lt };
        i = e + 3;
      } else if (xml.startsWith('<![CDATA[', lt)) {
        const e = xml.indexOf(']]>', lt + 9);
        if (e < 0) return { message: 'unterminated CDATA section', offset: lt };
        if (stack.length) h.text(xml.slice(lt + 9, e));
        i = e + 3;
      } else {
        // DOCTYPE: skip to the matching '>' (internal subset in brackets).
        let j = lt + 2;
        let depth = 0;
        for (; j < n; j++) {
          const d = xml.charCodeAt(j);
          if (d === 91) depth++;
          else if (d === 93) depth--;
          else if (d === 62 && depth <= 0) break;
        }
        i = j + 1;
      }
    } else if (c === 63 /* ? */) {
      const e = xml.indexOf('?>', lt + 2);
      if (e < 0) return { message: 'unterminated processing instruction', offset: lt };
      i = e + 2;
    } else if (c === 47 /* / */) {
      const e = xml.indexOf('>', lt + 2);
      if (e < 0) return { message: 'unterminated end tag', offset: lt };
      const name = xml.slice(lt + 2, e).trim();
      const open = stack.pop();
      if (open !== name) {
        error ??= { message: open ? `end tag </${name}> does not match <${open}>` : `end tag </${name}> without a start tag`, offset: lt };
        if (open === undefined) { i = e + 1; continue; }
      }
      h.end(name);
      i = e + 1;
    } else {
      // start tag: find the closing '>' outside quotes
      let j = lt + 1;
      let q = 0;
      for (; j < n; j++) {
        const d = xml.charCodeAt(j);
        if (q) { if (d === q) q = 0; }
        else if (d === 34 || d === 39) q = d;
        else if (d === 62) break;
      }
      if (j >= n) return { message: 'unterminated start tag', offset: lt };
      const selfClosing = xml.charCodeAt(j - 1) === 47;
      const body = xml.slice(lt + 1, selfClosing ? j - 1 : j);
      const m = /^[^\s/>]+/.exec(body);
      const name = m ? m[0] : '';
      const attrs: Record<string, string> = {};
      if (body.length > name.length) readAttributes(body, name.length, attrs);
      h.start({ name, attrs, offset: lt }, selfClosing);
      if (selfClosing) h.end(name);
      else stack.push(name);
      i = j + 1;
    }
  }
  if (stack.length && !error) error = { message: `element <${stack[stack.length - 1]}> is not closed`, offset: n };
  return error;
}

/** Local name of a possibly prefixed element name (`tei:p` → `p`). */
export function localName(name: string): string {
  const k = name.indexOf(':');
  return k < 0 ? name : name.slice(k + 1);
}

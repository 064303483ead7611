/**
 * Decoding: file bytes → text. Owner: input robustness (issue 7).
 *
 * What it accepts: UTF-8 with or without a byte-order mark, UTF-16 LE/BE and UTF-32 LE/BE with a
 * byte-order mark, and any encoding iconv-lite knows when the user names it (`--encoding`). Line
 * ends (LF, CRLF, CR) and form feeds are kept exactly as they are, so that offsets and
 * `file:line:col` positions computed on the text match what an editor shows for the file. Control
 * characters that XML 1.0 forbids are kept too (the TEI writer encodes them as `<g>`, ENCODING.md
 * "Nothing lost"); only files that are not text at all are refused.
 *
 * What it refuses, with a diagnostic that says what to do: bytes that are not valid UTF-8 (pointing
 * at the first bad byte, naming the likely encoding), UTF-16 without a byte-order mark, binary files
 * (images, archives, PDF, word-processor files, zero-filled files). Empty and white-space-only files
 * are read, with a warning.
 *
 * Every step is one linear pass over the bytes: no quadratic work on files of tens of megabytes or
 * lines of millions of characters.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { positionOf, type Diagnostic, type Result } from '../model/index.js';

export interface DecodeOptions {
  /** Force an encoding (iconv-lite name), e.g. `windows-1252`, instead of detecting it. */
  encoding?: string;
}

export interface Decoded {
  text: string;
  encoding: string;
}

/** Rule ids of this module (stable; listed in README's diagnostics table). */
export const DECODE_RULES = {
  encoding: 'input-encoding',
  binary: 'input-binary',
  empty: 'input-empty',
} as const;

type Bom = { encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be'; length: number };

/** Byte-order mark at the start of `b`, if any. UTF-32 LE is tested before UTF-16 LE (its BOM starts with FF FE). */
function sniffBom(b: Uint8Array): Bom | null {
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return { encoding: 'utf-32le', length: 4 };
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** Signatures of file formats that are certainly not plain text, with what to tell the user. */
const SIGNATURES: { magic: number[]; what: string; advice: string }[] = [
  { magic: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF file', advice: 'extract its text (OCR output as .txt) first' },
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (or a .docx/.odt word-processor file)', advice: 'save the document as plain text (.txt, UTF-8)' },
  { magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'a Microsoft Office file (.doc)', advice: 'save the document as plain text (.txt, UTF-8)' },
  { magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image', advice: 'run OCR on it and convert the text file' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image', advice: 'run OCR on it and convert the text file' },
  { magic: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image', advice: 'run OCR on it and convert the text file' },
  { magic: [0x49, 0x49, 0x2a, 0x00], what: 'a TIFF image', advice: 'run OCR on it and convert the text file' },
  { magic: [0x4d, 0x4d, 0x00, 0x2a], what: 'a TIFF image', advice: 'run OCR on it and convert the text file' },
  { magic: [0x1f, 0x8b], what: 'a gzip-compressed file', advice: 'decompress it first' },
  { magic: [0x7f, 0x45, 0x4c, 0x46], what: 'an executable (ELF)', advice: 'give the text file instead' },
];

function startsWith(b: Uint8Array, magic: number[]): boolean {
  if (b.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (b[i] !== magic[i]) return false;
  return true;
}

/**
 * Offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), or -1 when all of `b` is valid.
 */
export function firstInvalidUtf8(b: Uint8Array, from = 0): number {
  const n = b.length;
  let i = from;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) { i++; continue; }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) { need = 2; if (c === 0xe0) lo = 0xa0; else if (c === 0xed) hi = 0x9f; }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; if (c === 0xf0) lo = 0x90; else if (c === 0xf4) hi = 0x8f; }
    else return i;
    if (i + need >= n) return i; // sequence truncated by the end of the file
    const c1 = b[i + 1];
    if (c1 === undefined || c1 < lo || c1 > hi) return i;
    for (let k = 2; k <= need; k++) {
      const ck = b[i + k];
      if (ck === undefined || ck < 0x80 || ck > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

interface ByteStats {
  nul: number;
  nulEven: number;
  nulOdd: number;
  /** C0 controls other than TAB, LF, VT, FF, CR, ESC, plus DEL. */
  control: number;
  firstNul: number;
}

/** The statistics of a file without NUL bytes whose control characters do not matter (it is valid UTF-8). */
const NO_BYTE_STATS: ByteStats = { nul: 0, nulEven: 0, nulOdd: 0, control: 0, firstNul: -1 };
/** RFC 3629 UTF-8 as the WHATWG decoder reads it with `fatal`: the same bytes {@link firstInvalidUtf8} accepts. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function byteStats(b: Uint8Array, from: number): ByteStats {
  let nul = 0, nulEven = 0, nulOdd = 0, control = 0, firstNul = -1;
  for (let i = from; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0) {
      nul++;
      if ((i - from) % 2 === 0) nulEven++; else nulOdd++;
      if (firstNul < 0) firstNul = i;
      control++;
    } else if ((c < 0x20 && !(c >= 9 && c <= 13) && c !== 0x1b) || c === 0x7f) {
      control++;
    }
  }
  return { nul, nulEven, nulOdd, control, firstNul };
}

/** Line and column (1-based, UTF-16 columns) of byte `offset` of a UTF-8 file whose bytes before `offset` are valid. */
function utf8Position(b: Uint8Array, offset: number): { line: number; column: number } {
  const prefix = new TextDecoder('utf-8').decode(b.subarray(0, offset));
  return positionOf(prefix, prefix.length);
}

function hex(c: number): string {
  return '0x' + c.toString(16).toUpperCase().padStart(2, '0');
}

/** iconv-lite name for what chardet reports, preferring windows-1252 over ISO-8859-1 (what Western files really are). */
function likelyEncoding(b: Uint8Array, around: number): string {
  const start = Math.max(0, around - 32768);
  const sample = b.subarray(start, Math.min(b.length, start + 65536));
  let guess: string | null = null;
  try {
    guess = chardet.detect(sample);
  } catch {
    guess = null;
  }
  let name = (guess ?? 'windows-1252').toLowerCase();
  if (name === 'iso-8859-1' || name === 'utf-8' || name === 'ascii') name = 'windows-1252';
  return iconv.encodingExists(name) ? name : 'windows-1252';
}

function diag(path: string, line: number, column: number, severity: Diagnostic['severity'], message: string, rule: string): Diagnostic {
  return { file: path, line, column, severity, message, rule };
}

/** True when the text has no character other than white space (incl. form feeds and the BOM). */
function isBlank(text: string): boolean {
  return /^[\s\uFEFF]*$/u.test(text);
}

/** Canonical lower-case name of an iconv-lite encoding (`UTF8` → `utf-8`, `CP1252` → `windows-1252` stays as given). */
function canonicalName(name: string): string {
  const n = name.trim().toLowerCase();
  if (n === 'utf8') return 'utf-8';
  if (n === 'utf16le' || n === 'ucs2' || n === 'ucs-2' || n === 'utf-16') return n === 'utf-16' ? 'utf-16' : 'utf-16le';
  if (n === 'utf16be') return 'utf-16be';
  return n;
}

/** Offset of the first unpaired surrogate in `s`, or -1. */
function firstLoneSurrogate(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { i++; continue; }
      return i;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

/** UTF-16/32 decoding that refuses truncated files and unpaired surrogates instead of replacing them with U+FFFD. */
function decodeWide(bytes: Uint8Array, body: number, encoding: string, path: string): Result<Decoded | null> {
  const unit = encoding.startsWith('utf-32') ? 4 : 2;
  const len = bytes.length - body;
  if (len % unit !== 0) {
    return {
      value: null,
      diagnostics: [diag(path, 1, 1, 'error',
        `the file says it is ${encoding.toUpperCase()} (byte-order mark) but its length is not a multiple of ${unit} bytes: it is truncated or not ${encoding.toUpperCase()}; convert it to UTF-8, or re-run with --encoding <name> if the byte-order mark is wrong`,
        DECODE_RULES.encoding)],
    };
  }
  let text: string;
  if (unit === 2) {
    const buf = Buffer.from(bytes.subarray(body));
    if (encoding === 'utf-16be') buf.swap16();
    text = buf.toString('utf16le');
    const bad = firstLoneSurrogate(text);
    if (bad >= 0) {
      const p = positionOf(text, bad);
      return {
        value: null,
        diagnostics: [diag(path, p.line, p.column, 'error',
          `invalid ${encoding.toUpperCase()}: unpaired surrogate ${'U+' + text.charCodeAt(bad).toString(16).toUpperCase()} at byte ${body + bad * 2}; the file is damaged or not ${encoding.toUpperCase()}: convert it to UTF-8, or re-run with --encoding <name>`,
          DECODE_RULES.encoding)],
      };
    }
  } else {
    const dv = new DataView(bytes.buffer, bytes.byteOffset + body, len);
    const le = encoding === 'utf-32le';
    const parts: string[] = [];
    let chunk: number[] = [];
    for (let i = 0; i < len; i += 4) {
      const cp = dv.getUint32(i, le);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        const sofar = parts.join('') + String.fromCodePoint(...chunk);
        const p = positionOf(sofar, sofar.length);
        return {
          value: null,
          diagnostics: [diag(path, p.line, p.column, 'error',
            `invalid ${encoding.toUpperCase()}: code ${'0x' + cp.toString(16).toUpperCase()} at byte ${body + i} is not a Unicode scalar value; convert the file to UTF-8, or re-run with --encoding <name>`,
            DECODE_RULES.encoding)],
        };
      }
      chunk.push(cp);
      if (chunk.length === 8192) { parts.push(String.fromCodePoint(...chunk)); chunk = []; }
    }
    parts.push(String.fromCodePoint(...chunk));
    text = parts.join('');
  }
  return { value: { text, encoding }, diagnostics: [] };
}

function finish(text: string, encoding: string, path: string, extra: Diagnostic[]): Result<Decoded | null> {
  const diagnostics = [...extra];
  if (text.length === 0) {
    diagnostics.push(diag(path, 1, 1, 'warning', 'the file is empty: the edition gets a document with no text; check that the right file was given', DECODE_RULES.empty));
  } else if (isBlank(text)) {
    diagnostics.push(diag(path, 1, 1, 'warning', 'the file contains only white space: the edition gets a document with no text; check that the right file was given', DECODE_RULES.empty));
  }
  return { value: { text, encoding }, diagnostics };
}

/**
 * Decode a file's bytes to text (UTF-8 with or without BOM, UTF-16/32 with BOM; other encodings
 * refused unless `opts.encoding` names one). `value` is null when the file cannot be read as text;
 * the diagnostics then say why, where (`file:line:col` of the first bad byte) and what to do.
 */
export function decode(bytes: Uint8Array, path: string, opts: DecodeOptions = {}): Result<Decoded | null> {
  const bom = sniffBom(bytes);

  // 1. An encoding the user named wins over detection (a wrong BOM is reported, not obeyed).
  if (opts.encoding !== undefined && opts.encoding.trim() !== '') {
    const wanted = canonicalName(opts.encoding);
    if (!iconv.encodingExists(wanted)) {
      return {
        value: null,
        diagnostics: [diag(path, 1, 1, 'error', `unknown encoding '${opts.encoding}': use a name such as utf-8, windows-1252, iso-8859-2, utf-16le, shift_jis`, DECODE_RULES.encoding)],
      };
    }
    const extra: Diagnostic[] = [];
    if (bom && bom.encoding !== wanted && !(bom.encoding === 'utf-16le' && wanted === 'utf-16')) {
      extra.push(diag(path, 1, 1, 'warning', `the file begins with a ${bom.encoding.toUpperCase()} byte-order mark but --encoding ${opts.encoding} was given; reading it as ${opts.encoding}`, DECODE_RULES.encoding));
    }
    if (wanted === 'utf-8') return decodeUtf8(bytes, bom?.encoding === 'utf-8' ? 3 : 0, path, extra, true);
    if (wanted === 'utf-16le' || wanted === 'utf-16be' || wanted === 'utf-32le' || wanted === 'utf-32be') {
      const skip = bom && bom.encoding === wanted ? bom.length : 0;
      const r = decodeWide(bytes, skip, wanted, path);
      return r.value ? finish(r.value.text, wanted, path, extra) : { value: null, diagnostics: [...extra, ...r.diagnostics] };
    }
    const sig = SIGNATURES.find((s) => startsWith(bytes, s.magic));
    if (sig) {
      return { value: null, diagnostics: [...extra, diag(path, 1, 1, 'error', `not a text file: this looks like ${sig.what}; ${sig.advice}`, DECODE_RULES.binary)] };
    }
    let text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), wanted, { stripBOM: true });
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return finish(text, wanted, path, extra);
  }

  // 2. A byte-order mark says what the file is.
  if (bom && bom.encoding !== 'utf-8') {
    const r = decodeWide(bytes, bom.length, bom.encoding, path);
    return r.value ? finish(r.value.text, bom.encoding, path, []) : r;
  }
  return decodeUtf8(bytes, bom ? 3 : 0, path, [], false);
}

function decodeUtf8(bytes: Uint8Array, start: number, path: string, extra: Diagnostic[], forced: boolean): Result<Decoded | null> {
  // Formats that are certainly not text.
  if (start === 0) {
    for (const s of SIGNATURES) {
      if (startsWith(bytes, s.magic)) {
        return {
          value: null,
          diagnostics: [...extra, diag(path, 1, 1, 'error', `not a text file: this looks like ${s.what}; ${s.advice}`, DECODE_RULES.binary)],
        };
      }
    }
  }
  // (the native strict decoder checks the common case, valid UTF-8, in one pass; the byte-by-byte
  // scans that say where and why run only on files that fail it or hold NUL bytes)
  let text: string | undefined;
  try {
    text = STRICT_UTF8.decode(bytes.subarray(start));
  } catch {
    text = undefined;
  }
  const bad = text === undefined ? firstInvalidUtf8(bytes, start) : -1;
  const stats = bad >= 0 || bytes.indexOf(0, start) >= 0 ? byteStats(bytes, start) : NO_BYTE_STATS;
  const len = bytes.length - start;

  if (len > 0) {
    // UTF-16 without a byte-order mark: ASCII-range text with a NUL in every other byte.
    if (stats.nul >= 4 && stats.nul * 10 >= len * 3) {
      const half = len / 2;
      if (stats.nulOdd * 10 >= half * 7 && stats.nulEven * 10 < half) {
        return { value: null, diagnostics: [...extra, diag(path, 1, 1, 'error', 'this looks like UTF-16 little-endian text without a byte-order mark: re-run with --encoding utf-16le (or save the file as UTF-8)', DECODE_RULES.encoding)] };
      }
      if (stats.nulEven * 10 >= half * 7 && stats.nulOdd * 10 < half) {
        return { value: null, diagnostics: [...extra, diag(path, 1, 1, 'error', 'this looks like UTF-16 big-endian text without a byte-order mark: re-run with --encoding utf-16be (or save the file as UTF-8)', DECODE_RULES.encoding)] };
      }
      return { value: null, diagnostics: [...extra, diag(path, 1, 1, 'error', `not a text file: ${stats.nul} of its ${len} bytes are NUL (first at byte ${stats.firstNul}); it is binary or zero-filled (an interrupted copy?); give the text file instead`, DECODE_RULES.binary)] };
    }
    // Control bytes in a file that is not UTF-8 either: binary.
    if (bad >= 0 && stats.control * 20 > len) {
      return { value: null, diagnostics: [...extra, diag(path, 1, 1, 'error', `not a text file: it is not UTF-8 and ${stats.control} of its ${len} bytes are control characters; give the text file instead`, DECODE_RULES.binary)] };
    }
  }

  if (bad >= 0) {
    const p = utf8Position(bytes.subarray(start), bad - start);
    const suggestion = likelyEncoding(bytes, bad);
    const advice = forced
      ? `re-run with the right --encoding (it looks like ${suggestion}), or convert the file to UTF-8`
      : `it looks like ${suggestion}: re-run with --encoding ${suggestion}, or convert the file to UTF-8`;
    return {
      value: null,
      diagnostics: [...extra, diag(path, p.line, p.column, 'error', `not valid UTF-8: byte ${hex(bytes[bad]!)} at byte offset ${bad}; ${advice}`, DECODE_RULES.encoding)],
    };
  }
  return finish(text ?? new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes.subarray(start)), 'utf-8', path, extra);
}

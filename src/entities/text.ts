/**
 * Text helpers for entity recognition: tokens with offsets, folding for comparison, slugs for
 * xml:id values, and an edit distance for OCR-tolerant matching. Pure.
 */

/** A word, number or punctuation mark of the source, with its UTF-16 offsets. */
export interface Token {
  text: string;
  start: number;
  end: number;
  /** Index of the source line (0-based). */
  line: number;
  /** First token on its line. */
  lineStart: boolean;
  /** White space between the previous token and this one contains a line break. */
  afterBreak: boolean;
  isWord: boolean;
  /** Starts with an upper-case letter. */
  cap: boolean;
  /** Two or more letters, all upper case. */
  allCaps: boolean;
  /** Memo of the recogniser's lower-cased form without a final stop or possessive (filled on first use). */
  bare?: string | undefined;
  /** Memo of {@link fold} of the text (filled on first use by {@link foldTok}). */
  folded?: string | undefined;
  /** Memos of the recogniser's per-token tests (title, name word, initial shape, possessive), filled on first use. */
  title?: boolean | undefined;
  nameWord?: boolean | undefined;
  initial?: boolean | undefined;
  possessive?: boolean | undefined;
  lexical?: boolean | undefined;
}

/**
 * The tokens of {@link tokenize}, as a pattern (the definition; the tokenizer reads them by hand, a
 * few times faster): `\p{L}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)*(?:-\p{L}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)*)*|\d+|\S` (flags gu).
 */
export const TOKEN_PATTERN = /\p{L}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)*(?:-\p{L}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)*)*|\d+|\S/gu;

const LETTER = 1;
const MARK = 2;
const SPACE = 4;
const classes = new Map<number, number>();

/** Unicode class of a code point as the token pattern sees it: letter (`\p{L}`), mark (`\p{M}`), white space (`\s`). */
function charClass(cp: number): number {
  if (cp < 128) {
    if ((cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90)) return LETTER;
    return cp === 32 || (cp >= 9 && cp <= 13) ? SPACE : 0;
  }
  let k = classes.get(cp);
  if (k === undefined) {
    const ch = String.fromCodePoint(cp);
    k = (/\p{L}/u.test(ch) ? LETTER : 0) | (/\p{M}/u.test(ch) ? MARK : 0) | (/\s/u.test(ch) ? SPACE : 0);
    classes.set(cp, k);
  }
  return k;
}

/** Split a text into tokens (letters with internal apostrophes and hyphens, digit runs, single marks), keeping offsets so spans stay lossless. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let line = 0;
  let lastEnd = 0;
  const n = text.length;
  let pos = 0;
  while (pos < n) {
    // the next match of TOKEN_RE, read by hand: white space skipped, then a word, a digit run or one code point
    const cp = text.codePointAt(pos)!;
    const k = charClass(cp);
    if (k & SPACE) { pos += cp > 0xffff ? 2 : 1; continue; }
    const start = pos;
    if (k & LETTER) {
      pos += cp > 0xffff ? 2 : 1;
      for (;;) {
        while (pos < n) {
          const c2 = text.codePointAt(pos)!;
          if (!(charClass(c2) & (LETTER | MARK))) break;
          pos += c2 > 0xffff ? 2 : 1;
        }
        // an apostrophe or hyphen continues the word only before a letter
        const c = text.charCodeAt(pos);
        if ((c === 39 || c === 0x2019 || c === 45) && pos + 1 < n) {
          const c3 = text.codePointAt(pos + 1)!;
          if (charClass(c3) & LETTER) { pos += 1 + (c3 > 0xffff ? 2 : 1); continue; }
        }
        break;
      }
    } else if (cp >= 48 && cp <= 57) {
      pos++;
      while (pos < n && text.charCodeAt(pos) >= 48 && text.charCodeAt(pos) <= 57) pos++;
    } else pos += cp > 0xffff ? 2 : 1;
    let breaks = 0;
    for (let i = lastEnd; i < start; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10) || c === 12) breaks++;
    }
    const first = out.length === 0;
    line += breaks;
    const t = text.slice(start, pos);
    // ASCII tokens (nearly all) are classified by character codes; others by the Unicode classes
    let upper = 0;
    let lower = 0;
    let ascii = true;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c >= 65 && c <= 90) upper++;
      else if (c >= 97 && c <= 122) lower++;
      else if (c > 127) { ascii = false; break; }
    }
    let isWord: boolean;
    let cap: boolean;
    let allCaps: boolean;
    if (ascii) {
      const c0 = t.charCodeAt(0);
      cap = c0 >= 65 && c0 <= 90;
      isWord = cap || (c0 >= 97 && c0 <= 122);
      allCaps = upper + lower >= 2 && lower === 0;
    } else {
      isWord = /^\p{L}/u.test(t);
      cap = isWord && /^\p{Lu}/u.test(t);
      const letters = t.replace(/[^\p{L}]/gu, '');
      allCaps = letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
    }
    out.push({
      text: t,
      start,
      end: pos,
      line,
      lineStart: first || breaks > 0,
      afterBreak: breaks > 0,
      isWord,
      cap,
      allCaps,
      bare: undefined,
      folded: undefined,
      title: undefined,
      nameWord: undefined,
      initial: undefined,
      possessive: undefined,
      lexical: undefined,
    });
    lastEnd = pos;
  }
  return out;
}

/** Lower case without a final possessive `'s` or stop: `text.toLowerCase().replace(/[’'][sS]$/u, '').replace(/\.$/, '')` without regular expressions (the recogniser's per-token key). */
export function bareText(text: string): string {
  let l = text.toLowerCase();
  const n = l.length;
  if (n >= 2 && l.charCodeAt(n - 1) === 115 && (l.charCodeAt(n - 2) === 39 || l.charCodeAt(n - 2) === 0x2019)) l = l.slice(0, n - 2);
  return l.charCodeAt(l.length - 1) === 46 ? l.slice(0, -1) : l;
}

/** Whether a token ends in a possessive `'s` (`Curtin's`), computed once per token. */
export function isPossessive(t: Token): boolean {
  return (t.possessive ??= /[’'][sS]$/u.test(t.text));
}

/** {@link fold} of a token's text, computed once per token (recognition asks for it many times). */
export function foldTok(t: Token): string {
  return (t.folded ??= fold(t.text));
}

/** Fold a name for comparison: strip diacritics, German umlaut spellings (ue → u), case and punctuation, so `Flossenbuerg`, `Flossenbürg` and `FLOSSENBURG` compare equal. */
export function fold(s: string): string {
  // ASCII letters and digits, single inner spaces (most words and names): lower case is the whole
  // fold unless an umlaut spelling may apply
  let ascii = s.length > 0 && s.charCodeAt(0) !== 32 && s.charCodeAt(s.length - 1) !== 32;
  for (let i = 0; ascii && i < s.length; i++) {
    const c = s.charCodeAt(i);
    const l = c | 32;
    if ((l >= 97 && l <= 122) || (c >= 48 && c <= 57)) continue;
    if (c !== 32 || s.charCodeAt(i - 1) === 32) ascii = false;
  }
  if (ascii) {
    const l = s.toLowerCase();
    if (!l.includes('ue') && !l.includes('oe') && !l.includes('ae')) return l;
  }
  const hit = foldMemo.get(s);
  if (hit !== undefined) return hit;
  if (foldMemo.size > 500000) foldMemo.clear();
  const v = foldRaw(s);
  foldMemo.set(s, v);
  return v;
}

const foldMemo = new Map<string, string>();

function foldRaw(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[’'][sS]$/u, '')
    .replace(/([bcdfhklmnprstwz])ue(?=[a-z])/g, '$1u')
    .replace(/([bcdfhklmnprstwz])oe(?=[a-z])/g, '$1o')
    .replace(/([bcdfhklmnprstwz])ae(?=[a-z])/g, '$1a')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Make an NCName-safe slug for an authority xml:id (TEI `xml:id` must be an NCName). */
export function slug(s: string): string {
  // ASCII letters and digits only: the slug is the lower case
  let plain = s.length > 0;
  for (let i = 0; plain && i < s.length; i++) {
    const c = s.charCodeAt(i);
    const l = c | 32;
    if (!((l >= 97 && l <= 122) || (c >= 48 && c <= 57))) plain = false;
  }
  if (plain) {
    const l = s.toLowerCase();
    return /^[a-z_]/.test(l) ? l : `n-${l}`;
  }
  const base = s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[’']s$/u, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!base) return 'x';
  return /^[a-z_]/.test(base) ? base : `n-${base}`;
}

/** Levenshtein distance with a cap: returns cap+1 as soon as the distance must exceed it (cheap enough for name matching). */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  if (rowA.length <= b.length) { rowA = new Int32Array(b.length + 16); rowB = new Int32Array(b.length + 16); }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > cap) return cap + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length]!;
}

/** Two reusable rows for {@link editDistance} (no allocation per call). */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/**
 * Whether two folded single names are plausibly one name misread by OCR (LIEVINOV/Litvinov,
 * Karahan/Karakhan, Oshisawa/Yoshizawa): edit distance 1 for names of 6+ letters, 2 for 8+,
 * always with the same first or last two letters so that distinct short names stay apart.
 */
export function ocrSimilar(a: string, b: string): boolean {
  if (a === b) return true;
  const n = Math.min(a.length, b.length);
  if (n < 6) return false;
  const allowed = n >= 8 ? 2 : 1;
  if (a.slice(-2) !== b.slice(-2) && a.slice(0, 2) !== b.slice(0, 2)) return false;
  // a different first letter (Bormann/Wörmann) needs a long name (Oshisawa/Yoshisawa)
  if (a[0] !== b[0] && n < 8) return false;
  return editDistance(a, b, allowed) <= allowed;
}

/**
 * An index for {@link ocrSimilar} look-ups: keys bucketed by their first and last two letters
 * (ocrSimilar demands one of them equal), so a look-up compares a few keys, not the whole
 * collection — needed to link 10,000 documents in seconds.
 */
export class FuzzyIndex {
  private readonly byHead = new Map<string, string[]>();
  private readonly byTail = new Map<string, string[]>();
  private readonly all = new Set<string>();

  /** Add a folded key (ignored when already present). */
  add(key: string): void {
    if (this.all.has(key)) return;
    this.all.add(key);
    for (const [m, k] of [[this.byHead, key.slice(0, 2)], [this.byTail, key.slice(-2)]] as const) {
      let l = m.get(k);
      if (!l) m.set(k, (l = []));
      l.push(key);
    }
  }

  has(key: string): boolean {
    return this.all.has(key);
  }

  /** First key (in insertion order of its bucket) that is OCR-similar to `key`, itself excluded. */
  find(key: string): string | undefined {
    for (const l of [this.byHead.get(key.slice(0, 2)), this.byTail.get(key.slice(-2))]) {
      if (!l) continue;
      for (const k of l) if (k !== key && ocrSimilar(k, key)) return k;
    }
    return undefined;
  }
}

/** Folded surname of a personal name as written (`M. M. Litvinov` → `litvinov`, `Veith, Jean` → `veith`). */
export function surnameOf(name: string): string | undefined {
  const inverted = /^([^,]+),\s*(.+)$/.exec(name);
  const base = inverted ? inverted[1]! : name;
  const words = base.split(/\s+/).filter((w) => /\p{L}{2,}/u.test(w) && !/^\p{Lu}\.$/u.test(w));
  const last = words[words.length - 1];
  return last ? fold(last) : undefined;
}

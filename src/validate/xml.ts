/**
 * A small, strict, position-keeping XML 1.0 parser for validation. Pure.
 *
 * Why our own: editorial rules must point at the exact line:col of the offending element or
 * attribute, and the document must be checked for DOCTYPE / entity declarations before any
 * general-purpose parser sees it (XXE, billion laughs). The parser never expands anything but the
 * five predefined entities and character references; a DOCTYPE is refused, not read.
 */

import { lineColumn, lineStarts } from '../tei/xml.js';

export const TEI_NS = 'http://www.tei-c.org/ns/1.0';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XINCLUDE_NS = 'http://www.w3.org/2001/XInclude';

export interface XAttr {
  /** Qualified name as written, e.g. `xml:id`. */
  name: string;
  local: string;
  ns: string | null;
  value: string;
  /** Offset of the attribute name. */
  offset: number;
}

export interface XText {
  type: 'text';
  /** Decoded text (references expanded, CDATA unwrapped). */
  text: string;
  /** Offset in the file of the first character of the raw text. */
  offset: number;
  /** The raw text as it stands in the file (references and CDATA markers unexpanded). */
  raw: string;
}

export interface XElement {
  type: 'element';
  name: string;
  local: string;
  ns: string | null;
  attrs: XAttr[];
  children: XNode[];
  parent: XElement | null;
  /** Offset of `<`. */
  offset: number;
  /** Offset just after the `>` of the start tag. */
  tagEnd: number;
}

export type XNode = XElement | XText;

export interface XPi {
  target: string;
  data: string;
  offset: number;
}

export interface XmlProblem {
  rule: 'xml-wellformed' | 'xml-doctype-forbidden';
  message: string;
  offset: number;
}

export interface ParsedXml {
  root: XElement | null;
  /** Processing instructions before the root element (e.g. `xml-model`). */
  prologPis: XPi[];
  problems: XmlProblem[];
}

const NAME_START = /[A-Za-z_:\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\uD800-\uDBFF]/;
const NAME_RE = /[A-Za-z_:\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\uD800-\uDFFF][-.0-9A-Za-z_:\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\uD800-\uDFFF]*/y;
/** ASCII characters of XML names: 1 may start a name (NameStartChar), 2 only continue one (NameChar). */
const NAME_ASCII = ((): Uint8Array => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    if (/[A-Za-z_:]/.test(ch)) t[c] = 1;
    else if (/[-.0-9]/.test(ch)) t[c] = 2;
  }
  return t;
})();
// eslint-disable-next-line no-control-regex
const ILLEGAL_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** End-of-line handling (XML 1.0 §2.11) and attribute-value normalisation (§3.3.3), only when needed. */
function normaliseWs(s: string, inAttr: boolean): string {
  if (inAttr) return /[\t\n\r]/.test(s) ? s.replace(/[\t\n\r]/g, ' ') : s;
  return s.indexOf('\r') >= 0 ? s.replace(/\r\n?/g, '\n') : s;
}

function isWsCode(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** True when a code point may appear in an XML 1.0 document (XML 1.0 §2.2 Char). */
export function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/**
 * Find a DOCTYPE or entity declaration anywhere in the text, before any parser reads it: such a
 * document could make a parser fetch external files or expand entities without bound (XXE,
 * billion laughs), so validation refuses it outright.
 */
export function findForbiddenDeclaration(text: string): XmlProblem | undefined {
  const m = /<!\s*(DOCTYPE|ENTITY)\b/i.exec(text);
  if (!m) return undefined;
  const what = m[1]!.toUpperCase();
  return {
    rule: 'xml-doctype-forbidden',
    offset: m.index,
    message: `<!${what}> is not allowed: DOCTYPE and entity declarations are never read (they could fetch external files or expand without bound); remove the declaration and write characters directly or as &#x…; references`,
  };
}

/** Options of {@link parseXml}. */
export interface ParseOptions {
  /**
   * Build the tree (default true). Without it the root comes back childless and text is checked
   * but not kept: the same checks in less memory, for callers that only need `onElement`.
   */
  tree?: boolean;
  /** Called for each element as its start tag is read (attributes and namespaces resolved). */
  onElement?: (el: XElement) => void;
}

/**
 * Parse a document into a tree with offsets, collecting well-formedness problems (XML 1.0) with
 * the offset of each. Stops at the first fatal problem, as XML processors must (XML 1.0 §1.2).
 */
export function parseXml(text: string, opts: ParseOptions = {}): ParsedXml {
  const tree = opts.tree ?? true;
  const onElement = opts.onElement;
  const problems: XmlProblem[] = [];
  const prologPis: XPi[] = [];
  const forbidden = findForbiddenDeclaration(text);
  if (forbidden) return { root: null, prologPis, problems: [forbidden] };

  // A character XML 1.0 forbids is an error wherever it stands (markup, comments, PIs, text).
  const illegal = ILLEGAL_CHAR.exec(text);
  if (illegal) {
    const code = illegal[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return { root: null, prologPis, problems: [{ rule: 'xml-wellformed', offset: illegal.index, message: `character U+${code} is not allowed in XML 1.0; write it as <g ref="#…"> declared in <charDecl>` }] };
  }

  let i = 0;
  const n = text.length;
  let root: XElement | null = null;
  let current: XElement | null = null;
  // Namespace scopes: one map per open element (prefix → uri); '' = default namespace.
  const scopes: Map<string, string>[] = [new Map([['xml', XML_NS]])];

  const fail = (message: string, offset: number): ParsedXml => {
    problems.push({ rule: 'xml-wellformed', message, offset });
    return { root, prologPis, problems };
  };
  // Each scope holds every binding in force (an element without declarations shares its parent's
  // map), so a lookup is O(1) however deep the nesting: walking the stack made deep documents
  // quadratic (60,000 nested elements took minutes; found by test/property/fuzz-tei).
  const lookup = (prefix: string): string | undefined => scopes[scopes.length - 1]!.get(prefix);
  const readName = (at: number): string | undefined => {
    // ASCII names (nearly all) by table; the regular expression for the rest.
    let j = at;
    let c = text.charCodeAt(j);
    if (c < 128 && NAME_ASCII[c] === 1) {
      do c = text.charCodeAt(++j);
      while (c < 128 && NAME_ASCII[c]! > 0);
      if (!(c >= 128)) return text.slice(at, j);
    } else if (c < 128 || c !== c) return undefined;
    NAME_RE.lastIndex = at;
    const m = NAME_RE.exec(text);
    return m ? m[0] : undefined;
  };
  /** Decode references in raw text; returns undefined and records a problem when one is bad. */
  const decode = (raw: string, base: number, inAttr: boolean): string | undefined => {
    // (Forbidden characters were refused for the whole text before parsing.)
    if (inAttr) {
      const lt = raw.indexOf('<');
      if (lt >= 0) {
        problems.push({ rule: 'xml-wellformed', offset: base + lt, message: "'<' is not allowed in an attribute value; write &lt;" });
        return undefined;
      }
    } else {
      const cdEnd = raw.indexOf(']]>');
      if (cdEnd >= 0) {
        problems.push({ rule: 'xml-wellformed', offset: base + cdEnd, message: "']]>' is not allowed in text; write ]]&gt;" });
        return undefined;
      }
    }
    if (raw.indexOf('&') < 0) return normaliseWs(raw, inAttr);
    let out = '';
    let k = 0;
    while (k < raw.length) {
      const amp = raw.indexOf('&', k);
      if (amp < 0) {
        out += raw.slice(k);
        break;
      }
      out += raw.slice(k, amp);
      const semi = raw.indexOf(';', amp);
      const ref = semi < 0 ? '' : raw.slice(amp + 1, semi);
      if (semi < 0 || !/^(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][-.\w]*)$/.test(ref)) {
        problems.push({ rule: 'xml-wellformed', offset: base + amp, message: "'&' must start a reference such as &amp; or &#x2014;; write a literal ampersand as &amp;" });
        return undefined;
      }
      if (ref[0] === '#') {
        const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        if (!isXmlChar(cp)) {
          problems.push({ rule: 'xml-wellformed', offset: base + amp, message: `&${ref}; refers to a character XML 1.0 forbids; write it as <g ref="#…"> declared in <charDecl>` });
          return undefined;
        }
        out += String.fromCodePoint(cp);
      } else if (ref in PREDEFINED) {
        out += PREDEFINED[ref];
      } else {
        problems.push({ rule: 'xml-wellformed', offset: base + amp, message: `entity &${ref}; is not defined (only &lt; &gt; &amp; &quot; &apos; and character references are allowed)` });
        return undefined;
      }
      k = semi + 1;
    }
    return normaliseWs(out, inAttr);
  };
  const addText = (raw: string, offset: number, decoded: string): void => {
    if (!current || !tree) return;
    const last = current.children[current.children.length - 1];
    if (last && last.type === 'text' && last.offset + last.raw.length === offset) {
      last.text += decoded;
      last.raw += raw;
    } else current.children.push({ type: 'text', text: decoded, offset, raw });
  };

  if (text.charCodeAt(0) === 0xfeff) i = 1;
  if (text.startsWith('<?xml', i) && /\s/.test(text[i + 5] ?? '')) {
    const end = text.indexOf('?>', i);
    if (end < 0) return fail('the XML declaration is not closed with ?>', i);
    const decl = text.slice(i, end);
    if (!/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/.test(decl)) {
      return fail('malformed XML declaration: write <?xml version="1.0" encoding="UTF-8"?>', i);
    }
    const enc = /encoding\s*=\s*["']([^"']*)["']/.exec(decl);
    if (enc && !/^utf-?8$/i.test(enc[1]!)) {
      problems.push({ rule: 'xml-wellformed', offset: i + enc.index, message: `encoding "${enc[1]}" is declared, but TEI files of the edition are UTF-8; convert the file to UTF-8 and declare encoding="UTF-8"` });
    }
    i = end + 2;
  }

  while (i < n) {
    const lt = text.indexOf('<', i);
    const stop = lt < 0 ? n : lt;
    if (stop > i) {
      const raw = text.slice(i, stop);
      if (current) {
        const decoded = decode(raw, i, false);
        if (decoded === undefined) return { root, prologPis, problems };
        addText(raw, i, decoded);
      } else {
        const m = /\S/.exec(raw);
        if (m) return fail(root ? 'text after the root element; a document has exactly one root element' : 'text before the root element', i + m.index);
      }
    }
    if (lt < 0) break;
    i = lt;
    const c1 = text[i + 1];
    if (c1 === '!') {
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0) return fail('comment not closed with -->', i);
        const dd = text.indexOf('--', i + 4);
        if (dd < end) return fail("'--' is not allowed inside a comment", dd);
        i = end + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', i)) {
        if (!current) return fail('CDATA section outside the root element', i);
        const end = text.indexOf(']]>', i + 9);
        if (end < 0) return fail('CDATA section not closed with ]]>', i);
        const raw = text.slice(i + 9, end);
        addText(text.slice(i, end + 3), i, normaliseWs(raw, false));
        i = end + 3;
        continue;
      }
      return fail("markup declaration '<!' is not allowed here", i);
    }
    if (c1 === '?') {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return fail('processing instruction not closed with ?>', i);
      const target = readName(i + 2);
      if (!target) return fail('processing instruction without a target name', i);
      if (/^xml$/i.test(target)) return fail('the XML declaration may only stand at the very start of the file', i);
      const afterTarget = i + 2 + target.length;
      if (afterTarget < end && !/\s/.test(text[afterTarget]!)) return fail(`processing instruction target "${target}" must be followed by white space or ?>`, i);
      if (!current && !root) prologPis.push({ target, data: text.slice(i + 2 + target.length, end).trim(), offset: i });
      i = end + 2;
      continue;
    }
    if (c1 === '/') {
      const name = readName(i + 2);
      if (!name) return fail('end tag without a name', i);
      let j = i + 2 + name.length;
      while (j < n && isWsCode(text.charCodeAt(j))) j++;
      if (text[j] !== '>') return fail(`end tag </${name}> is not closed with '>'`, j);
      if (!current) return fail(`end tag </${name}> without a matching start tag`, i);
      if (current.name !== name) {
        const at = lineIndex(text.slice(0, current.offset + 1)).length;
        return fail(`end tag </${name}> does not match the open start tag <${current.name}> of line ${at}; close <${current.name}> first`, i);
      }
      current = current.parent;
      scopes.pop();
      i = j + 1;
      continue;
    }
    // start tag
    const name = readName(i + 1);
    if (!name || !NAME_START.test(text[i + 1] ?? '')) return fail("'<' must start a tag; write a literal '<' as &lt;", i);
    if (root && !current) return fail('a second root element; a document has exactly one root element', i);
    let j = i + 1 + name.length;
    const attrs: XAttr[] = [];
    let scope: Map<string, string> | undefined;
    // Repeated names: a scan of the few attributes an element has, a set once there are many.
    let attrNames: Set<string> | undefined;
    let selfClosing = false;
    for (;;) {
      const ws = j;
      while (j < n && isWsCode(text.charCodeAt(j))) j++;
      if (j >= n) return fail(`start tag <${name}> is not closed`, i);
      if (text[j] === '>') {
        j++;
        break;
      }
      if (text[j] === '/' && text[j + 1] === '>') {
        selfClosing = true;
        j += 2;
        break;
      }
      if (j === ws) return fail(`white space is needed between attributes in <${name}>`, j);
      const an = readName(j);
      if (!an) return fail(`unexpected character '${text[j]}' in start tag <${name}>`, j);
      const aOff = j;
      j += an.length;
      while (j < n && isWsCode(text.charCodeAt(j))) j++;
      if (text[j] !== '=') return fail(`attribute ${an} has no value; write ${an}="…"`, aOff);
      j++;
      while (j < n && isWsCode(text.charCodeAt(j))) j++;
      const q = text[j];
      if (q !== '"' && q !== "'") return fail(`the value of attribute ${an} must be quoted`, j);
      const close = text.indexOf(q, j + 1);
      if (close < 0) return fail(`the value of attribute ${an} is not closed`, j);
      const value = decode(text.slice(j + 1, close), j + 1, true);
      if (value === undefined) return { root, prologPis, problems };
      if (attrs.length === 16) attrNames = new Set(attrs.map((a) => a.name));
      if (attrNames ? attrNames.has(an) : attrs.some((a) => a.name === an)) return fail(`attribute ${an} appears twice on <${name}>`, aOff);
      attrNames?.add(an);
      if (an === 'xmlns') (scope ??= new Map()).set('', value);
      else if (an.startsWith('xmlns:')) (scope ??= new Map()).set(an.slice(6), value);
      attrs.push({ name: an, local: an, ns: null, value, offset: aOff });
      j = close + 1;
    }
    const parentScope = scopes[scopes.length - 1]!;
    scopes.push(scope ? new Map([...parentScope, ...scope]) : parentScope);
    const colon = name.indexOf(':');
    const prefix = colon > 0 ? name.slice(0, colon) : '';
    const ns = lookup(prefix);
    if (prefix && ns === undefined) return fail(`namespace prefix '${prefix}' of <${name}> is not declared`, i);
    const el: XElement = { type: 'element', name, local: colon > 0 ? name.slice(colon + 1) : name, ns: ns ?? null, attrs, children: [], parent: current, offset: i, tagEnd: j };
    for (const a of attrs) {
      const c = a.name.indexOf(':');
      if (c > 0 && !a.name.startsWith('xmlns:')) {
        const p = a.name.slice(0, c);
        const u = lookup(p);
        if (u === undefined) return fail(`namespace prefix '${p}' of attribute ${a.name} is not declared`, a.offset);
        a.ns = u;
        a.local = a.name.slice(c + 1);
      }
    }
    onElement?.(el);
    if (current) {
      if (tree) current.children.push(el);
    }
    else root = el;
    if (selfClosing) scopes.pop();
    else current = el;
    i = j;
  }
  if (!root) return fail('no root element', Math.min(i, n));
  if (current) {
    const open: string[] = [];
    for (let e: XElement | null = current; e; e = e.parent) open.push(`<${e.name}>`);
    return fail(`end of file inside ${open.join(' inside ')}; close the element(s)`, n);
  }
  return { root, prologPis, problems };
}

/** Value of an attribute by qualified name as written (`type`, `xml:id`). */
export function attr(el: XElement, name: string): string | undefined {
  for (const a of el.attrs) if (a.name === name) return a.value;
  return undefined;
}

/** The attribute object (for its position). */
export function attrNode(el: XElement, name: string): XAttr | undefined {
  for (const a of el.attrs) if (a.name === name) return a;
  return undefined;
}

const ELEMENTS_CACHE = new WeakMap<XElement, XElement[]>();

/**
 * Every element of a subtree in document order, the root first. Cached per subtree root: the
 * rules walk the same tree many times, and a flat array is much cheaper than nested generators.
 */
export function elements(el: XElement): XElement[] {
  const cached = ELEMENTS_CACHE.get(el);
  if (cached) return cached;
  const out: XElement[] = [];
  const stack: XElement[] = [el];
  while (stack.length) {
    const e = stack.pop()!;
    out.push(e);
    for (let k = e.children.length - 1; k >= 0; k--) {
      const c = e.children[k]!;
      if (c.type === 'element') stack.push(c);
    }
  }
  ELEMENTS_CACHE.set(el, out);
  return out;
}

/** First child element with the given local name in the TEI namespace. */
export function child(el: XElement, local: string): XElement | undefined {
  for (const c of el.children) if (c.type === 'element' && c.local === local && c.ns === TEI_NS) return c;
  return undefined;
}

/** Concatenated text content of an element (what XPath string() returns). */
export function textContent(el: XElement): string {
  let s = '';
  for (const c of el.children) s += c.type === 'text' ? c.text : textContent(c);
  return s;
}

/**
 * Line starts of a text, for turning offsets into line:col quickly (binary search) on files with
 * many diagnostics; CRLF, CR and LF end lines, as in `positionOf` (src/model). Shared with src/tei.
 */
export const lineIndex: (text: string) => number[] = lineStarts;

/** 1-based line and column of an offset, given {@link lineIndex} of the text. */
export const lineCol: (starts: number[], offset: number) => { line: number; column: number } = lineColumn;

/**
 * File offset of every decoded character of a text node, walking its raw form once (references,
 * CDATA markers, CRLF), so that a diagnostic about a character points where it is written.
 */
export function textOffsets(t: XText): number[] {
  const raw = t.raw;
  const out: number[] = [];
  let r = 0;
  let inCdata = false;
  while (r < raw.length) {
    if (!inCdata && raw.startsWith('<![CDATA[', r)) { r += 9; inCdata = true; continue; }
    if (inCdata && raw.startsWith(']]>', r)) { r += 3; inCdata = false; continue; }
    const c = raw[r];
    if (c === '&' && !inCdata) {
      const semi = raw.indexOf(';', r);
      const ref = raw.slice(r + 1, semi);
      const cp = ref.startsWith('#') ? (ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)) : 0;
      out.push(t.offset + r);
      if (cp > 0xffff) out.push(t.offset + r);
      r = semi + 1;
      continue;
    }
    if (c === '\r' && raw[r + 1] === '\n') { out.push(t.offset + r); r += 2; continue; }
    out.push(t.offset + r);
    r++;
  }
  return out;
}

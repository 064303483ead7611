/**
 * A strict XML 1.0 (fifth edition) + Namespaces well-formedness check, for the property tests:
 * synchronous, linear and non-recursive (deep nesting cannot overflow it), so it can run on every
 * generated document. fast-xml-parser's validator accepts two root elements, `]]>` in text and
 * undeclared entities, so it cannot serve as the oracle; this check is cross-checked against
 * libxml2 (xmllint-wasm) in checkers.test.ts.
 */

const NAME_START = 'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_CHAR = NAME_START + '\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040';
const NAME = new RegExp(`[:${NAME_START}][:${NAME_CHAR}]*`, 'uy');
const NAME_FULL = new RegExp(`^[:${NAME_START}][:${NAME_CHAR}]*$`, 'u');
const BAD_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const PREDEFINED = new Set(['lt', 'gt', 'amp', 'apos', 'quot']);

function isXmlChar(v: number): boolean {
  return v === 9 || v === 10 || v === 13 || (v >= 0x20 && v <= 0xd7ff) || (v >= 0xe000 && v <= 0xfffd) || (v >= 0x10000 && v <= 0x10ffff);
}

/** Null when `xml` is a well-formed, namespace-well-formed XML 1.0 document; else the first problem and its offset. */
export function wellFormedProblem(xml: string): string | null {
  const bad = BAD_CHAR.exec(xml);
  if (bad) return `character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at offset ${bad.index} is not allowed in XML 1.0`;
  const n = xml.length;
  let i = 0;
  const entities = new Set<string>();
  const stack: { name: string; ns: Map<string, string> }[] = [];
  let rootSeen = false;
  let doctypeSeen = false;
  const err = (msg: string, at = i): string => `${msg} at offset ${at}`;

  const readName = (): string | null => {
    NAME.lastIndex = i;
    const m = NAME.exec(xml);
    if (!m) return null;
    i += m[0].length;
    return m[0];
  };
  const skipWs = (): boolean => {
    const s = i;
    while (i < n && (xml[i] === ' ' || xml[i] === '\t' || xml[i] === '\n' || xml[i] === '\r')) i++;
    return i > s;
  };
  /** Check `&…;` references in a text or attribute value segment. */
  const checkRefs = (s: string, base: number): string | null => {
    let k = s.indexOf('&');
    while (k >= 0) {
      const semi = s.indexOf(';', k);
      if (semi < 0) return err('"&" not starting a reference', base + k);
      const ref = s.slice(k + 1, semi);
      if (ref.startsWith('#x')) {
        if (!/^#x[0-9a-fA-F]+$/.test(ref) || !isXmlChar(parseInt(ref.slice(2), 16))) return err(`bad character reference &${ref};`, base + k);
      } else if (ref.startsWith('#')) {
        if (!/^#[0-9]+$/.test(ref) || !isXmlChar(parseInt(ref.slice(1), 10))) return err(`bad character reference &${ref};`, base + k);
      } else if (!NAME_FULL.test(ref)) {
        return err('"&" not starting a reference', base + k);
      } else if (!PREDEFINED.has(ref) && !entities.has(ref)) {
        return err(`undeclared entity &${ref};`, base + k);
      }
      k = s.indexOf('&', semi);
    }
    return null;
  };
  const resolvePrefix = (qname: string, isAttr: boolean, ns: Map<string, string>, at: number): string | null => {
    const c = qname.indexOf(':');
    if (c < 0) return null;
    if (c === 0 || c === qname.length - 1 || qname.indexOf(':', c + 1) >= 0) return err(`name "${qname}" is not a QName`, at);
    const prefix = qname.slice(0, c);
    if (prefix === 'xml') return null;
    if (prefix === 'xmlns') return isAttr ? null : err(`element may not have prefix xmlns`, at);
    if (!ns.has(prefix)) return err(`namespace prefix "${prefix}" is not declared`, at);
    return null;
  };

  // XML declaration
  if (xml.startsWith('<?xml') && /[\s?]/.test(xml[5] ?? '')) {
    const e = xml.indexOf('?>');
    if (e < 0) return err('unterminated XML declaration');
    if (!/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*\?>$/.test(xml.slice(0, e + 2))) return err('malformed XML declaration', 0);
    i = e + 2;
  }

  while (i < n) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const text = xml.slice(i, textEnd);
      if (stack.length === 0) {
        if (!/^[ \t\r\n]*$/.test(text)) return err('text outside the root element', i);
      } else {
        const cd = text.indexOf(']]>');
        if (cd >= 0) return err('"]]>" in text', i + cd);
        const r = checkRefs(text, i);
        if (r) return r;
      }
      i = textEnd;
    }
    if (i >= n) break;
    // at '<'
    if (xml.startsWith('<!--', i)) {
      const e = xml.indexOf('--', i + 4);
      if (e < 0) return err('unterminated comment');
      if (xml[e + 2] !== '>') return err('"--" inside a comment', e);
      i = e + 3;
    } else if (xml.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) return err('CDATA section outside the root element');
      const e = xml.indexOf(']]>', i + 9);
      if (e < 0) return err('unterminated CDATA section');
      i = e + 3;
    } else if (xml.startsWith('<!DOCTYPE', i)) {
      if (doctypeSeen || rootSeen || stack.length > 0) return err('misplaced DOCTYPE');
      doctypeSeen = true;
      i += 9;
      if (!skipWs()) return err('DOCTYPE without a name');
      if (!readName()) return err('DOCTYPE without a name');
      // external id and internal subset; collect declared general entities
      let depthQuote: string | null = null;
      let inSubset = false;
      for (; i < n; i++) {
        const c = xml[i]!;
        if (depthQuote) { if (c === depthQuote) depthQuote = null; continue; }
        if (c === '"' || c === "'") { depthQuote = c; continue; }
        if (c === '[') inSubset = true;
        else if (c === ']') inSubset = false;
        else if (inSubset && xml.startsWith('<!ENTITY', i)) {
          const m = /^<!ENTITY\s+([^\s%][^\s]*)\s/.exec(xml.slice(i, i + 300));
          if (m) entities.add(m[1]!);
        } else if (inSubset && xml.startsWith('<!--', i)) {
          const e = xml.indexOf('-->', i);
          if (e < 0) return err('unterminated comment in DOCTYPE');
          i = e + 2;
        } else if (c === '>' && !inSubset) break;
      }
      if (i >= n) return err('unterminated DOCTYPE');
      i++;
    } else if (xml.startsWith('<?', i)) {
      i += 2;
      const target = readName();
      if (!target) return err('processing instruction without a target');
      if (target.toLowerCase() === 'xml') return err('processing instruction target "xml" is reserved (XML declaration not at the start?)');
      if (target.includes(':')) return err('processing instruction target with a colon');
      const e = xml.indexOf('?>', i);
      if (e < 0) return err('unterminated processing instruction');
      if (e > i && !/[ \t\r\n]/.test(xml[i]!)) return err('processing instruction target not followed by white space');
      i = e + 2;
    } else if (xml[i + 1] === '/') {
      const at = i;
      i += 2;
      const name = readName();
      skipWs();
      if (!name || xml[i] !== '>') return err('malformed end tag', at);
      const top = stack.pop();
      if (!top) return err(`end tag </${name}> without a start tag`, at);
      if (top.name !== name) return err(`end tag </${name}> does not match <${top.name}>`, at);
      i++;
    } else {
      const at = i;
      i += 1;
      const name = readName();
      if (!name) return err('"<" not starting markup', at);
      if (stack.length === 0 && rootSeen) return err('a second root element', at);
      const attrs: { name: string; at: number }[] = [];
      const ns = new Map(stack.length ? stack[stack.length - 1]!.ns : []);
      let selfClosing = false;
      for (;;) {
        const ws = skipWs();
        if (xml.startsWith('/>', i)) { selfClosing = true; i += 2; break; }
        if (xml[i] === '>') { i++; break; }
        if (!ws) return err('attribute not preceded by white space or unterminated start tag');
        const aAt = i;
        const an = readName();
        if (!an) return err('malformed attribute');
        skipWs();
        if (xml[i] !== '=') return err(`attribute ${an} without a value`);
        i++;
        skipWs();
        const q = xml[i];
        if (q !== '"' && q !== "'") return err(`attribute ${an} value not quoted`);
        const e = xml.indexOf(q, i + 1);
        if (e < 0) return err('unterminated attribute value');
        const v = xml.slice(i + 1, e);
        const lti = v.indexOf('<');
        if (lti >= 0) return err('"<" in an attribute value', i + 1 + lti);
        const r = checkRefs(v, i + 1);
        if (r) return r;
        if (attrs.some((a) => a.name === an)) return err(`attribute ${an} repeated`, aAt);
        attrs.push({ name: an, at: aAt });
        if (an.startsWith('xmlns:')) {
          const p = an.slice(6);
          if (v === '') return err(`namespace prefix ${p} bound to an empty name`, aAt);
          ns.set(p, v);
        }
        i = e + 1;
      }
      const pe = resolvePrefix(name, false, ns, at);
      if (pe) return pe;
      const expanded = new Set<string>();
      for (const a of attrs) {
        const ae = resolvePrefix(a.name, true, ns, a.at);
        if (ae) return ae;
        const c = a.name.indexOf(':');
        if (c > 0 && a.name.slice(0, c) !== 'xmlns') {
          const key = `${a.name.slice(0, c) === 'xml' ? 'xml' : ns.get(a.name.slice(0, c))}|${a.name.slice(c + 1)}`;
          if (expanded.has(key)) return err(`attribute ${a.name} repeated (same namespace)`, a.at);
          expanded.add(key);
        }
      }
      rootSeen = true;
      if (!selfClosing) stack.push({ name, ns });
    }
  }
  if (stack.length) return err(`element <${stack[stack.length - 1]!.name}> not closed`, n);
  if (!rootSeen) return err('no root element', n);
  return null;
}

/** One event of {@link xmlEvents}: a start tag (attributes decoded), an end tag, or character data (decoded). */
export type XmlEvent =
  | { kind: 'start'; name: string; attrs: Record<string, string>; selfClosing: boolean }
  | { kind: 'end'; name: string }
  | { kind: 'text'; text: string };

const PREDEF: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };
function decodeRefs(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[^;&\s]+);/g, (m, r: string) =>
    r.startsWith('#x') ? String.fromCodePoint(parseInt(r.slice(2), 16)) : r.startsWith('#') ? String.fromCodePoint(parseInt(r.slice(1), 10)) : PREDEF[r] ?? m);
}

/**
 * The events of a document already found well-formed by {@link wellFormedProblem} (comments, PIs
 * and the DOCTYPE skipped; CDATA delivered as text). An independent reader for the round-trip
 * oracle, so that a bug shared by the TEI writer and the TEI stage's own reader cannot hide.
 */
export function xmlEvents(xml: string): XmlEvent[] {
  const out: XmlEvent[] = [];
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const e = lt < 0 ? n : lt;
    if (e > i) out.push({ kind: 'text', text: decodeRefs(xml.slice(i, e)) });
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) i = xml.indexOf('-->', lt + 4) + 3;
    else if (xml.startsWith('<![CDATA[', lt)) {
      const c = xml.indexOf(']]>', lt + 9);
      out.push({ kind: 'text', text: xml.slice(lt + 9, c) });
      i = c + 3;
    } else if (xml.startsWith('<!DOCTYPE', lt)) {
      let j = lt + 9;
      let q: string | null = null;
      let sub = false;
      for (; j < n; j++) {
        const c = xml[j]!;
        if (q) { if (c === q) q = null; continue; }
        if (c === '"' || c === "'") q = c;
        else if (c === '[') sub = true;
        else if (c === ']') sub = false;
        else if (c === '>' && !sub) break;
      }
      i = j + 1;
    } else if (xml.startsWith('<?', lt)) i = xml.indexOf('?>', lt) + 2;
    else if (xml[lt + 1] === '/') {
      const g = xml.indexOf('>', lt);
      out.push({ kind: 'end', name: xml.slice(lt + 2, g).trim() });
      i = g + 1;
    } else {
      let j = lt + 1;
      while (j < n && !/[\s/>]/.test(xml[j]!)) j++;
      const name = xml.slice(lt + 1, j);
      const attrs: Record<string, string> = {};
      for (;;) {
        while (j < n && /\s/.test(xml[j]!)) j++;
        if (xml[j] === '>' || xml.startsWith('/>', j)) break;
        const eq = xml.indexOf('=', j);
        const an = xml.slice(j, eq).trim();
        let k = eq + 1;
        while (/\s/.test(xml[k]!)) k++;
        const q = xml[k]!;
        const end = xml.indexOf(q, k + 1);
        attrs[an] = decodeRefs(xml.slice(k + 1, end));
        j = end + 1;
      }
      const selfClosing = xml[j] === '/';
      out.push({ kind: 'start', name, attrs, selfClosing });
      if (selfClosing) out.push({ kind: 'end', name });
      i = j + (selfClosing ? 2 : 1);
    }
  }
  return out;
}

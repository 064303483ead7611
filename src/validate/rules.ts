/**
 * Editorial rules: what a grammar cannot say about a TEI document of the edition. Pure.
 *
 * Each rule is one object in {@link RULES}: an id (kebab-case, stable, listed in docs/validate.md),
 * a severity, a one-line description, the fix an editor should make, and a `check` over the parsed
 * tree that reports at the offending element or attribute. To add a rule, add an object here and a
 * fixture folder test/fixtures/validate/<rule-id>/.
 */
import type { Severity } from '../model/index.js';
import { diplomaticText } from '../tei/read.js';
import { TEI_NS, XML_NS, attr, attrNode, elements, textOffsets, type XAttr, type XElement, type XText } from './xml.js';

/** Authority entry kinds, by the element that declares them (TEI Guidelines 13.3). */
export type AuthorityKind = 'person' | 'place' | 'org' | 'other';

/**
 * The xml:ids an `@ref` may point at: per authority file (key = file name without folders, e.g.
 * `persons.xml`), id → kind of entry.
 */
export interface AuthorityIndex {
  files: Map<string, Map<string, AuthorityKind>>;
}

export interface RuleContext {
  file: string;
  xml: string;
  root: XElement;
  authority?: AuthorityIndex;
  /** The source text the document was converted from, when known (enables `lossless`). */
  source?: string;
  /** The diplomatic text of `xml` (src/tei diplomaticText), when the caller has it already. */
  diplomatic?: string;
  /** How to name the source in messages, e.g. `sources/nca-1573-ps.txt`. */
  sourceName?: string;
  /** Processing instructions before the root element (`xml-model`, generation stamp). */
  prologPis: { target: string; data: string; offset: number }[];
  /** Report a problem at an element, an attribute or a file offset (severity: the rule's, unless given). */
  report(at: XElement | XAttr | number, message: string, severity?: Severity): void;
}

export interface Rule {
  id: string;
  severity: Severity;
  /** What the rule checks (one line, for docs and `--list-rules`). */
  description: string;
  /** How to fix a violation (one line). */
  fix: string;
  check(ctx: RuleContext): void;
}

const ENTITY_ELEMENTS = new Set(['persName', 'placeName', 'orgName', 'date']);
const ADDED = new Set(['corr', 'reg', 'expan', 'supplied']);
const DATE_ATTRS = ['when', 'notBefore', 'notAfter', 'from', 'to'] as const;
const KIND_OF: Record<string, AuthorityKind> = { persName: 'person', placeName: 'place', orgName: 'org' };

function isTei(el: XElement, local: string): boolean {
  return el.local === local && el.ns === TEI_NS;
}

/** Whether an element holds text other than white space, or a `<g>`, at any depth (an explicit stack: no list per element, no recursion limit). */
function hasContent(el: XElement): boolean {
  const stack: XElement[] = [el];
  while (stack.length) {
    const e = stack.pop()!;
    if (isTei(e, 'g')) return true;
    for (const c of e.children) {
      if (c.type === 'element') stack.push(c);
      else if (/\S/.test(c.text)) return true;
    }
  }
  return false;
}

/** Whether a TEI element of this name stands anywhere below `el`. */
function hasDescendant(el: XElement, local: string): boolean {
  const stack: XElement[] = [el];
  while (stack.length) {
    for (const c of stack.pop()!.children) {
      if (c.type !== 'element') continue;
      if (isTei(c, local)) return true;
      stack.push(c);
    }
  }
  return false;
}

/** The `<text>` element of a TEI document (not of nested TEI documents). */
function textElement(root: XElement): XElement | undefined {
  for (const c of root.children) if (c.type === 'element' && isTei(c, 'text')) return c;
  return undefined;
}

/** True for the five kinds of editorial addition of ENCODING.md "Nothing lost". */
export function isAddition(el: XElement): boolean {
  if (el.ns !== TEI_NS) return false;
  return ADDED.has(el.local) || (el.local === 'note' && attr(el, 'type') === 'editorial');
}

// ------------------------------------------------------------------------------------- dates

const ISO = /^(-?\d{4,})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Check an ISO 8601 date of TEI att.datable.w3c (TEI Guidelines 13.4) in the precisions the
 * edition uses (YYYY, YYYY-MM, YYYY-MM-DD); returns a problem description or undefined.
 */
export function isoDateProblem(value: string): string | undefined {
  const m = ISO.exec(value);
  if (!m) return `"${value}" is not an ISO 8601 date of the form YYYY, YYYY-MM or YYYY-MM-DD`;
  const year = Number(m[1]);
  if (m[2] !== undefined) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return `"${value}" has month ${m[2]}; months run from 01 to 12`;
    if (m[3] !== undefined) {
      const day = Number(m[3]);
      const max = daysInMonth(year, month);
      if (day < 1 || day > max) return `"${value}" has day ${m[3]}, but ${m[1]}-${m[2]} has ${max} days`;
    }
  }
  return undefined;
}

/** Earliest and latest day an ISO date of any precision covers, as comparable YYYY-MM-DD strings. */
function dateBounds(value: string): [string, string] | undefined {
  const m = ISO.exec(value);
  if (!m) return undefined;
  const y = m[1]!;
  if (m[3] !== undefined) return [value, value];
  if (m[2] !== undefined) return [`${y}-${m[2]}-01`, `${y}-${m[2]}-${String(daysInMonth(Number(y), Number(m[2]))).padStart(2, '0')}`];
  return [`${y}-01-01`, `${y}-12-31`];
}

// ------------------------------------------------------------------------------------- references

/** Split a pointer `file.xml#id` into the file name (without folders) and the id. */
function splitPointer(value: string): { file: string; id: string } | undefined {
  const hash = value.indexOf('#');
  if (hash < 0) return undefined;
  const path = value.slice(0, hash);
  return { file: path.slice(path.lastIndexOf('/') + 1), id: value.slice(hash + 1) };
}

function localIds(root: XElement): Map<string, XElement> {
  const ids = new Map<string, XElement>();
  for (const el of elements(root)) {
    for (const a of el.attrs) if (a.local === 'id' && a.ns === XML_NS && !ids.has(a.value)) ids.set(a.value, el);
  }
  return ids;
}

// ------------------------------------------------------------------------------------- lossless

/** White space as the evaluation (Python str.isspace) counts it: \s plus U+001C–U+001F and U+0085. */
function isWs(code: number, ch: string): boolean {
  if (code === 32 || (code >= 9 && code <= 13) || (code >= 0x1c && code <= 0x1f) || code === 0x85) return true;
  return code > 127 && code !== 0xfeff && /\s/.test(ch);
}

/** UTF-16 code units the lossless comparison ignores: `[\s\u001c-\u001f\u0085]`, as a table. */
const IGNORED = ((): Uint8Array => {
  const t = new Uint8Array(65536);
  const re = /[\s\u001c-\u001f\u0085]/;
  for (let c = 0; c < 65536; c++) if (re.test(String.fromCharCode(c))) t[c] = 1;
  return t;
})();

/**
 * Whether two texts are equal once the code units of {@link IGNORED} are removed from both; one
 * pass with two cursors, without building the stripped copies.
 */
function equalBesidesWs(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  const n = a.length;
  const m = b.length;
  for (;;) {
    while (i < n && IGNORED[a.charCodeAt(i)] === 1) i++;
    while (j < m && IGNORED[b.charCodeAt(j)] === 1) j++;
    if (i === n || j === m) return i === n && j === m;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
    i++;
    j++;
  }
}

/** Non-white-space characters of the diplomatic text with the file offset of each. */
interface Diplomatic {
  chars: string[];
  offsets: number[];
  /** Offset of the end of `<text>` (for text missing at the end). */
  end: number;
}

/** Code point a `<char>` declares (a mapping `U+001B`), for `<g>` standing for it. */
function charValue(ch: XElement | undefined): string | undefined {
  if (!ch) return undefined;
  for (const el of elements(ch)) {
    if (isTei(el, 'mapping')) {
      let s = '';
      for (const c of el.children) if (c.type === 'text') s += c.text;
      const m = /U\+([0-9A-Fa-f]{1,6})/.exec(s);
      if (m) return String.fromCodePoint(parseInt(m[1]!, 16));
      if (s.trim().length > 0 && [...s.trim()].length === 1) return s.trim();
    }
  }
  return undefined;
}

/**
 * The diplomatic text of `<text>` (ENCODING.md "Nothing lost": `<text>` minus corr, reg, expan,
 * supplied and note[@type=editorial]; a `<g>` counts as the character its `<char>` declares),
 * keeping only non-white-space characters, each with its offset in the file.
 */
function diplomatic(text: XElement, ids: Map<string, XElement>): Diplomatic {
  const chars: string[] = [];
  const offsets: number[] = [];
  let end = text.offset;
  const pushText = (t: XText): void => {
    const s = t.text;
    let offs: number[] | undefined;
    for (let k = 0; k < s.length; k++) {
      const code = s.charCodeAt(k);
      if (isWs(code, s[k]!)) continue;
      let ch = s[k]!;
      if (code >= 0xd800 && code <= 0xdbff && k + 1 < s.length) {
        ch += s[k + 1];
        k++;
      }
      chars.push(ch);
      offs ??= textOffsets(t);
      offsets.push(offs[k - (ch.length - 1)] ?? t.offset);
    }
  };
  const walk = (el: XElement): void => {
    if (isAddition(el)) return;
    if (isTei(el, 'g')) {
      const ref = attr(el, 'ref');
      const v = ref?.startsWith('#') ? charValue(ids.get(ref.slice(1))) : undefined;
      if (v !== undefined) {
        for (const ch of v) if (!isWs(ch.charCodeAt(0), ch)) { chars.push(ch); offsets.push(el.offset); }
        return;
      }
    }
    for (const c of el.children) {
      if (c.type === 'text') {
        pushText(c);
        end = c.offset + c.raw.length;
      } else walk(c);
    }
  };
  walk(text);
  return { chars, offsets, end };
}

/** A short excerpt of text from an offset, white space collapsed, for messages. */
function snippet(text: string, from: number, n = 30, markup = false): string {
  let s = text.slice(from, from + n * 4);
  if (markup) s = s.replace(/<[^>]*>?/g, ' ');
  s = s.replace(/\s+/g, ' ').trim();
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

// ------------------------------------------------------------------------------------- the rules

/** The editorial rules, in the order their diagnostics are reported for one element. */
export const RULES: Rule[] = [
  {
    id: 'xml-id-unique',
    severity: 'error',
    description: 'Every xml:id occurs once in the document.',
    fix: 'Rename one of the two elements\' xml:id and update the pointers (#id) to it.',
    check(ctx) {
      const seen = new Map<string, XAttr>();
      for (const el of elements(ctx.root)) {
        for (const a of el.attrs) {
          if (a.local !== 'id' || a.ns !== XML_NS) continue;
          const first = seen.get(a.value);
          if (first) {
            const line = ctx.xml.slice(0, first.offset).split(/\r\n?|\n/).length;
            ctx.report(a, `xml:id "${a.value}" is already used on line ${line}; an xml:id must be unique in the document: rename one of them`);
          } else seen.set(a.value, a);
        }
      }
    },
  },
  {
    id: 'ref-resolves',
    severity: 'error',
    description: 'Every @ref points at an existing authority entry (FILE#id or #id), and every <g ref> at a <char> of the header.',
    fix: 'Correct the id after #, or add the entry to the authority file (tei/authority/*.xml).',
    check(ctx) {
      const ids = localIds(ctx.root);
      const authority = ctx.authority;
      let unchecked = false;
      for (const el of elements(ctx.root)) {
        if (el.ns !== TEI_NS) continue;
        const a = attrNode(el, 'ref');
        if (!a) continue;
        for (const value of a.value.trim().split(/\s+/)) {
          const p = splitPointer(value);
          if (!p) continue; // external URI (not a pointer into the edition): the schema says where those may stand
          if (el.local === 'g') {
            const target = ids.get(p.id);
            if (p.file !== '' || !target || target.local !== 'char') {
              ctx.report(a, `<g ref="${value}"> does not point at a <char xml:id="${p.id}"> in this document's <charDecl>; declare the character in teiHeader/encodingDesc/charDecl or correct the id`);
            }
            continue;
          }
          if (p.file === '') {
            if (ids.has(p.id)) continue;
            if (authority && [...authority.files.values()].some((m) => m.has(p.id))) continue;
            ctx.report(a, `@ref "${value}" points at #${p.id}, but no element has xml:id="${p.id}" in this document${authority ? ' or the authority files' : ''}; correct the id or use FILE#id for an authority entry`);
            continue;
          }
          if (!authority) {
            // Nothing to resolve against: say so once, without failing the file.
            if (!unchecked) ctx.report(a, `@ref "${value}" and the other references into authority files were not checked: no authority files were given (an authority/ folder beside the file, or --authority DIR)`, 'info');
            unchecked = true;
            continue;
          }
          const entries = authority.files.get(p.file);
          if (!entries) {
            ctx.report(a, `@ref "${value}" names authority file ${p.file}, which was not found (known: ${[...authority.files.keys()].sort().join(', ') || 'none'}); correct the file name`);
            continue;
          }
          if (!entries.has(p.id)) {
            ctx.report(a, `@ref "${value}": ${p.file} has no entry with xml:id="${p.id}"; correct the id or add the entry to ${p.file}`);
          }
        }
      }
    },
  },
  {
    id: 'ref-kind',
    severity: 'warning',
    description: 'A persName points at a <person>, a placeName at a <place>, an orgName at an <org>.',
    fix: 'Point the @ref at an entry of the right kind, or change the element (persName/placeName/orgName).',
    check(ctx) {
      const authority = ctx.authority;
      if (!authority) return;
      for (const el of elements(ctx.root)) {
        const want = el.ns === TEI_NS ? KIND_OF[el.local] : undefined;
        const a = want ? attrNode(el, 'ref') : undefined;
        if (!want || !a) continue;
        const p = splitPointer(a.value.trim());
        if (!p) continue;
        const kind = p.file === ''
          ? [...authority.files.values()].find((m) => m.has(p.id))?.get(p.id)
          : authority.files.get(p.file)?.get(p.id);
        if (kind && kind !== want && kind !== 'other') {
          ctx.report(a, `<${el.local} ref="${a.value}"> points at a <${kind}> entry, not a <${want}>; point at a ${want} or use the element for a ${kind}`);
        }
      }
    },
  },
  {
    id: 'date-valid',
    severity: 'error',
    description: '@when, @notBefore, @notAfter, @from, @to are real calendar dates (YYYY, YYYY-MM, YYYY-MM-DD).',
    fix: 'Write the date as it is in ISO 8601 (1938-02-26), with a month 01–12 and a day that exists in that month.',
    check(ctx) {
      for (const el of elements(ctx.root)) {
        if (el.ns !== TEI_NS) continue;
        for (const name of DATE_ATTRS) {
          const a = attrNode(el, name);
          if (!a) continue;
          const problem = isoDateProblem(a.value);
          if (problem) ctx.report(a, `@${name} ${problem}; write a real date, e.g. ${name}="1938-02-26"`);
        }
      }
    },
  },
  {
    id: 'date-order',
    severity: 'error',
    description: '@notBefore is not after @notAfter, and @from is not after @to.',
    fix: 'Swap the two values, or correct the one that is wrong.',
    check(ctx) {
      for (const el of elements(ctx.root)) {
        if (el.ns !== TEI_NS) continue;
        for (const [lo, hi] of [['notBefore', 'notAfter'], ['from', 'to']] as const) {
          const a = attr(el, lo);
          const b = attr(el, hi);
          if (a === undefined || b === undefined) continue;
          const ba = dateBounds(a);
          const bb = dateBounds(b);
          if (!ba || !bb || isoDateProblem(a) || isoDateProblem(b)) continue;
          if (ba[0] > bb[1]) ctx.report(attrNode(el, lo)!, `@${lo}="${a}" is after @${hi}="${b}"; the range is empty: swap them or correct one`);
        }
      }
    },
  },
  {
    id: 'date-attributes',
    severity: 'warning',
    description: '@when is not combined with @notBefore/@notAfter/@from/@to (TEI att.datable: one or the other).',
    fix: 'Keep @when for an exact date, or the range attributes for an uncertain or spanning one, not both.',
    check(ctx) {
      for (const el of elements(ctx.root)) {
        if (el.ns !== TEI_NS || attr(el, 'when') === undefined) continue;
        const other = DATE_ATTRS.filter((n) => n !== 'when' && attr(el, n) !== undefined);
        if (other.length) ctx.report(attrNode(el, 'when')!, `@when is combined with @${other.join(' and @')}; use either @when or a range`);
      }
    },
  },
  {
    id: 'entity-empty',
    severity: 'error',
    description: 'A persName, placeName, orgName or date in the text has text content.',
    fix: 'Remove the empty element, or move the name or date it marks inside it.',
    check(ctx) {
      const text = textElement(ctx.root);
      if (!text) return;
      for (const el of elements(text)) {
        if (el.ns !== TEI_NS || !ENTITY_ELEMENTS.has(el.local)) continue;
        if (!hasContent(el)) ctx.report(el, `<${el.local}> is empty; it must enclose the name or date it marks (or be removed)`);
      }
    },
  },
  {
    id: 'entity-nesting',
    severity: 'warning',
    description: 'Entities are not nested, except a placeName or date inside an orgName or roleName (ENCODING.md).',
    fix: 'Split the outer element, or move the inner name out of it.',
    check(ctx) {
      const text = textElement(ctx.root);
      if (!text) return;
      for (const el of elements(text)) {
        if (el.ns !== TEI_NS || !ENTITY_ELEMENTS.has(el.local)) continue;
        for (let p = el.parent; p && p !== text; p = p.parent) {
          if (p.ns !== TEI_NS || !ENTITY_ELEMENTS.has(p.local)) continue;
          if (p.local === 'orgName' && (el.local === 'placeName' || el.local === 'date')) continue;
          ctx.report(el, `<${el.local}> is nested inside <${p.local}>; entities are not nested (only a placeName or date may stand inside an orgName or roleName)`);
          break;
        }
      }
    },
  },
  {
    id: 'pb-ascending',
    severity: 'warning',
    description: 'Numeric page numbers (pb/@n) ascend within each typed division (document, part, certificate, source) and within front, body and back.',
    fix: 'Correct the @n of the page break (a misread page number), or remove @n when the page is unnumbered.',
    check(ctx) {
      const text = textElement(ctx.root);
      if (!text) return;
      // Each typed division (document, part, certificate, source) is numbered on its own: multi-part
      // exhibits and certificates restart at 1. Page breaks outside one follow front/body/back.
      const groups = new Map<XElement, { n: number; el: XElement }>();
      const groupOf = (el: XElement): XElement => {
        for (let p = el.parent; p; p = p.parent) {
          if (p.ns !== TEI_NS) continue;
          if ((p.local === 'div' && attr(p, 'type') !== undefined) || p.local === 'front' || p.local === 'body' || p.local === 'back') return p;
        }
        return text;
      };
      for (const el of elements(text)) {
        if (!isTei(el, 'pb')) continue;
        const n = attr(el, 'n');
        if (n === undefined || !/^\d+$/.test(n.trim())) continue;
        const v = Number(n.trim());
        const g = groupOf(el);
        const prev = groups.get(g);
        if (prev && v <= prev.n) {
          const line = ctx.xml.slice(0, prev.el.offset).split(/\r\n?|\n/).length;
          ctx.report(attrNode(el, 'n')!, `page ${v} follows page ${prev.n} (line ${line}) in the same ${g.local === 'div' ? `${attr(g, 'type')} division` : `<${g.local}>`}; page numbers must ascend: correct @n`);
        }
        groups.set(g, { n: v, el });
      }
    },
  },
  {
    id: 'certificate-signed',
    severity: 'warning',
    description: 'Every <div type="certificate"> has a <signed> (its signer).',
    fix: 'Mark the signature line (the /s/ line or the signer\'s name) as <signed> inside the certificate\'s <closer>.',
    check(ctx) {
      for (const el of elements(ctx.root)) {
        if (!isTei(el, 'div') || attr(el, 'type') !== 'certificate') continue;
        if (!hasDescendant(el, 'signed')) ctx.report(el, `certificate${attr(el, 'subtype') ? ` (${attr(el, 'subtype')})` : ''} has no <signed>; mark its signer in <closer><signed>…</signed></closer>`);
      }
    },
  },
  {
    id: 'xml-model',
    severity: 'warning',
    description: 'The file begins with <?xml-model?> pointing at schemas/tei-edition.rng, so editors validate it on opening.',
    fix: 'Add <?xml-model href="…/schemas/tei-edition.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?> before the root element.',
    check(ctx) {
      if (!isTei(ctx.root, 'TEI')) return;
      const ok = ctx.prologPis.some((pi) => pi.target === 'xml-model' && /href\s*=\s*["'][^"']*tei-edition\.rng["']/.test(pi.data));
      if (!ok) ctx.report(ctx.root, 'no <?xml-model?> processing instruction points at schemas/tei-edition.rng, so XML editors cannot validate the file on opening; add one before <TEI>');
    },
  },
  {
    id: 'lossless',
    severity: 'error',
    description: 'The diplomatic text (<text> minus corr, reg, expan, supplied, note[@type=editorial]) equals the source, white space aside.',
    fix: 'Restore the source text that was deleted or changed; put additions inside corr, reg, expan, supplied or note type="editorial".',
    check(ctx) {
      if (ctx.source === undefined) return;
      const text = textElement(ctx.root);
      if (!text) return;
      // The definition of the diplomatic text is the TEI stage's (as the evaluation computes it);
      // our own walk below only finds where the first difference is written.
      if (equalBesidesWs(ctx.diplomatic ?? diplomaticText(ctx.xml), ctx.source)) return;
      const d = diplomatic(text, localIds(ctx.root));
      const src: string[] = [];
      const srcOff: number[] = [];
      const s = ctx.source;
      for (let k = 0; k < s.length; k++) {
        const code = s.charCodeAt(k);
        if (isWs(code, s[k]!)) continue;
        let ch = s[k]!;
        const at = k;
        if (code >= 0xd800 && code <= 0xdbff && k + 1 < s.length) {
          ch += s[k + 1];
          k++;
        }
        src.push(ch);
        srcOff.push(at);
      }
      const len = Math.min(src.length, d.chars.length);
      let k = 0;
      while (k < len && src[k] === d.chars[k]) k++;
      if (k === src.length && k === d.chars.length) {
        ctx.report(text, `the diplomatic text differs from the source ${ctx.sourceName ?? ''} (the first difference could not be located: check corr, reg, expan, supplied, editorial notes and <g>); restore the source text`);
        return;
      }
      const where = (off: number): string => {
        const before = s.slice(0, off);
        const line = before.split(/\r\n?|\n/).length;
        const col = off - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) ;
        return `${ctx.sourceName ?? 'the source'}:${line}:${col}`;
      };
      if (k === d.chars.length) {
        ctx.report(d.end, `the diplomatic text ends early: the source text from ${where(srcOff[k]!)} ("${snippet(s, srcOff[k]!)}") is missing; restore it`);
      } else if (k === src.length) {
        ctx.report(d.offsets[k]!, `text "${snippet(ctx.xml, d.offsets[k]!, 30, true)}" is not in the source (which ends before it); delete it or mark it as an addition (corr, reg, expan, supplied, note type="editorial")`);
      } else {
        ctx.report(d.offsets[k]!, `the diplomatic text differs from the source at ${where(srcOff[k]!)}: the source has "${snippet(s, srcOff[k]!)}" where the TEI has "${snippet(ctx.xml, d.offsets[k]!, 30, true)}"; restore the source text (additions go inside corr, reg, expan, supplied or note type="editorial")`);
      }
    },
  },
];

/** Look a rule up by id (for the CLI's rule table and for tests). */
export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

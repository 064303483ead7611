/**
 * TEI → data: the diplomatic text (as ../shared/eval/score.py computes it), document summaries for
 * indexes and search, and authority files back into the model. Works on hand-edited TEI: one linear
 * scan, no DOM, no schema assumptions beyond element names.
 */
import {
  positionOf,
  type Authority,
  type AuthorityEntry,
  type CertificateType,
  type DateValue,
  type Diagnostic,
  type DocSummary,
  type EntityType,
  type Identifier,
  type MentionSummary,
  type Result,
} from '../model/index.js';
import { documentKind } from './write.js';
import { localName, positionFinder, scanXml, type ScanError, type StartTag } from './xml.js';

/** Elements whose content an editor or the converter ADDED (ENCODING.md "Nothing lost"). */
const ADDED = new Set(['corr', 'reg', 'expan', 'supplied']);

function isAdded(name: string, attrs: Record<string, string>): boolean {
  return ADDED.has(name) || (name === 'note' && attrs.type === 'editorial');
}

/** Parse `U+001B` (or a `char-001B` id) into the character it names. */
function codepointChar(s: string): string | undefined {
  const m = /(?:U\+|char-)([0-9A-Fa-f]{1,6})\b/.exec(s);
  if (!m) return undefined;
  const cp = parseInt(m[1]!, 16);
  return cp <= 0x10ffff ? String.fromCharCode(...(cp > 0xffff ? [0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff)] : [cp])) : undefined;
}

const ENTITY_TYPES: Record<string, EntityType | 'date'> = { persName: 'person', placeName: 'place', orgName: 'org', date: 'date' };
const CERT_TYPES = new Set<CertificateType>(['copy', 'translation', 'source', 'oath', 'authentication', 'other']);
const BLOCKISH = new Set(['p', 'head', 'ab', 'closer', 'dateline', 'signed', 'div', 'note', 'fw', 'pb', 'lb', 'item', 'l', 'salute', 'roleName', 'trailer', 'byline', 'cell', 'row']);

interface OpenMention {
  type: EntityType | 'date';
  ref?: string;
  value?: DateValue;
  start: number;
  anchor: string;
}

/** Everything one scan of a TEI document yields. */
interface Scan {
  diplomatic: string;
  reading: string;
  title?: string;
  date?: DateValue;
  idnos: Identifier[];
  kind?: string;
  certificates: CertificateType[];
  mentions: (OpenMention & { end: number })[];
  error?: ScanError;
  hasText: boolean;
}

function dateValueOf(a: Record<string, string>): DateValue | undefined {
  const v: DateValue = {};
  if (a.when) v.when = a.when;
  if (a.notBefore) v.notBefore = a.notBefore;
  if (a.notAfter) v.notAfter = a.notAfter;
  if (a.from) v.from = a.from;
  if (a.to) v.to = a.to;
  if (a.cert === 'high' || a.cert === 'medium' || a.cert === 'low') v.cert = a.cert;
  return Object.keys(v).length ? v : undefined;
}

function scanTei(xml: string, full = true): Scan {
  const stack: { name: string; attrs: Record<string, string> }[] = [];
  const chars = new Map<string, string>();
  let charId: string | undefined;
  let mappingText: string | undefined;
  const dip: string[] = [];
  let dipLen = 0;
  const reading: string[] = [];
  let textDepth = -1; // stack depth of <text>, -1 outside
  let seenText = false;
  let skipDip = -1; // depth at which an added element started
  let skipRead = -1; // depth at which sic/orig/abbr/fw/editorial note started
  let gSkip = -1; // depth of a <g> resolved through charDecl: its content is not counted
  let capture: { what: 'title' | 'date' | 'idno' | 'kind'; depth: number; buf: string; attrs: Record<string, string> } | undefined;
  let mentionCount = 0;
  const open: OpenMention[] = [];
  const mentionStack: (OpenMention | undefined)[] = [];
  const out: Scan = { diplomatic: '', reading: '', idnos: [], certificates: [], mentions: [], hasText: false };

  const parentIs = (n: string, back = 1): boolean => {
    const e = stack[stack.length - back];
    return !!e && localName(e.name) === n;
  };
  const within = (n: string): boolean => stack.some((e) => localName(e.name) === n);

  const handler = {
    start(tag: StartTag, _self: boolean): void {
      const name = localName(tag.name);
      const a = tag.attrs;
      const depth = stack.length;
      if (textDepth < 0 && !seenText && name === 'text' && depth === 1) {
        textDepth = depth;
        seenText = true;
        out.hasText = true;
      }
      const inText = textDepth >= 0 && depth > textDepth;
      if (!inText && textDepth < 0) {
        if (name === 'char' && a['xml:id']) charId = a['xml:id'];
        else if (name === 'mapping' && charId) mappingText = '';
        else if (!capture) {
          if (name === 'title' && parentIs('titleStmt') && out.title === undefined) capture = { what: 'title', depth, buf: '', attrs: a };
          else if (name === 'date' && within('creation') && out.date === undefined) capture = { what: 'date', depth, buf: '', attrs: a };
          else if (name === 'idno' && parentIs('msIdentifier') && a.type !== 'file') capture = { what: 'idno', depth, buf: '', attrs: a };
          else if (name === 'term' && (a.type === 'documentKind' || a.type === 'kind') && out.kind === undefined) capture = { what: 'kind', depth, buf: '', attrs: a };
        }
      }
      let mention: OpenMention | undefined;
      if (inText) {
        if (skipDip < 0 && isAdded(name, a)) skipDip = depth;
        if (skipRead < 0 && ((name === 'note' && a.type === 'editorial') || name === 'fw' || ((name === 'sic' || name === 'orig' || name === 'abbr') && parentIs('choice')))) skipRead = depth;
        if (name === 'div' && a.type === 'certificate') {
          const st = a.subtype as CertificateType | undefined;
          out.certificates.push(st && CERT_TYPES.has(st) ? st : 'other');
        }
        if (name === 'g' && gSkip < 0) {
          const ref = (a.ref ?? '').replace(/^#/, '');
          const ch = chars.get(ref) ?? codepointChar(ref);
          if (ch !== undefined) {
            if (skipDip < 0) { dip.push(ch); dipLen += ch.length; }
            if (skipRead < 0) reading.push(ch);
            gSkip = depth;
          }
        }
        const t = ENTITY_TYPES[name];
        if (t) {
          mentionCount++;
          mention = { type: t, start: dipLen, anchor: `m${mentionCount}` };
          if (t === 'date') {
            const v = dateValueOf(a);
            if (v) mention.value = v;
          } else if (a.ref) {
            const r = a.ref.trim().split(/\s+/)[0]!;
            mention.ref = r.slice(r.indexOf('#') + 1);
          } else if (a.key) mention.ref = a.key;
          open.push(mention);
        }
        if (BLOCKISH.has(name)) reading.push(' ');
      }
      mentionStack.push(mention);
      stack.push({ name: tag.name, attrs: a });
    },
    end(_n: string): void {
      const e = stack.pop();
      const depth = stack.length;
      const m = mentionStack.pop();
      if (!e) return;
      const name = localName(e.name);
      if (m) out.mentions.push({ ...m, end: dipLen });
      if (capture && capture.depth === depth) {
        const v = capture.buf.replace(/\s+/g, ' ').trim();
        if (capture.what === 'title') out.title = v;
        else if (capture.what === 'date') out.date = dateValueOf(capture.attrs);
        else if (capture.what === 'kind') out.kind = v || undefined;
        else if (v) out.idnos.push({ type: capture.attrs.type ?? 'number', value: v });
        capture = undefined;
      }
      if (name === 'mapping' && mappingText !== undefined && charId) {
        const ch = codepointChar(mappingText);
        if (ch !== undefined) chars.set(charId, ch);
        mappingText = undefined;
      }
      if (name === 'char') charId = undefined;
      if (skipDip === depth) skipDip = -1;
      if (skipRead === depth) skipRead = -1;
      if (gSkip === depth) gSkip = -1;
      if (textDepth === depth) textDepth = -1;
      if (textDepth >= 0 && BLOCKISH.has(name)) reading.push(' ');
    },
    text(s: string): void {
      if (capture) capture.buf += s;
      if (mappingText !== undefined) mappingText += s;
      if (textDepth < 0 || gSkip >= 0) return;
      if (skipDip < 0) { dip.push(s); dipLen += s.length; }
      if (full && skipRead < 0) reading.push(s);
    },
  };
  out.error = scanXml(xml, handler);
  out.diplomatic = dip.join('');
  if (full) out.reading = readable(reading.join(''));
  out.mentions.sort((a, b) => Number(a.anchor.slice(1)) - Number(b.anchor.slice(1)));
  return out;
}

/**
 * The diplomatic text of a TEI document exactly as ../shared/eval/score.py computes it: the text of
 * `<text>` minus corr, reg, expan, supplied and note[@type=editorial]; a `<g>` counts as the character
 * its `<char>` declaration records (TEI Guidelines 5.2). The lossless check compares it with the source.
 */
export function diplomaticText(xml: string): string {
  return scanTei(xml, false).diplomatic;
}

/** Reading text for search and index pages: control characters (kept in the diplomatic text) dropped, white space collapsed. */
function readable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/\s+/g, ' ').trim();
}

function snippet(text: string, start: number, end: number, width = 60): string {
  let a = Math.max(0, start - width);
  let b = Math.min(text.length, end + width);
  if (a > 0) { const k = text.indexOf(' ', a); if (k >= 0 && k < start) a = k + 1; }
  if (b < text.length) { const k = text.lastIndexOf(' ', b); if (k > end) b = k; }
  return (a > 0 ? '… ' : '') + readable(text.slice(a, b)) + (b < text.length ? ' …' : '');
}

function wellformed(xml: string, file: string, err: ScanError): Diagnostic {
  const p = positionOf(xml, err.offset);
  return { file, line: p.line, column: p.column, severity: 'error', message: `not well-formed: ${err.message}`, rule: 'xml-wellformed' };
}

function stem(file: string): string {
  const base = file.replace(/^.*[\\/]/, '');
  return base.replace(/\.xml$/i, '');
}

/**
 * Summarise a TEI document (generated or hand-edited) for the edition's indexes, search and
 * collection table: title, date, idnos, kind, certificates, mentions numbered `m{N}` as the HTML
 * anchors are (ARCHITECTURE.md), and the plain reading text.
 */
export function summarise(xml: string, file: string): Result<DocSummary> {
  return summariseWithDiplomatic(xml, file).summary;
}

/**
 * {@link summarise} and {@link diplomaticText} from one scan: the build summarises every document it
 * validates, and the lossless check needs the diplomatic text the summary scan already made.
 */
export function summariseWithDiplomatic(xml: string, file: string): { summary: Result<DocSummary>; diplomatic: string } {
  const s = scanTei(xml);
  const diagnostics: Diagnostic[] = [];
  if (s.error) diagnostics.push(wellformed(xml, file, s.error));
  if (!s.hasText) diagnostics.push({ file, line: 1, column: 1, severity: 'error', message: 'no <text> element: nothing to index', rule: 'tei-no-text' });
  const name = stem(file);
  const mentions: MentionSummary[] = s.mentions.map((m) => {
    const ms: MentionSummary = {
      type: m.type,
      text: readable(s.diplomatic.slice(m.start, m.end)),
      context: snippet(s.diplomatic, m.start, m.end),
      anchor: m.anchor,
    };
    if (m.ref !== undefined) ms.ref = m.ref;
    if (m.value !== undefined) ms.value = m.value;
    return ms;
  });
  const value: DocSummary = {
    name,
    title: s.title || name,
    idnos: s.idnos,
    certificates: s.certificates,
    mentions,
    text: s.reading,
  };
  if (s.date) value.date = s.date;
  const kind = s.kind ?? documentKind(s.title);
  if (kind) value.kind = kind;
  return { summary: { value, diagnostics }, diplomatic: s.diplomatic };
}

// ---------------------------------------------------------------------------------------------
// Authority files
// ---------------------------------------------------------------------------------------------

const ENTRY_TYPES: Record<string, EntityType> = { person: 'person', place: 'place', org: 'org' };
const NAME_OF: Record<EntityType, string> = { person: 'persName', place: 'placeName', org: 'orgName' };

/**
 * Read an authority file (listPerson / listPlace / listOrg, TEI Guidelines 13.3) back into the
 * model, hand-curated or generated alike; entries with `@cert="low"` are the converter's unreviewed
 * additions.
 */
export function readAuthority(xml: string, file: string): Result<Authority> {
  const entries: AuthorityEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  const ids = new Set<string>();
  const stack: string[] = [];
  // entries may nest (a place within a place, TEI Guidelines 13.3.4): a stack, output in document order
  const open: (AuthorityEntry & { depth: number; order: number })[] = [];
  const done: (AuthorityEntry & { order: number })[] = [];
  let order = 0;
  let cap: { what: 'main' | 'variant' | 'name' | 'note' | 'idno'; depth: number; buf: string; type?: string } | undefined;
  let where: ((offset: number) => { line: number; column: number }) | undefined;
  const err = scanXml(xml, {
    start(tag) {
      const name = localName(tag.name);
      const depth = stack.length;
      const t = ENTRY_TYPES[name];
      const entry = open[open.length - 1];
      if (t && !cap) {
        const id = tag.attrs['xml:id'];
        open.push({ id: id ?? '', type: t, name: '', variants: [], idnos: [], reviewed: tag.attrs.cert !== 'low', depth, order: order++ });
        // Position computed only for a diagnostic, from line starts found once (a file with many
        // repeated ids must not be rescanned from the start for each).
        const p = !id || ids.has(id) ? (where ??= positionFinder(xml))(tag.offset) : { line: 0, column: 0 };
        if (!id) diagnostics.push({ file, line: p.line, column: p.column, severity: 'error', message: `<${name}> has no xml:id, so no document can refer to it; add xml:id="…"`, rule: 'authority-missing-id' });
        else if (ids.has(id)) diagnostics.push({ file, line: p.line, column: p.column, severity: 'error', message: `xml:id "${id}" is used twice; @ref cannot tell the entries apart`, rule: 'authority-duplicate-id' });
        if (id) ids.add(id);
      } else if (entry && !cap && depth === entry.depth + 1) {
        if (name === NAME_OF[entry.type]) {
          const ty = tag.attrs.type;
          cap = { what: ty === 'main' ? 'main' : ty === 'variant' ? 'variant' : 'name', depth, buf: '' };
        } else if (name === 'note' && entry.note === undefined) cap = { what: 'note', depth, buf: '' };
        else if (name === 'idno') cap = { what: 'idno', depth, buf: '', type: tag.attrs.type ?? 'other' };
      }
      stack.push(name);
    },
    end() {
      stack.pop();
      const depth = stack.length;
      const entry = open[open.length - 1];
      if (cap && cap.depth === depth && entry) {
        const v = cap.buf.replace(/\s+/g, ' ').trim();
        if (v) {
          if (cap.what === 'main' || (cap.what === 'name' && !entry.name)) {
            if (entry.name && entry.name !== v && !entry.variants.includes(entry.name)) entry.variants.unshift(entry.name);
            entry.name = v;
          } else if (cap.what === 'variant' || cap.what === 'name') {
            if (!entry.variants.includes(v) && v !== entry.name) entry.variants.push(v);
          } else if (cap.what === 'note') entry.note = v;
          else entry.idnos.push({ type: cap.type ?? 'other', value: v });
        }
        cap = undefined;
      }
      if (entry && entry.depth === depth) {
        open.pop();
        const { depth: _d, ...e } = entry;
        void _d;
        if (!e.name) e.name = e.variants[0] ?? e.id;
        if (e.id) done.push(e);
      }
    },
    text(s) {
      if (cap) cap.buf += s;
    },
  });
  for (const e of done.sort((x, y) => x.order - y.order)) {
    const { order: _o, ...entry } = e;
    void _o;
    entries.push(entry);
  }
  if (err) diagnostics.push(wellformed(xml, file, err));
  return { value: { entries }, diagnostics };
}

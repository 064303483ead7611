/**
 * Structure recognition: lines → units (page furniture, text, signatures, datelines, stamps) →
 * paragraphs joined across page breaks → divisions (document, parts, certificates, source).
 *
 * The division grammar follows TEI's `div` content model (TEI Guidelines 4.1 and 4.2): a division
 * opens with headings and datelines, continues with paragraphs and anonymous blocks, and ends with
 * a closer. A heading or dateline after running text, or running text after a closer, therefore
 * opens a new division (`part`) rather than breaking that order.
 */
import type {
  Block,
  CertificateType,
  Closer,
  CloserPart,
  Division,
  FlowPart,
  Furniture,
  Interruption,
  PageBreak,
  SourceNote,
  Span,
} from '../model/index.js';
import {
  certificateOpening,
  endsSentence,
  idStamp,
  isCapsSurname,
  isDateline,
  isNameLine,
  isPageNumber,
  isPlaceLine,
  isRoleLine,
  isRunningHead,
  nameCommaRole,
  nameThenRole,
  roleThenName,
  valedictionName,
  signatureAt,
  stampLine,
  stampCloser,
  startsContinuation,
} from './classify.js';
import { scanLines, type Line, type Token } from './lines.js';

type UnitKind =
  | 'text'
  | 'pageNum'
  | 'catch'
  | 'idStamp'
  | 'runningHead'
  | 'docNumber'
  | 'stamp'
  | 'sig'
  | 'dateline'
  | 'ff'
  | 'pb';

/** A recognised unit: one or more source lines of one kind. */
export interface Unit {
  kind: UnitKind;
  span: Span;
  /** Running text of the unit (text units may hold page furniture inside once joined). */
  parts: FlowPart[];
  lines: number;
  /** Text of the first and last line, for classification. */
  first: string;
  last: string;
  group: number;
  pageN?: string;
  id?: { type: string; value: string; span: Span };
  cert?: { type: CertificateType; heading: boolean };
  /** Set when the unit was joined across a page break or a blank line: running text, never a heading. */
  joined?: boolean;
}

/** What {@link recogniseStructure} finds: blocks and divisions plus the facts the header needs. */
export interface Structure {
  front: Block[];
  body: Division[];
  back: Division[];
  idnos: { type: string; value: string; span: Span }[];
  /** Units of the first division's top zone that are headings (title candidates). */
  titleHeads: Span[];
}

const FURNITURE: ReadonlySet<UnitKind> = new Set(['pageNum', 'catch', 'idStamp', 'runningHead', 'docNumber', 'ff', 'pb']);

function textUnit(line: Line, kind: UnitKind = 'text'): Unit {
  return { kind, span: { ...line.span }, parts: [{ kind: 'text', span: { ...line.span } }], lines: 1, first: line.text, last: line.text, group: line.group };
}

function wordCount(t: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < t.length; i++) {
    const sp = t.charCodeAt(i) <= 32;
    if (!sp && !inWord) n++;
    inWord = !sp;
  }
  return n;
}

function isAllCaps(t: string): boolean {
  return /[A-Z]{2}/.test(t) && !/[a-z]/.test(t);
}

/** Classify lines into units; `blankMode` when blank lines separate paragraphs (else every line stands alone). */
function buildUnits(text: string, tokens: Token[], blankMode: boolean): Unit[] {
  const units: Unit[] = [];
  let firstLine = true;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (tok.kind === 'ff') {
      units.push({ kind: 'ff', span: tok.span, parts: [], lines: 0, first: '', last: '', group: tok.group });
      continue;
    }
    const t = tok.text;
    const isFirst = firstLine;
    firstLine = false;
    if (isFirst && /^\d{1,5}$/.test(t)) {
      const u = textUnit(tok, 'docNumber');
      u.id = { type: 'number', value: t, span: tok.span };
      units.push(u);
      continue;
    }
    const pn = isPageNumber(t);
    if (pn !== undefined) {
      const u = textUnit(tok, 'pageNum');
      u.pageN = pn;
      units.push(u);
      continue;
    }
    const id = idStamp(t);
    if (id) {
      const u = textUnit(tok, 'idStamp');
      u.id = { ...id, span: tok.span };
      units.push(u);
      continue;
    }
    if (isRunningHead(t)) {
      units.push(textUnit(tok, 'runningHead'));
      continue;
    }
    const st = stampLine(t);
    if (st) {
      const u = textUnit(tok, 'stamp');
      if (st === 'open') {
        const closer = stampCloser(t[0]!);
        // a stamp description over up to three further lines, closed by its bracket or slash
        for (let k = 1; k <= 3 && i + k < tokens.length; k++) {
          const nx = tokens[i + k]!;
          if (nx.kind !== 'line' || nx.text.length > 120 || (blankMode && nx.group !== tok.group)) break;
          if (nx.text.endsWith(closer) || nx.text.endsWith(closer + '.')) {
            for (let j = 1; j <= k; j++) {
              const l = tokens[i + j] as Line;
              u.parts.push({ kind: 'text', span: { ...l.span } });
            }
            u.span.end = nx.span.end;
            u.last = nx.text;
            u.lines = k + 1;
            i += k;
            break;
          }
        }
      }
      units.push(u);
      continue;
    }
    const cert = certificateOpening(t);
    const sigAt = signatureAt(t);
    if (sigAt >= 0) {
      if (sigAt > 0 && cert) {
        // `Certified correct: /s/ Signature`: the formula heads the certificate, the mark signs it
        let headEnd = tok.span.start + sigAt;
        while (headEnd > tok.span.start && text.charCodeAt(headEnd - 1) <= 32) headEnd--;
        const head: Unit = { kind: 'text', span: { start: tok.span.start, end: headEnd }, parts: [{ kind: 'text', span: { start: tok.span.start, end: headEnd } }], lines: 1, first: text.slice(tok.span.start, headEnd), last: text.slice(tok.span.start, headEnd), group: tok.group, cert: { type: cert.type, heading: true } };
        const sigStart = tok.span.start + sigAt;
        const sig: Unit = { kind: 'sig', span: { start: sigStart, end: tok.span.end }, parts: [{ kind: 'text', span: { start: sigStart, end: tok.span.end } }], lines: 1, first: text.slice(sigStart, tok.span.end), last: text.slice(sigStart, tok.span.end), group: tok.group };
        units.push(head, sig);
        continue;
      }
      const u = textUnit(tok, 'sig');
      if (cert) u.cert = { type: cert.type, heading: true };
      units.push(u);
      continue;
    }
    if (cert && cert.type === 'authentication') {
      // `Authenticated [illegible]`, `Attested: KLANN [?]`: formula + signer on one short line
      const m = /^((?:Certified(?:\s+correct|\s+true(?:\s+copy)?)?|Attested|Authenticated(?:\s+copy)?|Verified)\s*[:.]?)\s+(\S.{0,40})$/i.exec(t);
      if (m && m[2] && !/^(?:that|by|as|to|the|a|this|copy)\b/i.test(m[2])) {
        const headEnd = tok.span.start + m[1]!.length;
        const sigStart = tok.span.start + t.length - m[2].length;
        units.push({ kind: 'text', span: { start: tok.span.start, end: headEnd }, parts: [{ kind: 'text', span: { start: tok.span.start, end: headEnd } }], lines: 1, first: m[1]!, last: m[1]!, group: tok.group, cert: { type: cert.type, heading: true } });
        units.push({ kind: 'sig', span: { start: sigStart, end: tok.span.end }, parts: [{ kind: 'text', span: { start: sigStart, end: tok.span.end } }], lines: 1, first: m[2], last: m[2], group: tok.group });
        continue;
      }
    }
    if (!cert && isDateline(t)) {
      units.push(textUnit(tok, 'dateline'));
      continue;
    }
    // plain text: in blank-line mode, join with the previous plain line of the same group
    const prev = units[units.length - 1];
    // (a line after a long line that ends a sentence, or a numbered or bulleted line, starts afresh)
    const listItem = /^(?:\d{1,3}\\?[.)]\s|\(?[a-z0-9]{1,3}\)\s|[*•-]\s|\[\d{1,3}\]\s)/.test(t);
    const prevEnds = !!prev && prev.last.length > 100 && endsSentence(prev.last);
    // (a name under a rank or office line is a signature: `The Reich Minister of Labour` / `Seldte`)
    const nameUnderRole = (): boolean => isNameLine(t) && !!prev && isRoleLine(prev.last) && !isNameLine(prev.last);
    if (blankMode && prev && prev.kind === 'text' && prev.group === tok.group && !cert && !prev.cert?.heading && !listItem && !prevEnds && !nameUnderRole() && !catchwordAhead(tokens, i)) {
      prev.parts.push({ kind: 'text', span: { ...tok.span } });
      prev.span.end = tok.span.end;
      prev.last = t;
      prev.lines++;
      continue;
    }
    const u = textUnit(tok);
    if (cert) u.cert = cert;
    units.push(u);
  }
  return units;
}

/**
 * Without form feeds to confirm them, numbers alone on their lines are page numbers only when they
 * ascend (and, without blank lines to set them apart, are few); otherwise they are cells of a table.
 */
function demoteTableNumbers(units: Unit[], blankMode: boolean, nLines: number): void {
  if (units.some((u) => u.kind === 'ff')) return;
  const firstText = units.findIndex((u) => u.kind === 'text' || u.kind === 'sig' || u.kind === 'dateline');
  const pns = units.filter((u, i) => u.kind === 'pageNum' && i > firstText);
  if (pns.length === 0) return;
  let ascending = true;
  for (let k = 1; k < pns.length; k++) if (Number(pns[k]!.pageN) <= Number(pns[k - 1]!.pageN)) ascending = false;
  if (ascending && (blankMode || pns.length * 10 <= nLines)) return;
  for (const u of pns) {
    u.kind = 'text';
    delete u.pageN;
  }
}

/** A short line typed directly under the text of a page whose words open the next page: a catchword, not part of the paragraph. */
function catchwordAhead(tokens: Token[], i: number): boolean {
  const tok = tokens[i] as Line;
  const t = tok.text;
  if (t.length > 30 || wordCount(t) > 3 || /[.:;]$/.test(t)) return false;
  for (let j = i + 1; j < tokens.length && j <= i + 4; j++) {
    const n = tokens[j]!;
    if (n.kind === 'ff' || isPageNumber(n.text) !== undefined || idStamp(n.text)) continue;
    return n.group !== tok.group && n.text.length > t.length + 1 && n.text.startsWith(t) && !/[A-Za-z0-9]/.test(n.text.charAt(t.length));
  }
  return false;
}

/** Mark catchwords: a short line alone at a page foot, repeated as the first word(s) of the next page. */
function markCatchwords(units: Unit[], blankMode: boolean): void {
  for (let i = 1; i < units.length - 1; i++) {
    const u = units[i]!;
    if (u.kind !== 'text' || u.lines !== 1 || u.cert) continue;
    const t = u.first;
    if (t.length > 30 || wordCount(t) > 3 || /[.:;]$/.test(t)) continue;
    let j = i + 1;
    let sawBreak = false;
    while (j < units.length && (units[j]!.kind === 'pageNum' || units[j]!.kind === 'ff' || units[j]!.kind === 'idStamp')) {
      if (units[j]!.kind === 'ff') sawBreak = true;
      j++;
    }
    const n = units[j];
    if (!n || (n.kind !== 'text' && n.kind !== 'sig' && n.kind !== 'dateline')) continue;
    if (!blankMode && !sawBreak) continue;
    if (blankMode && n.group === u.group) continue;
    if (n.first.length <= t.length + 1 || !n.first.startsWith(t)) continue;
    const after = n.first.charAt(t.length);
    if (/[A-Za-z0-9]/.test(after)) continue;
    const p = units[i - 1]!;
    if (p.kind !== 'text' && p.kind !== 'sig' && p.kind !== 'dateline' && p.kind !== 'stamp') continue;
    u.kind = 'catch';
  }
}

/** Insert page breaks where pages end: after a catchword, before a page number that heads a page. */
function insertPageBreaks(units: Unit[]): Unit[] {
  const out: Unit[] = [];
  const pb = (at: number, n?: string): Unit => {
    const u: Unit = { kind: 'pb', span: { start: at, end: at }, parts: [], lines: 0, first: '', last: '', group: -1 };
    if (n !== undefined) u.pageN = n;
    return u;
  };
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    const prev = out[out.length - 1];
    const next = units[i + 1];
    if (u.kind === 'ff') {
      // a form feed is the page break; the page number that follows names the page
      let k = i + 1;
      while (k < units.length && units[k]!.kind === 'idStamp') k++;
      const n = units[k]?.kind === 'pageNum' ? units[k]!.pageN : undefined;
      const b: Unit = { ...u, kind: 'pb' };
      if (n !== undefined) b.pageN = n;
      out.push(b);
      continue;
    }
    if (u.kind === 'pageNum') {
      const footer = next?.kind === 'ff';
      const afterBreak = prev?.kind === 'pb';
      // a number among the stamps before any text numbers the file or exhibit, not the document's pages
      const leading = out.every((x) => isInterruption(x));
      if (!footer && !afterBreak && !leading) out.push(pb(u.span.start, u.pageN));
      else if (afterBreak && prev.pageN === undefined && u.pageN !== undefined) prev.pageN = u.pageN;
      out.push(u);
      continue;
    }
    out.push(u);
    if (u.kind === 'catch') {
      const nx = next;
      if (nx && nx.kind !== 'ff' && nx.kind !== 'pageNum') out.push(pb(nx.span.start));
    }
  }
  return out;
}

/** A short line that heads two or more pages (after a page break, or at the top of the first page) is a running head. */
function markRunningHeads(units: Unit[]): void {
  const heads = new Map<string, number[]>();
  const at = (i: number): void => {
    let k = i;
    while (k < units.length && (units[k]!.kind === 'pageNum' || units[k]!.kind === 'idStamp' || units[k]!.kind === 'pb')) k++;
    const u = units[k];
    if (!u || u.kind !== 'text' || u.lines !== 1 || u.first.length > 60 || u.cert) return;
    const key = u.first.replace(/\s+/g, ' ').toLowerCase();
    const list = heads.get(key) ?? [];
    if (!list.includes(k)) list.push(k);
    heads.set(key, list);
  };
  at(0);
  let breaks = 0;
  for (let i = 0; i < units.length; i++) {
    if (units[i]!.kind === 'pb') {
      breaks++;
      at(i + 1);
    }
  }
  if (breaks === 0) return;
  let changed = false;
  for (const list of heads.values()) {
    if (list.length < 2) continue;
    for (const k of list) units[k]!.kind = 'runningHead';
    changed = true;
  }
  if (!changed) return;
  // a page number after a running head belongs to the page break before the head: drop the second break
  for (let i = units.length - 1; i >= 0; i--) {
    const u = units[i]!;
    if (u.kind !== 'pb' || u.span.start !== u.span.end) continue;
    let k = i - 1;
    while (k >= 0 && (units[k]!.kind === 'runningHead' || units[k]!.kind === 'idStamp')) k--;
    if (k >= 0 && k < i - 1 && units[k]!.kind === 'pb') {
      if (units[k]!.pageN === undefined && u.pageN !== undefined) units[k]!.pageN = u.pageN;
      units.splice(i, 1);
    }
  }
}

function isInterruption(u: Unit): boolean {
  return FURNITURE.has(u.kind);
}

function toInterruption(u: Unit): Interruption {
  if (u.kind === 'pb' || u.kind === 'ff') {
    const b: PageBreak = { kind: 'pb', span: { ...u.span } };
    if (u.pageN !== undefined) b.n = u.pageN;
    return b;
  }
  const fwType = u.kind === 'pageNum' ? 'pageNum' : u.kind === 'catch' ? 'catch' : u.kind === 'idStamp' ? 'stamp' : 'header';
  const f: Furniture = { kind: 'fw', fwType, span: { ...u.span } };
  return f;
}

/** Join paragraphs that a page break (with or without catchword) or a layout break splits mid-sentence. */
function joinAcrossBreaks(units: Unit[], fullWidth = 60): Unit[] {
  const out: Unit[] = [];
  let firstP = -1; // index in `out` of the first paragraph-like text unit
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (firstP < 0 && out.length > 0) {
      const last = out[out.length - 1]!;
      if (last.kind === 'text' && isPLike(last)) firstP = out.length - 1;
    }
    if (u.kind === 'text' && !u.cert) {
      // find the last text unit before a run of interruptions
      let k = out.length - 1;
      let sawCatch = false;
      while (k >= 0 && isInterruption(out[k]!)) {
        if (out[k]!.kind === 'catch') sawCatch = true;
        k--;
      }
      const p = k >= 0 ? out[k]! : undefined;
      // a hard-wrapped paragraph (OCR lines with blank lines between them) continues with a capital too
      // and so does a long paragraph line cut off mid-sentence (`… the Japanese Government in` / `Tokyo informed …`)
      // (past the headings: a title line cut short is not a paragraph)
      const pastTop = firstP >= 0 && firstP < k;
      const wrapped = !!p && (p.lines >= 2 ? p.last.length >= 45 : p.last.length > 100 || (pastTop && p.last.length >= fullWidth)) && /[a-z,]$/.test(p.last) && u.first.length >= 30 && !isAllCaps(u.first);
      // (a name under a rank or office line signs it: `The Deputy of the Reich Chancellor` / `von Papen.`)
      const signs = (): boolean => !!p && u.lines === 1 && isNameLine(u.first) && isRoleLine(p.last) && !isNameLine(p.last);
      if (p && p.kind === 'text' && !(p.cert && p.cert.heading) && !endsSentence(p.last) && (startsContinuation(u.first) || wrapped || (sawCatch && !isAllCaps(u.first))) && wordCount(p.last) >= 4 && !signs()) {
        for (let j = k + 1; j < out.length; j++) p.parts.push(toInterruption(out[j]!));
        out.length = k + 1;
        p.parts.push(...u.parts);
        p.span.end = u.span.end;
        p.last = u.last;
        p.lines += u.lines;
        p.joined = true;
        continue;
      }
    }
    out.push(u);
  }
  return out;
}

const NOTE_START = /^(?:\*\s+)?(?:\[(\d{1,3})\]|(\d{1,3})(?=\s|[A-Z‘'"(]))/;
const ARCH_REF = /^\[[A-Z][A-Za-z&. ]{0,15}\s?:\s?[^\]]{1,300}\]\.?$/;

interface Tail {
  /** Index into units where the tail begins (units before it are the document and its apparatus). */
  start: number;
  /** Notes that stand before the source reference (kept in the last division). */
  notesBefore: SourceNote[];
  /** The source division (publication or archival reference, and any notes after it). */
  source?: Division;
}

function noteOf(u: Unit, n: string): SourceNote {
  return { kind: 'note', n, span: { ...u.span }, parts: [...u.parts] };
}

/** Find the end matter: an NCA `Source:` block, a DFAT archival reference `[AA: …]`, and numbered notes. */
function findTail(units: Unit[], text: string): Tail {
  const none: Tail = { start: units.length, notesBefore: [] };
  // (1) `Source:` publication block near the end
  for (let i = Math.max(0, units.length - 8); i < units.length; i++) {
    const u = units[i]!;
    if (u.lines === 1 && /^Source\s*:?$/i.test(u.first) && i < units.length - 1) {
      const blocks: Block[] = [{ kind: 'head', span: { ...u.span }, parts: [...u.parts] }];
      const rest = units.slice(i + 1);
      const parts: FlowPart[] = [];
      for (const r of rest) {
        if (r.kind === 'pb' || r.kind === 'ff') parts.push(toInterruption(r));
        else parts.push(...(r.parts.length ? r.parts : [{ kind: 'text' as const, span: { ...r.span } }]));
      }
      const last = rest[rest.length - 1]!;
      blocks.push({ kind: 'ab', span: { start: rest[0]!.span.start, end: last.span.end }, parts });
      return { start: i, notesBefore: [], source: { kind: 'div', type: 'source', span: { start: u.span.start, end: last.span.end }, blocks } };
    }
  }
  // (2) archival reference and numbered notes
  let ref = -1;
  for (let i = units.length - 1; i >= 0 && i >= units.length - 80; i--) {
    const u = units[i]!;
    if (u.lines === 1 && u.first.length < 300 && ARCH_REF.test(u.first)) {
      ref = i;
      break;
    }
  }
  // referenced note numbers in the running text: `[1]` or `[1](#f1)`
  let minRef = Infinity;
  const refRe = /\[(\d{1,3})\](?:\(#f\d+\))?/g;
  const limit = ref >= 0 ? units[ref]!.span.start : text.length;
  let m: RegExpExecArray | null;
  refRe.lastIndex = 0;
  const head = text.slice(0, limit);
  while ((m = refRe.exec(head)) !== null) {
    const v = Number(m[1]);
    if (v < minRef) minRef = v;
  }
  // notes: from a note numbered as the first reference (or 1), numbered in sequence to the end
  const isRef = (k: number): boolean => units[k]!.lines === 1 && units[k]!.first.length < 300 && ARCH_REF.test(units[k]!.first);
  const noteNo = (k: number): number => {
    const u = units[k]!;
    if (u.kind !== 'text' && u.kind !== 'docNumber' && u.kind !== 'pageNum' && u.kind !== 'dateline') return -1;
    const nm = NOTE_START.exec(u.first);
    return nm ? Number(nm[1] ?? nm[2]) : -1;
  };
  const sequenceFrom = (i: number): boolean => {
    let expected = noteNo(i);
    let notes = 1;
    for (let k = i + 1; k < units.length; k++) {
      const u = units[k]!;
      if (isRef(k) || isInterruption(u)) continue;
      const n = noteNo(k);
      if (n === expected + 1) {
        expected = n;
        notes++;
        continue;
      }
      if (u.kind !== 'text') return false;
    }
    return notes >= 2 || ref >= 0;
  };
  let notesStart = -1;
  for (let i = units.length - 1; i >= 0 && i >= units.length - 200; i--) {
    if (noteNo(i) === 1 && sequenceFrom(i)) {
      notesStart = i;
      break;
    }
  }
  if (notesStart < 0 && minRef !== Infinity) {
    for (let i = units.length - 1; i >= 0 && i >= units.length - 200; i--) {
      if (noteNo(i) === minRef) {
        notesStart = i;
        break;
      }
    }
  }
  if (ref < 0 && notesStart < 0) return none;
  let start = ref >= 0 ? ref : notesStart;
  if (notesStart >= 0 && notesStart < start) start = notesStart;
  // an archival reference directly before the notes belongs with them
  while (start > 0 && isRef(start - 1)) start--;
  // notes must be near the end: everything from start on is notes, refs or their continuations
  const notesBefore: SourceNote[] = [];
  const srcBlocks: Block[] = [];
  let current: SourceNote | undefined;
  let inSource = false;
  for (let i = start; i < units.length; i++) {
    const u = units[i]!;
    if (i === ref || (isRef(i) && (notesStart < 0 || i < notesStart || i > notesStart))) {
      inSource = true;
      current = undefined;
      srcBlocks.push({ kind: 'ab', span: { ...u.span }, parts: [...u.parts] });
      continue;
    }
    if (u.kind === 'pb' || u.kind === 'ff' || u.kind === 'pageNum' && !NOTE_START.test(u.first) || u.kind === 'catch' || u.kind === 'idStamp' || u.kind === 'runningHead') {
      const intr = toInterruption(u);
      if (current) {
        current.parts.push(intr);
        current.span.end = u.span.end;
      } else (inSource ? srcBlocks : notesBefore).push(intr as never);
      continue;
    }
    const nm = notesStart >= 0 && i >= notesStart && noteNo(i) >= 0 ? NOTE_START.exec(u.first) : null;
    if (nm) {
      current = noteOf(u, nm[1] ?? nm[2]!);
      (inSource ? srcBlocks : notesBefore).push(current);
      continue;
    }
    if (current) {
      current.parts.push(...(u.parts.length ? u.parts : [{ kind: 'text' as const, span: { ...u.span } }]));
      current.span.end = u.span.end;
      continue;
    }
    // a line that is neither note nor reference: keep it as a line of its own
    const ab: Block = { kind: 'ab', span: { ...u.span }, parts: u.parts.length ? [...u.parts] : [{ kind: 'text', span: { ...u.span } }] };
    (inSource ? srcBlocks : notesBefore).push(ab as never);
  }
  const tail: Tail = { start, notesBefore };
  if (srcBlocks.length > 0) {
    const first = srcBlocks[0]!;
    const last = srcBlocks[srcBlocks.length - 1]!;
    tail.source = { kind: 'div', type: 'source', span: { start: first.span.start, end: last.span.end }, blocks: srcBlocks };
  }
  return tail;
}

/** A line that ends a sentence, perhaps followed by a closing quote or bracket and a note reference (`… events. [8]`). */
const SENTENCE_END = /[.!?:;]["'”’)\]]?(?:\s*\[\d{1,3}\](?:\(#f\d+\))?)?$/;

function isPLike(u: Unit): boolean {
  if (u.joined) return true;
  const len = u.span.end - u.span.start;
  if (len > 150) return true;
  if (u.lines === 1 && len > 100) return true;
  // a hard-wrapped sentence: a full-width first line, several words, a sentence end
  if (u.lines > 1 && u.first.length >= 55 && wordCount(u.first) + wordCount(u.last) >= 8 && SENTENCE_END.test(u.last)) return true;
  return u.lines === 1 && wordCount(u.first) >= 5 && SENTENCE_END.test(u.first) && !isAllCaps(u.first) && !/^#{1,6}\s/.test(u.first);
}

function isRoleUnit(u: Unit, text: string): boolean {
  if (u.kind !== 'text' || u.lines > 3) return false;
  for (const p of u.parts) {
    if (p.kind !== 'text') continue;
    if (!isRoleLine(text.slice(p.span.start, p.span.end))) return false;
  }
  return true;
}

function isNameUnit(u: Unit): boolean {
  return u.kind === 'text' && u.lines === 1 && isNameLine(u.first);
}

/** A typed signature block on consecutive lines: a name, then rank or office lines (`J. A. LYONS` / `Prime Minister`). */
function isSignatureBlock(u: Unit, text: string): boolean {
  if (u.kind !== 'text' || u.lines < 2 || u.lines > 4 || u.cert || u.parts.some((p) => p.kind !== 'text')) return false;
  if (!isNameLine(u.first)) return false;
  for (let k = 1; k < u.parts.length; k++) {
    const t = text.slice(u.parts[k]!.span.start, u.parts[k]!.span.end);
    if (!(isRoleLine(t) || (t.length <= 60 && /^[A-Z(]/.test(t) && !/[.!?;:]["')]?$/.test(t.replace(/\.$/, '')) && wordCount(t) <= 8 && !/[a-z]{2}\.\s/.test(t)))) return false;
  }
  return true;
}

/** The formulas of a signature block (`By order`, `For the Minister`, `Yours faithfully`, `Heil Hitler!`). */
const FORMULA = /^(?:By\s+order|By\s+command|For\s+the\s+\w+|On\s+behalf\s+of\b.{0,40}|I\s+am,?|Yours\b.{0,30}|(?:With\s|I\s+am\b).{0,80}\b(?:[Yy]ours\b.{0,20}|your\s+(?:gratefully\s+|most\s+)?(?:devoted|obedient|humble|faithful)\b.{0,20})|Respectfully\b.{0,30}|Sincerely\b.{0,20}|Heil\s+Hitler!?|Signature(?:\s+and\s+(?:rank|title|seal))?)[.,:!]?$/i;

/** A short unit that may belong to a signature block. */
function closerish(u: Unit, text: string, units: Unit[], i: number): boolean {
  if (u.kind === 'sig' || u.kind === 'dateline' || u.kind === 'stamp') return true;
  if (u.kind !== 'text' || u.cert) return false;
  if (isRoleUnit(u, text) || isNameUnit(u) || isSignatureBlock(u, text)) return true;
  if (u.lines === 1 && (nameThenRole(u.first) > 0 || nameCommaRole(u.first) > 0 || roleThenName(u.first) > 0 || valedictionName(u.first) > 0)) return true;
  if (u.lines === 1 && FORMULA.test(u.first)) return true;
  // a place line standing before a dateline (`Tokyo, Japan` / `2 July, 1946.`)
  if (u.lines === 1 && isPlaceLine(u.first)) {
    let k = i + 1;
    while (k < units.length && isInterruption(units[k]!)) k++;
    if (units[k]?.kind === 'dateline') return true;
  }
  return false;
}

/** A one-line closer unit cut `at` characters in: what leads (a valediction, an office), then the signer's name. */
function leadThenSigned(u: Unit, text: string, lead: 'text' | 'roleName', at: number): CloserPart[] {
  const cut = u.span.start + at;
  let re = cut;
  while (re > u.span.start && text.charCodeAt(re - 1) <= 32) re--;
  return [
    { kind: lead, span: { start: u.span.start, end: re } },
    { kind: 'signed', span: { start: cut, end: u.span.end } },
  ];
}

function closerPartOf(u: Unit, text: string): (CloserPart | Interruption)[] {
  if (isInterruption(u)) return [toInterruption(u)];
  let kind: CloserPart['kind'];
  if (u.kind === 'sig') kind = 'signed';
  else if (u.kind === 'dateline') kind = 'dateline';
  else if (u.kind === 'stamp') kind = 'stamp';
  else if (u.kind === 'text' && u.lines === 1 && valedictionName(u.first) > 0) {
    return leadThenSigned(u, text, 'text', valedictionName(u.first));
  } else if (u.kind === 'text' && u.lines === 1 && roleThenName(u.first) > 0) {
    return leadThenSigned(u, text, 'roleName', roleThenName(u.first));
  } else if (u.kind === 'text' && u.lines === 1 && nameCommaRole(u.first) > 0) {
    const cut = u.span.start + nameCommaRole(u.first);
    let rs = cut + 1;
    while (rs < u.span.end && text.charCodeAt(rs) <= 32) rs++;
    return [
      { kind: 'signed', span: { start: u.span.start, end: cut + 1 } },
      { kind: 'roleName', span: { start: rs, end: u.span.end } },
    ];
  } else if (isSignatureBlock(u, text)) {
    return u.parts.map((p, k) => ({ kind: k === 0 ? ('signed' as const) : ('roleName' as const), span: { ...p.span } }));
  } else if (u.kind === 'text' && u.lines === 1 && !isNameUnit(u) && nameThenRole(u.first) > 0) {
    // (a capitalised name before the office, `TORAO WAKAMATSU Consul-General`, even where the line reads as an office)
    const cut = u.span.start + nameThenRole(u.first);
    let rs = cut;
    while (rs < u.span.end && text.charCodeAt(rs) <= 32) rs++;
    return [
      { kind: 'signed', span: { start: u.span.start, end: cut } },
      { kind: 'roleName', span: { start: rs, end: u.span.end } },
    ];
  } else if (isRoleUnit(u, text)) kind = 'roleName';
  else if (isNameUnit(u) || (u.kind === 'text' && u.lines === 1 && isCapsSurname(u.first))) kind = 'signed';
  else if (u.lines === 1 && FORMULA.test(u.first)) kind = 'text';
  else if (u.lines === 1 && isPlaceLine(u.first)) kind = 'dateline';
  else kind = 'text';
  // one part per unit (a seal over two lines is one stamp), unless page furniture interrupts it
  if (u.parts.every((p) => p.kind === 'text')) return [{ kind, span: { ...u.span } }];
  const out: (CloserPart | Interruption)[] = [];
  for (const p of u.parts) out.push(p.kind === 'text' ? { kind, span: { ...p.span } } : p);
  return out;
}

/** Mark the units that form closers: around each signature mark, and a trailing name at a division's end. */
function markClosers(units: Unit[], from: number, to: number, text: string, closerOf: Int32Array, nextId: { v: number }, minStart: number, isCertificate: boolean, forceSigned: Set<number>): void {
  const isCi = (k: number): boolean => closerish(units[k]!, text, units, k) || isInterruption(units[k]!);
  const mark = (a: number, b: number): void => {
    // trim interruptions at both ends (they stay blocks)
    while (a <= b && isInterruption(units[a]!)) a++;
    while (b >= a && isInterruption(units[b]!)) b--;
    if (a > b) return;
    const id = nextId.v++;
    for (let k = a; k <= b; k++) closerOf[k] = id;
  };
  let i = from;
  while (i < to) {
    const u = units[i]!;
    if (u.kind === 'sig' && closerOf[i] === -1) {
      let a = i;
      while (a - 1 >= Math.max(from, minStart) && closerOf[a - 1] === -1 && isCi(a - 1)) a--;
      let b = i;
      while (b + 1 < to && closerOf[b + 1] === -1 && isCi(b + 1)) {
        // a name after the signature is its typed repetition (`/s/ Henry H. MIZE` / `HENRY H. MIZE`), not a new heading
        const nx = units[b + 1]!;
        if (nx.kind === 'text' && isNameUnit(nx) && !isRoleUnit(nx, text) && !sharesWord(nx.first, units[b]!.first) && !sharesWord(nx.first, u.first)) break;
        b++;
      }
      mark(a, b);
      i = b + 1;
      continue;
    }
    i++;
  }
  // a certificate whose opening formula is followed by the certifier's name and rank (`certified:` / `Hillmann` / `office employee`)
  if (isCertificate) {
    let o = from;
    while (o < to && !(units[o]!.cert && !units[o]!.cert!.heading) && !(units[o]!.cert && units[o]!.first.length <= 40)) o++;
    let a = o + 1;
    while (a < to && isInterruption(units[a]!)) a++;
    if (a < to && closerOf[a] === -1 && (isNameUnit(units[a]!) || isCapsSurname(units[a]!.first)) && units[a]!.kind === 'text') {
      let b = a;
      while (b + 1 < to && (isRoleUnit(units[b + 1]!, text) || units[b + 1]!.kind === 'dateline' || units[b + 1]!.kind === 'stamp')) b++;
      forceSigned.add(a);
      mark(a, b);
    }
  }
  // a typed name ending the division, with the role and date lines around it (and up to two rank or
  // office lines under it: `Goering` / `General Field-Marshal.`)
  let e = to - 1;
  while (e >= from && isInterruption(units[e]!)) e--;
  const signerAt = (k: number): boolean => {
    const v = units[k]!;
    return isNameUnit(v) || (v.kind === 'text' && v.lines === 1 && (isCapsSurname(v.first) || nameThenRole(v.first) > 0 || nameCommaRole(v.first) > 0 || roleThenName(v.first) > 0 || valedictionName(v.first) > 0)) || isSignatureBlock(v, text);
  };
  // (an editorial remark in brackets after the signatures does not hide them: `[Cf. Document 2793-ps …]`)
  if (e - 1 > from && units[e]!.kind === 'text' && units[e]!.lines === 1 && /^\[.*\]\.?$/.test(units[e]!.first) && units[e]!.first.length > 30 && closerOf[e] === -1) {
    e--;
    while (e > from && isInterruption(units[e]!)) e--;
  }
  let n = e;
  for (let r = 0; r < 2 && n > from && closerOf[n] === -1 && !signerAt(n) && isRoleUnit(units[n]!, text) && !isInterruption(units[n - 1]!); r++) n--;
  // (an office in capitals alone at the end signs a cable: `PRIME MINISTER`)
  const capsOffice = e >= from && units[e]!.kind === 'text' && units[e]!.lines === 1 && isAllCaps(units[e]!.first) && wordCount(units[e]!.first) <= 4 && isRoleUnit(units[e]!, text);
  if (capsOffice) n = e;
  if (e >= from && closerOf[e] === -1 && closerOf[n] === -1 && (signerAt(n) || capsOffice)) {
    let a = n;
    while (a - 1 >= Math.max(from, minStart) && closerOf[a - 1] === -1 && isCi(a - 1)) a--;
    // a closer needs something above it in its division
    if (a > from) mark(a, e);
  }
  // a certificate without a signature mark: its trailing short lines (name, rank) are its signature block
  if (isCertificate && !units.slice(from, to).some((u, k) => closerOf[from + k]! >= 0)) {
    let e2 = to - 1;
    while (e2 >= from && isInterruption(units[e2]!)) e2--;
    let a = e2;
    const shortLine = (k: number): boolean => {
      const u = units[k]!;
      return isInterruption(u) || u.kind === 'dateline' || u.kind === 'stamp' || closerish(u, text, units, k) || (u.kind === 'text' && !u.cert && u.lines <= 2 && u.first.length <= 60 && u.last.length <= 60 && !SENTENCE_END.test(u.last.replace(/\.$/, '')) && !u.joined);
    };
    while (a - 1 > from && shortLine(a - 1) && !(units[a - 1]!.kind === 'text' && units[a - 1]!.cert)) a--;
    if (a > from && a <= e2 && shortLine(a) && units.slice(a, e2 + 1).some((u) => u.kind === 'text')) {
      // the signer is a name (perhaps with a comma and a serial number: `D. A. Sprecher, O2055516`)
      const namey = (u: Unit): boolean => u.kind === 'text' && u.lines === 1 && (isNameLine(u.first) || isCapsSurname(u.first) || nameThenRole(u.first) > 0 || isNameLine(u.first.split(',')[0]!.trim()));
      const first = units.slice(a, e2 + 1).findIndex(namey);
      if (first >= 0) {
        forceSigned.add(a + first);
        mark(a, e2);
      }
    }
  }
}

const COMMON: ReadonlySet<Block['kind']> = new Set(['p', 'ab', 'stamp']);

/**
 * TEI's `div` admits a closer (model.divBottom) only after running content (model.common): a
 * division of headings and a closer (`Certified correct:` / `/s/ X`) reads its last heading as text.
 */
function settleDivision(div: Division): void {
  const c = div.blocks.findIndex((b) => b.kind === 'closer');
  if (c < 0) return;
  for (let i = 0; i < c; i++) if (COMMON.has(div.blocks[i]!.kind)) return;
  for (let i = c - 1; i >= 0; i--) {
    const b = div.blocks[i]!;
    if (b.kind === 'head') {
      div.blocks[i] = { kind: div.type === 'certificate' ? 'p' : 'ab', span: b.span, parts: b.parts };
      return;
    }
    if (b.kind === 'dateline') {
      div.blocks[i] = { kind: 'ab', span: b.span, parts: [{ kind: 'text', span: { ...b.span } }] };
      return;
    }
  }
  // a closer alone: its text stands as a line of its own
  const cl = div.blocks[c] as Closer;
  div.blocks[c] = { kind: 'ab', span: cl.span, parts: cl.parts.map((p) => (p.kind === 'pb' || p.kind === 'fw' ? p : { kind: 'text' as const, span: p.span })) };
}

function sharesWord(a: string, b: string): boolean {
  const ws = new Set(a.toLowerCase().split(/[^a-z\u00c0-\u024f]+/).filter((w) => w.length >= 3));
  for (const w of b.toLowerCase().split(/[^a-z\u00c0-\u024f]+/)) if (w.length >= 3 && ws.has(w)) return true;
  return false;
}

function isSectionHeading(units: Unit[], i: number, blankMode: boolean): boolean {
  const u = units[i]!;
  if (u.kind !== 'text' || u.lines > 2 || u.cert) return false;
  const len = u.span.end - u.span.start;
  if (len > 80) return false;
  if (/^#{1,6}\s/.test(u.first)) return true;
  if (isAllCaps(u.first) && wordCount(u.first) <= 12 && /^[A-Z(\d]/.test(u.first)) return true;
  if (!blankMode || u.lines !== 1) return false;
  if (endsSentence(u.first) || !/^[A-Z]/.test(u.first) || wordCount(u.first) > 8) return false;
  if (/^(?:To|From|Subject|Re|Ref|Dear|My|Sir|Madam)\b/.test(u.first)) return false;
  let k = i + 1;
  while (k < units.length && isInterruption(units[k]!)) k++;
  const n = units[k];
  return !!n && n.kind === 'text' && isPLike(n);
}

/**
 * How long a line cut at the right margin is: 60 characters, or less in a typescript with a narrower
 * typed line (85% of the upper quartile of its line lengths, at least 45), so that a paragraph typed
 * line by line with blank lines between continues across them.
 */
function fullWidthOf(tokens: Token[]): number {
  const lens: number[] = [];
  for (const t of tokens) if (t.kind === 'line' && t.text.length >= 20) lens.push(t.text.length);
  if (lens.length < 8) return 60;
  lens.sort((a, b) => a - b);
  const q = lens[Math.floor(lens.length * 0.75)]!;
  return Math.max(45, Math.min(60, Math.round(q * 0.85)));
}

/** Recognise the block structure of a document (ENCODING.md "Page layout", "Certification apparatus"). */
export function recogniseStructure(text: string): Structure {
  const tokens = scanLines(text);
  let nLines = 0;
  let maxGroup = 0;
  let longLines = 0;
  for (const t of tokens) {
    if (t.kind === 'line') {
      nLines++;
      maxGroup = Math.max(maxGroup, t.group);
      if (t.text.length > 100) longLines++;
    }
  }
  // blank lines separate paragraphs when most lines stand alone, or when there are several groups of
  // hard-wrapped lines (typescript: few lines longer than a typed line); a line-per-paragraph text
  // with a few stray blank lines stays line by line
  const blankMode = nLines >= 2 && (maxGroup + 1 >= nLines * 0.4 || (maxGroup >= 3 && longLines * 10 < nLines));
  let units = buildUnits(text, tokens, blankMode);
  demoteTableNumbers(units, blankMode, nLines);
  markCatchwords(units, blankMode);
  units = insertPageBreaks(units);
  markRunningHeads(units);
  units = joinAcrossBreaks(units, fullWidthOf(tokens));

  const idnos: Structure['idnos'] = [];
  for (const u of units) if (u.id && !idnos.some((x) => x.type === u.id!.type && x.value.toLowerCase() === u.id!.value.toLowerCase())) idnos.push(u.id);

  // front: leading page furniture
  const front: Block[] = [];
  let s = 0;
  while (s < units.length && isInterruption(units[s]!)) front.push(toInterruption(units[s++]!));

  const tail = findTail(units, text);
  const end = Math.max(s, tail.start);

  // certificate starts
  const starts: { at: number; type: CertificateType }[] = [];
  let sawP = false;
  let openRun = false; // directly after a certificate opening: further openings continue it
  for (let i = s; i < end; i++) {
    const u = units[i]!;
    if (isInterruption(u)) continue;
    if (u.cert && sawP) {
      if (openRun && starts.length > 0) {
        const cur = starts[starts.length - 1]!;
        if (cur.type === 'other') cur.type = u.cert.type;
        continue;
      }
      // absorb a heading directly before (`Copy`, `C E R T I F I C A T E`)
      let at = i;
      let k = i - 1;
      while (k > s && isInterruption(units[k]!)) k--;
      const h = units[k];
      if (h && k > s && h.kind === 'text' && !h.cert && h.lines <= 2 && h.span.end - h.span.start <= 60 && !isPLike(h) && (/certif|copy|translat|affidavit|oath|jurat|authentic|statement\s+of\s+source/i.test(h.first) || (isAllCaps(h.first) && !isCapsSurname(h.first) && !isNameLine(h.first))) && !(starts.length && starts[starts.length - 1]!.at > k)) {
        at = k;
      }
      starts.push({ at, type: u.cert.type });
      openRun = true;
      continue;
    }
    if (u.kind === 'text' && isPLike(u)) sawP = true;
    openRun = false;
  }

  // closers, per raw division
  const closerOf = new Int32Array(units.length).fill(-1);
  const forceSigned = new Set<number>();
  const nextId = { v: 0 };
  const bounds: { from: number; to: number; type: Division['type']; subtype?: CertificateType }[] = [];
  let prevAt = s;
  let prevType: Division['type'] = 'document';
  let prevSub: CertificateType | undefined;
  for (const st of starts) {
    bounds.push({ from: prevAt, to: st.at, type: prevType, subtype: prevSub });
    prevAt = st.at;
    prevType = 'certificate';
    prevSub = st.type;
  }
  bounds.push({ from: prevAt, to: end, type: prevType, subtype: prevSub });
  for (const b of bounds) {
    // closers never take in the top of a division (its headings)
    let top = b.from;
    while (top < b.to && (isInterruption(units[top]!) || (units[top]!.kind === 'text' && !isPLike(units[top]!) && units[top]!.kind !== 'sig'))) {
      if (b.type === 'certificate' && units[top]!.cert && !units[top]!.cert!.heading) break;
      top++;
    }
    markClosers(units, b.from, b.to, text, closerOf, nextId, b.type === 'certificate' ? b.from : Math.min(top, b.to), b.type === 'certificate', forceSigned);
  }

  // assemble divisions
  const divisions: Division[] = [];
  const titleHeads: Span[] = [];
  for (let bi = 0; bi < bounds.length; bi++) {
    const b = bounds[bi]!;
    if (b.from >= b.to) continue;
    let div: Division = { kind: 'div', type: b.type, span: { start: 0, end: 0 }, blocks: [] };
    if (b.subtype) div.subtype = b.subtype;
    let zone: 'top' | 'mid' | 'bottom' = 'top';
    let closer: Closer | undefined;
    let closerId = -1;
    const flush = (): void => {
      if (div.blocks.length === 0) return;
      settleDivision(div);
      divisions.push(div);
    };
    const open = (type: Division['type']): void => {
      flush();
      div = { kind: 'div', type, span: { start: 0, end: 0 }, blocks: [] };
      zone = 'top';
      closer = undefined;
      closerId = -1;
    };
    for (let i = b.from; i < b.to; i++) {
      const u = units[i]!;
      const cid = closerOf[i]!;
      if (cid >= 0) {
        // a second signature block directly after the first joins the same closer
        if (cid !== closerId || !closer) {
          if (!closer) {
            closer = { kind: 'closer', span: { ...u.span }, parts: [] };
            div.blocks.push(closer);
          }
          closerId = cid;
          zone = 'bottom';
        }
        closer.parts.push(...(forceSigned.has(i) ? u.parts.map((p) => (p.kind === 'text' ? { kind: 'signed' as const, span: { ...p.span } } : p)) : closerPartOf(u, text)));
        closer.span.end = u.span.end;
        continue;
      }
      if (isInterruption(u)) {
        // furniture inside a closer stays in it when the closer continues after it
        if (closer && zone === 'bottom') {
          let k = i + 1;
          while (k < b.to && isInterruption(units[k]!)) k++;
          if (k < b.to && closerOf[k] === closerId) {
            closer.parts.push(toInterruption(u));
            continue;
          }
        }
        div.blocks.push(toInterruption(u) as Block);
        continue;
      }
      if (zone === 'bottom') open('part');
      const short = !isPLike(u) || (zone === 'top' && !u.joined && u.lines === 1 && u.first.length <= 250 && !SENTENCE_END.test(u.first) && !/[a-z]{2}[.!?]\s+[A-Z]/.test(u.first));
      if (u.kind === 'dateline') {
        if (zone === 'mid') open('part');
        div.blocks.push({ kind: 'dateline', span: { ...u.span } });
        continue;
      }
      if (u.kind === 'stamp') {
        div.blocks.push({ kind: 'stamp', span: { ...u.span } });
        continue;
      }
      if (zone === 'top' && u.kind === 'text' && (u.cert ? u.cert.heading : short) && !(div.type === 'certificate' && u.cert && !u.cert.heading)) {
        div.blocks.push({ kind: 'head', span: { ...u.span }, parts: [...u.parts] });
        if (divisions.length === 0 && div.type === 'document') titleHeads.push({ ...u.span });
        continue;
      }
      if (zone === 'mid' && isSectionHeading(units, i, blankMode)) {
        open('part');
        div.blocks.push({ kind: 'head', span: { ...u.span }, parts: [...u.parts] });
        continue;
      }
      zone = 'mid';
      if (short && u.kind !== 'sig' && !(div.type === 'certificate' && u.cert)) div.blocks.push({ kind: 'ab', span: { ...u.span }, parts: [...u.parts] });
      else div.blocks.push({ kind: 'p', span: { ...u.span }, parts: [...u.parts] });
    }
    flush();
  }

  // tail notes before the source reference stay with the last division
  if (tail.notesBefore.length > 0) {
    let last = divisions[divisions.length - 1];
    if (!last) {
      last = { kind: 'div', type: 'document', span: { start: 0, end: 0 }, blocks: [] };
      divisions.push(last);
    }
    // (notes are model.global in TEI: they may follow a closer)
    last.blocks.push(...(tail.notesBefore as Block[]));
  }
  for (const d of divisions) {
    const first = d.blocks[0]!;
    d.span = { start: first.span.start, end: d.blocks[d.blocks.length - 1]!.span.end };
  }
  if (divisions.length > 0 && divisions[0]!.type === 'part') divisions[0]!.type = 'document';
  let lastBody = -1;
  for (let i = 0; i < divisions.length; i++) if (divisions[i]!.type !== 'certificate') lastBody = i;
  const body = divisions.slice(0, lastBody + 1);
  const back = divisions.slice(lastBody + 1);
  if (tail.source) back.push(tail.source);
  return { front, body, back, idnos, titleHeads };
}

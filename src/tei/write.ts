/**
 * Document model + inline overlay → TEI P5 (ENCODING.md). String building only, no DOM: the
 * converter writes 10,000 documents in a few seconds. Lossless by construction: every block is
 * emitted as its whole source span, markup woven around sub-ranges; text outside every block that is
 * not white space is kept in an `<ab>` (and reported).
 */
import {
  type Block,
  type CertificateType,
  type CloserPart,
  type DateValue,
  type Diagnostic,
  type Division,
  type DocumentModel,
  type EntityMention,
  type Inline,
  type Interruption,
  type Result,
  type Span,
  type TextRun,
} from '../model/index.js';
import { charId, escapeAttr, hasSignificant, escapeHeaderText, escapeText, ncName, positionFinder } from './xml.js';

export const TEI_NS = 'http://www.tei-c.org/ns/1.0';

/** Options of {@link toTei}. */
export interface TeiWriteOptions {
  /** href of the project RelaxNG schema for the `<?xml-model?>` PI, relative to the TEI file. */
  schemaHref: string;
  /** Authority file for `@ref` values, relative to the TEI file, e.g. `authority/persons.xml`. */
  authorityHref: { person: string; place: string; org: string };
  /** Tool name and version for the revision entry and the generation stamp, e.g. `tei-edition 0.1.0`. */
  generator: string;
}

// ---------------------------------------------------------------------------------------------
// Marks: a sub-range of a block wrapped in (or replaced by) markup.
// ---------------------------------------------------------------------------------------------

function byStart(a: Mark, b: Mark): number {
  return a.start - b.start || b.end - a.end || a.rank - b.rank;
}

interface Mark {
  start: number;
  end: number;
  open: string;
  close: string;
  /** Outer-first order among marks with the same span. */
  rank: number;
  /** `pb`: the span (a form feed) is replaced by the empty element; non-white-space in it is kept after it. */
  replace?: boolean;
  /** Nothing may nest inside (gap, blank). */
  leaf?: boolean;
  /** Inline kind, for nesting rules. */
  kind?: InlineKind;
  /** Cut down from a mention that crossed a boundary: yields to every whole mention. */
  clipped?: boolean;
}

type InlineKind = 'stamp' | 'org' | 'person' | 'place' | 'date' | 'blank' | 'gap';
const INLINE_RANK: Record<InlineKind, number> = { stamp: 10, org: 11, person: 12, place: 13, date: 14, blank: 15, gap: 16 };
/** Which of two mentions of the same span wins (dates are normalised values, the most checkable). */
const PREFERENCE: Record<InlineKind, number> = { stamp: 0, date: 1, org: 2, person: 3, place: 4, blank: 5, gap: 6 };

/** May an inline of kind `inner` nest inside one of kind `outer`? (ENCODING.md "Entities": only placeName/date inside orgName.) */
function mayNest(outer: InlineKind, inner: InlineKind): boolean {
  if (outer === 'gap' || outer === 'blank') return false;
  if (inner === 'gap' || inner === 'blank') return true;
  if (outer === 'stamp') return inner !== 'stamp';
  if (outer === 'org') return inner === 'place' || inner === 'date';
  return false;
}

const ENTITY_ELEMENT = { person: 'persName', place: 'placeName', org: 'orgName' } as const;

function dateAttrs(v: DateValue): string {
  let s = '';
  if (v.when) s += ` when="${escapeAttr(v.when)}"`;
  if (v.notBefore) s += ` notBefore="${escapeAttr(v.notBefore)}"`;
  if (v.notAfter) s += ` notAfter="${escapeAttr(v.notAfter)}"`;
  if (v.from) s += ` from="${escapeAttr(v.from)}"`;
  if (v.to) s += ` to="${escapeAttr(v.to)}"`;
  if (v.cert) s += ` cert="${v.cert}"`;
  return s;
}

function inlineMark(m: Inline, opts: TeiWriteOptions): Mark {
  const { start, end } = m.span;
  switch (m.kind) {
    case 'entity': {
      const el = ENTITY_ELEMENT[m.type];
      // the authority writer makes every id an NCName the same way, so the pointer still resolves
      const ref = m.ref ? ` ref="${escapeAttr(`${opts.authorityHref[m.type]}#${ncName(m.ref)}`)}"` : '';
      const open = `<${el}${ref}>` + (m.corr ? '<choice><sic>' : '');
      const close = (m.corr ? `</sic><corr>${escapeHeaderText(m.corr)}</corr></choice>` : '') + `</${el}>`;
      return { start, end, open, close, rank: INLINE_RANK[m.type], kind: m.type };
    }
    case 'date':
      return { start, end, open: `<date${dateAttrs(m.value)}>`, close: '</date>', rank: INLINE_RANK.date, kind: 'date' };
    case 'blank':
      return { start, end, open: '<seg type="blank">', close: '</seg>', rank: INLINE_RANK.blank, kind: 'blank', leaf: true };
    case 'gap':
      return { start, end, open: '<gap reason="illegible"><desc>', close: '</desc></gap>', rank: INLINE_RANK.gap, kind: 'gap', leaf: true };
    case 'stamp':
      return { start, end, open: '<stamp>', close: '</stamp>', rank: INLINE_RANK.stamp, kind: 'stamp' };
  }
}

function interruptionMark(p: Interruption): Mark {
  if (p.kind === 'pb') {
    const n = p.n !== undefined ? ` n="${escapeAttr(p.n)}"` : '';
    return { start: p.span.start, end: p.span.end, open: `<pb${n}/>`, close: '', rank: 0, replace: true };
  }
  return { start: p.span.start, end: p.span.end, open: `<fw type="${p.fwType}">`, close: '</fw>', rank: 1 };
}

const CLOSER_PART_ELEMENT: Record<CloserPart['kind'], string | undefined> = {
  signed: 'signed',
  roleName: 'roleName',
  dateline: 'dateline',
  salute: 'salute',
  stamp: 'stamp',
  text: undefined,
};

/** Context of one document's serialisation. */
class Writer {
  readonly text: string;
  readonly used = new Set<number>();
  readonly diagnostics: Diagnostic[] = [];
  /** Inlines sorted by start, consumed block by block. */
  private inlines: Mark[];
  private cursor = 0;

  constructor(readonly doc: DocumentModel, inlines: Inline[], readonly opts: TeiWriteOptions) {
    this.text = doc.source.text;
    this.inlines = inlines
      .filter((m) => m.span.end > m.span.start && m.span.start >= 0 && m.span.end <= this.text.length)
      .map((m) => inlineMark(m, opts))
      .sort(byStart);
  }

  /**
   * Clip each mention that crosses a block boundary to its largest piece inside one block (so a
   * relaxed match still finds it); `blocks` are the emitted block spans in source order.
   */
  clipToBlocks(blocks: Span[]): void {
    if (!blocks.length) return;
    const out: Mark[] = [];
    let k = 0;
    for (const m of this.inlines) {
      while (k < blocks.length && blocks[k]!.end <= m.start) k++;
      if (k >= blocks.length || blocks[k]!.start >= m.end) { out.push(m); continue; } // outside every block: reported later
      const b = blocks[k]!;
      if (m.start >= b.start && m.end <= b.end) { out.push(m); continue; }
      let best: Span | undefined;
      for (let j = k; j < blocks.length && blocks[j]!.start < m.end; j++) {
        const piece = this.trim(Math.max(m.start, blocks[j]!.start), Math.min(m.end, blocks[j]!.end));
        if (piece && (!best || piece.end - piece.start > best.end - best.start)) best = piece;
      }
      const c = best ? this.clipped(m, best, 'crosses a block boundary') : undefined;
      if (c) out.push(c);
      else this.dropped(m, 'crosses a block boundary');
    }
    this.inlines = out.sort(byStart);
  }

  /** [start, end) without white space at either end, or undefined when nothing is left. */
  trim(start: number, end: number): Span | undefined {
    while (start < end && !hasSignificant(this.text[start]!)) start++;
    while (end > start && !hasSignificant(this.text[end - 1]!)) end--;
    return end > start ? { start, end } : undefined;
  }

  /** A mention cut down to `piece`, reported; a mention with a correction is not cut (its corr names the whole). */
  clipped(m: Mark, piece: Span, why: string): Mark | undefined {
    if (m.open.includes('<choice>')) return undefined;
    const name = m.open.replace(/^<([A-Za-z]+)[\s\S]*$/, '$1');
    this.report(piece, 'info', `<${name}> mention "${this.text.slice(m.start, m.end).replace(/\s+/g, ' ').slice(0, 40)}" ${why}; marked "${this.text.slice(piece.start, piece.end).replace(/\s+/g, ' ').slice(0, 40)}" only`, 'tei-mention-clipped');
    return { ...m, start: piece.start, end: piece.end, clipped: true };
  }

  private where: ((offset: number) => { line: number; column: number }) | undefined;

  /** Line and column of an offset (as {@link positionOf} counts them), through a line index built once per document. */
  position(offset: number): { line: number; column: number } {
    return (this.where ??= positionFinder(this.text))(offset);
  }

  report(span: Span, severity: Diagnostic['severity'], message: string, rule: string): void {
    const p = this.position(Math.min(span.start, this.text.length));
    this.diagnostics.push({ file: this.doc.source.path, line: p.line, column: p.column, severity, message, rule });
  }

  /** Inline marks lying in [start, end); those that straddle a boundary are dropped (and reported). */
  takeInlines(start: number, end: number): Mark[] {
    const out: Mark[] = [];
    while (this.cursor < this.inlines.length && this.inlines[this.cursor]!.start < start) {
      const m = this.inlines[this.cursor++]!;
      this.dropped(m, 'crosses a block boundary');
    }
    while (this.cursor < this.inlines.length && this.inlines[this.cursor]!.start < end) {
      const m = this.inlines[this.cursor++]!;
      if (m.end <= end) out.push(m);
      else this.dropped(m, 'crosses a block boundary');
    }
    return out;
  }

  /** Report inlines never consumed (outside every block). */
  finish(): void {
    while (this.cursor < this.inlines.length) this.dropped(this.inlines[this.cursor++]!, 'lies outside every block');
  }

  dropped(m: Mark, why: string): void {
    const name = m.open.replace(/^<([A-Za-z]+)[\s\S]*$/, '$1');
    this.report({ start: m.start, end: m.end }, 'info', `<${name}> mention "${this.text.slice(m.start, m.end).replace(/\s+/g, ' ').slice(0, 40)}" ${why}; left unmarked`, 'tei-mention-dropped');
  }

  esc(start: number, end: number): string {
    return escapeText(this.text.slice(start, end), this.used);
  }

  /**
   * A mention that crosses the edge of a structural element (a closer part, fw, a page break) is cut
   * to its largest piece on one side; undefined (reported) when nothing sensible is left.
   */
  clipToStructure(m: Mark, struct: Mark[]): Mark | undefined {
    let cur = m;
    for (const s of struct) {
      if (cur.end <= s.start || cur.start >= s.end) continue;
      if (cur.start >= s.start && cur.end <= s.end && !s.replace && !s.leaf) continue;
      if (s.start === s.end && (cur.start === s.start || cur.end === s.start)) continue;
      const pieces: (Span | undefined)[] = [this.trim(cur.start, Math.min(cur.end, s.start)), this.trim(Math.max(cur.start, s.end), cur.end)];
      if (!s.replace && !s.leaf) pieces.push(this.trim(Math.max(cur.start, s.start), Math.min(cur.end, s.end)));
      let best: Span | undefined;
      for (const p of pieces) if (p && (!best || p.end - p.start > best.end - best.start)) best = p;
      const c = best ? { ...cur, start: best.start, end: best.end } : undefined;
      if (!c || cur.open.includes('<choice>')) {
        this.dropped(m, 'crosses the edge of ' + s.open.replace(/^<([A-Za-z]+)[\s\S]*$/, '<$1>'));
        return undefined;
      }
      cur = c;
    }
    if (cur !== m) return this.clipped(m, cur, 'crosses the edge of other markup');
    return m;
  }

  /**
   * Emit [start, end) of the source with structural marks (outermost, assumed disjoint) and the
   * inline overlay woven in. Inlines that would break nesting are dropped, longest first kept.
   */
  weave(start: number, end: number, structural: Mark[]): string {
    const struct: Mark[] = [];
    let lastEnd = start;
    for (const m of structural.slice().sort((a, b) => a.start - b.start || Number(b.start === b.end) - Number(a.start === a.end) || b.end - a.end)) {
      const s = Math.max(m.start, start);
      const e = Math.min(m.end, end);
      if (s < lastEnd || e < s) continue; // overlapping structure: keep the first (its text is still emitted)
      struct.push(s === m.start && e === m.end ? m : { ...m, start: s, end: e });
      lastEnd = e;
    }
    const candidates = this.takeInlines(start, end);
    const accepted: Mark[] = [];
    if (candidates.length) {
      const byLength = candidates.slice().sort((a, b) => Number(!!a.clipped) - Number(!!b.clipped) || (b.end - b.start) - (a.end - a.start) || a.start - b.start || PREFERENCE[a.kind!] - PREFERENCE[b.kind!]);
      for (const m0 of byLength) {
        const m = this.clipToStructure(m0, struct);
        if (!m) continue;
        let ok = true;
        for (const s of struct) {
          const disjoint = m.end <= s.start || m.start >= s.end;
          const inside = m.start >= s.start && m.end <= s.end && !s.replace && !s.leaf;
          // a structural stamp already marks this very span
          if (inside && m.kind === 'stamp' && s.open === '<stamp>') { ok = false; break; }
          if (!disjoint && !inside) { ok = false; break; }
          if (s.replace && !(m.end <= s.start || m.start >= s.end)) { ok = false; break; }
        }
        if (ok) {
          for (const a of accepted) {
            if (m.end <= a.start || m.start >= a.end) continue;
            const aInM = a.start >= m.start && a.end <= m.end;
            const mInA = m.start >= a.start && m.end <= a.end;
            if (mInA && mayNest(a.kind!, m.kind!) && !(aInM && a.rank >= m.rank)) continue;
            if (aInM && !mInA && mayNest(m.kind!, a.kind!)) continue;
            ok = false;
            break;
          }
        }
        if (ok) accepted.push(m);
        else this.dropped(m, 'overlaps other markup');
      }
    }
    // same start: an empty element (pb) first, then outer before inner
    const marks = struct.concat(accepted).sort((a, b) => a.start - b.start || Number(b.start === b.end) - Number(a.start === a.end) || b.end - a.end || a.rank - b.rank);
    let out = '';
    let pos = start;
    const stack: Mark[] = [];
    for (const m of marks) {
      while (stack.length && stack[stack.length - 1]!.end <= m.start) {
        const top = stack.pop()!;
        out += this.esc(pos, top.end) + top.close;
        pos = top.end;
      }
      out += this.esc(pos, m.start);
      pos = m.start;
      if (m.replace) {
        const inner = this.text.slice(m.start, m.end);
        out += m.open + (hasSignificant(inner) ? escapeText(inner.replace(/\f/g, ''), this.used) : '');
        pos = m.end;
      } else if (m.leaf) {
        out += m.open + this.esc(m.start, m.end) + m.close;
        pos = m.end;
      } else if (m.start === m.end) {
        out += m.open + m.close;
      } else {
        out += m.open;
        stack.push(m);
      }
    }
    while (stack.length) {
      const top = stack.pop()!;
      out += this.esc(pos, top.end) + top.close;
      pos = top.end;
    }
    return out + this.esc(pos, end);
  }
}

// ---------------------------------------------------------------------------------------------
// Blocks and divisions
// ---------------------------------------------------------------------------------------------

/**
 * Where an element may stand in a TEI `<div>`: T = top only (head), W = top or bottom (dateline,
 * model.divWrapper), C = model.common (p, ab), B = bottom (closer), G = anywhere (model.global: pb, fw,
 * note). TEI `div` content: (divTop|global)*, ((common, global*)+ , (divLike, global*)*)?, (divBottom, global*)*.
 */
type Slot = 'T' | 'W' | 'C' | 'B' | 'G';
interface Unit {
  slot: Slot;
  xml: string;
}

function flowMarks(parts: readonly (TextRun | Interruption | CloserPart)[]): Mark[] {
  const marks: Mark[] = [];
  for (const p of parts) {
    if (p.kind === 'pb' || p.kind === 'fw') marks.push(interruptionMark(p));
    else if (p.kind !== 'text') {
      const el = CLOSER_PART_ELEMENT[p.kind];
      if (el) marks.push({ start: p.span.start, end: p.span.end, open: `<${el}>`, close: `</${el}>`, rank: 2 });
    }
  }
  return marks;
}

function blockUnit(w: Writer, b: Block): Unit {
  const { start, end } = b.span;
  switch (b.kind) {
    case 'p':
      return { slot: 'C', xml: `<p>${w.weave(start, end, flowMarks(b.parts))}</p>` };
    case 'head':
      return { slot: 'T', xml: `<head>${w.weave(start, end, flowMarks(b.parts))}</head>` };
    case 'ab':
      return { slot: 'C', xml: `<ab>${w.weave(start, end, flowMarks(b.parts))}</ab>` };
    case 'note': {
      const n = b.n !== undefined ? ` n="${escapeAttr(b.n)}"` : '';
      return { slot: 'G', xml: `<note${n}>${w.weave(start, end, flowMarks(b.parts))}</note>` };
    }
    case 'dateline':
      return { slot: 'W', xml: `<dateline>${w.weave(start, end, [])}</dateline>` };
    case 'stamp':
      return { slot: 'C', xml: `<ab>${w.weave(start, end, [{ start, end, open: '<stamp>', close: '</stamp>', rank: 2 }])}</ab>` };
    case 'closer':
      return { slot: 'B', xml: `<closer>${w.weave(start, end, flowMarks(b.parts))}</closer>` };
    case 'fw':
      return { slot: 'G', xml: w.weave(start, end, [interruptionMark(b)]) };
    case 'pb':
      return { slot: 'G', xml: w.weave(start, end, [interruptionMark(b)]) };
  }
}

/** A closer with nothing before it in its div (TEI requires model.common first) gets an empty `<ab/>` before it. */
const FILLER: Unit = { slot: 'C', xml: '<ab/>' };

/** Split units into runs each valid as the content of one TEI `<div>` (see {@link Slot}). */
function segment(units: Unit[]): Unit[][] {
  const segs: Unit[][] = [];
  let cur: Unit[] = [];
  let st = 0; // 0 top, 1 common, 2 bottom
  for (const u of units) {
    switch (u.slot) {
      case 'G':
        cur.push(u);
        break;
      case 'T':
        if (st !== 0) { segs.push(cur); cur = []; st = 0; }
        cur.push(u);
        break;
      case 'W':
        cur.push(u);
        if (st === 1) st = 2;
        break;
      case 'C':
        if (st === 2) { segs.push(cur); cur = []; }
        cur.push(u);
        st = 1;
        break;
      case 'B':
        if (st === 0) cur.push(FILLER);
        cur.push(u);
        st = 2;
        break;
    }
  }
  segs.push(cur);
  return segs;
}

function indentLines(units: Unit[], ind: string): string {
  return units.map((u) => `${ind}${u.xml}\n`).join('');
}

/** Content of a div: flat when valid, else its leading heading material followed by one `<div>` per valid run. */
function divContent(units: Unit[], ind: string): string {
  const segs = segment(units);
  if (segs.length === 1) return indentLines(segs[0]!, ind);
  const first = segs[0]!;
  let k = 0;
  while (k < first.length && (first[k]!.slot === 'T' || first[k]!.slot === 'W' || first[k]!.slot === 'G')) k++;
  let out = indentLines(first.slice(0, k), ind);
  const rest = [first.slice(k), ...segs.slice(1)].filter((s) => s.length);
  for (const s of rest) out += `${ind}<div>\n${indentLines(s, ind + '  ')}${ind}</div>\n`;
  return out;
}

function divOpen(d: Division): string {
  const sub = d.subtype ? ` subtype="${d.subtype}"` : '';
  return `<div type="${d.type}"${sub}>`;
}

interface Container {
  blocks: Block[];
  /** Units of uncovered non-white-space text to insert before block i (index blocks.length = at end). */
  extra: Map<number, Block[]>;
}

/**
 * Find source text outside every block that is not white space (an ingest gap) and attach it, as
 * an `<ab>`, before the next block, so nothing is lost even when structure recognition slips.
 */
function coverGaps(w: Writer, containers: Container[]): void {
  let pos = 0;
  let lastC: Container | undefined;
  const addGap = (c: Container, at: number, s: number, e: number): void => {
    if (e <= s || !hasSignificant(w.text.slice(s, e))) return;
    // trim white space so the pseudo block covers only the text
    let a = s;
    let b = e;
    while (a < b && !hasSignificant(w.text[a]!)) a++;
    while (b > a && !hasSignificant(w.text[b - 1]!)) b--;
    const blk: Block = { kind: 'ab', span: { start: a, end: b }, parts: [{ kind: 'text', span: { start: a, end: b } }] };
    const list = c.extra.get(at) ?? [];
    list.push(blk);
    c.extra.set(at, list);
    w.report({ start: a, end: b }, 'warning', `text "${w.text.slice(a, b).replace(/\s+/g, ' ').slice(0, 40)}" lies outside every block; kept in <ab>`, 'tei-uncovered-text');
  };
  for (const c of containers) {
    c.blocks.forEach((b, i) => {
      if (b.span.start > pos) addGap(c, i, pos, b.span.start);
      else if (b.span.start < pos) {
        // overlapping or out-of-order blocks: clip, so no source text is written twice
        w.report(b.span, 'warning', `a <${b.kind}> block overlaps the block before it; its overlapping text is written once`, 'tei-overlapping-blocks');
        c.blocks[i] = { ...b, span: { start: pos, end: Math.max(pos, b.span.end) } } as Block;
      }
      pos = Math.max(pos, b.span.end);
    });
    if (c.blocks.length) lastC = c;
  }
  if (pos < w.text.length) addGap(lastC ?? containers[containers.length - 1]!, (lastC ?? containers[containers.length - 1]!).blocks.length, pos, w.text.length);
}

function containerUnits(w: Writer, c: Container): Unit[] {
  const units: Unit[] = [];
  c.blocks.forEach((b, i) => {
    for (const x of c.extra.get(i) ?? []) units.push(blockUnit(w, x));
    units.push(blockUnit(w, b));
  });
  for (const x of c.extra.get(c.blocks.length) ?? []) units.push(blockUnit(w, x));
  return units;
}

// ---------------------------------------------------------------------------------------------
// Header
// ---------------------------------------------------------------------------------------------

const LANGUAGES: Record<string, string> = {
  en: 'English', de: 'German', fr: 'French', ru: 'Russian', ja: 'Japanese', it: 'Italian', es: 'Spanish', zh: 'Chinese', nl: 'Dutch', pl: 'Polish',
};

const CERT_LABEL: Record<CertificateType, string> = {
  copy: 'Certificate that the copy is correct',
  translation: 'Certificate of translation',
  source: 'Certificate of source and authenticity',
  oath: 'Oath or affidavit jurat',
  authentication: 'Authentication',
  other: 'Certificate',
};

/** Kind of document guessed from its title (memorandum, letter, …), for `textClass` and the collection table. */
export function documentKind(title: string | undefined): string | undefined {
  if (!title) return undefined;
  const t = title.toLowerCase();
  const kinds: [RegExp, string][] = [
    [/\brecord of (a )?conversation\b|\btalk with\b|\bconversation\b|\binterview\b/, 'record of conversation'],
    [/\bdiary\b/, 'diary'],
    [/\baffidavit\b|\bsworn statement\b|\binterrogation\b/, 'affidavit'],
    [/\bcablegram\b|\bcable\b/, 'cablegram'],
    [/\btelegram\b/, 'telegram'],
    [/\bmemorandum\b|\bmemo\b/, 'memorandum'],
    [/\bminutes\b/, 'minutes'],
    [/\bminute\b/, 'minute'],
    [/\bdispatch\b|\bdespatch\b/, 'dispatch'],
    [/\bsummary\b|\bsummaries\b/, 'summary'],
    [/\breport\b/, 'report'],
    [/\bletter\b/, 'letter'],
    [/\bagreement\b|\btreaty\b|\bconvention\b|\bprotocol\b/, 'agreement'],
    [/\bdecree\b|\border\b|\bdirective\b|\binstructions?\b/, 'order'],
    [/\bspeech\b|\baddress\b|\bbroadcast\b/, 'speech'],
    [/\bstatement\b|\bcommuniqu[eé]\b|\bpress release\b/, 'statement'],
    [/\bnotes?\b/, 'note'],
    [/\bdraft\b/, 'draft'],
    [/\bsubmission\b/, 'submission'],
    [/\bappreciation\b/, 'appreciation'],
    [/\bagenda\b/, 'agenda'],
    [/\brecord of (a )?meeting\b|\bmeeting\b|\bconference\b/, 'record of meeting'],
  ];
  for (const [re, k] of kinds) if (re.test(t)) return k;
  // "Sender, office, to Recipient, office": a communication between named parties
  if (/^[A-Z].* to (the )?[A-Z]/.test(title)) return 'correspondence';
  return undefined;
}

function header(w: Writer): string {
  const { doc, opts } = w;
  const meta = doc.meta;
  const name = doc.source.name;
  const md = doc.source.metadata ?? {};
  const titleText = meta.title ?? (meta.titleSpan ? w.text.slice(meta.titleSpan.start, meta.titleSpan.end) : undefined) ?? md.title ?? name;
  const title = titleText.replace(/\s+/g, ' ').trim() || name;
  const L: string[] = [];
  L.push('  <teiHeader>');
  L.push('    <fileDesc>');
  L.push('      <titleStmt>');
  L.push(`        <title>${escapeHeaderText(title)}</title>`);
  L.push('      </titleStmt>');
  L.push('      <publicationStmt>');
  L.push(`        <p>Unpublished digital edition; TEI generated by ${escapeHeaderText(opts.generator)} from the plain-text transcription ${escapeHeaderText(name)}.txt.</p>`);
  L.push('      </publicationStmt>');
  L.push('      <sourceDesc>');
  L.push('        <msDesc>');
  L.push('          <msIdentifier>');
  if (meta.repository) L.push(`            <repository>${escapeHeaderText(meta.repository.replace(/\s+/g, ' ').trim())}</repository>`);
  const seen = new Set<string>();
  for (const id of meta.idnos) {
    const key = `${id.type}\u0000${id.value}`;
    if (seen.has(key) || !id.value.trim()) continue;
    seen.add(key);
    L.push(`            <idno type="${escapeAttr(id.type)}">${escapeHeaderText(id.value.trim())}</idno>`);
  }
  L.push(`            <altIdentifier type="file">`);
  L.push(`              <idno type="file">${escapeHeaderText(name)}.txt</idno>`);
  L.push(`            </altIdentifier>`);
  L.push('          </msIdentifier>');
  if (meta.custodialEvents.length) {
    L.push('          <additional>');
    L.push('            <adminInfo>');
    L.push('              <custodialHist>');
    for (const ev of meta.custodialEvents) {
      const who = ev.who ? `, signed by <persName>${escapeHeaderText(ev.who.replace(/\s+/g, ' ').trim())}</persName>` : '';
      L.push(`                <custEvent type="${ev.type}"${ev.date ? dateAttrs(ev.date) : ''}>${CERT_LABEL[ev.type]}${who}.</custEvent>`);
    }
    L.push('              </custodialHist>');
    L.push('            </adminInfo>');
    L.push('          </additional>');
  }
  L.push('        </msDesc>');
  L.push('      </sourceDesc>');
  L.push('    </fileDesc>');
  L.push('    <encodingDesc>');
  L.push('      <projectDesc>');
  L.push('        <p>Converted from a plain-text transcription (OCR or typescript). The diplomatic text (the text minus corr, reg, expan, supplied and editorial notes) equals the source, white space aside.</p>');
  L.push('      </projectDesc>');
  if (w.used.size) {
    L.push('      <charDecl>');
    for (const cp of [...w.used].sort((a, b) => a - b)) {
      const hex = cp.toString(16).toUpperCase().padStart(4, '0');
      L.push(`        <char xml:id="${charId(cp)}">`);
      L.push(`          <desc>U+${hex}, a character of the source that XML 1.0 cannot carry</desc>`);
      L.push(`          <mapping type="codepoint">U+${hex}</mapping>`);
      L.push('        </char>');
    }
    L.push('      </charDecl>');
  }
  L.push('    </encodingDesc>');
  L.push('    <profileDesc>');
  const date = meta.date ?? (md.date && /^\d{4}(-\d\d(-\d\d)?)?$/.test(md.date) ? { when: md.date } : undefined);
  if (date && (date.when || date.notBefore || date.notAfter || date.from || date.to)) {
    const label = meta.dateSpan ? w.text.slice(meta.dateSpan.start, meta.dateSpan.end).replace(/\s+/g, ' ').trim() : '';
    const shown = label || date.when || [date.notBefore ?? date.from, date.notAfter ?? date.to].filter(Boolean).join('/');
    L.push('      <creation>');
    L.push(`        <date${dateAttrs(date)}>${escapeHeaderText(shown)}</date>`);
    L.push('      </creation>');
  }
  const lang = (meta.language || 'en').trim() || 'en';
  L.push('      <langUsage>');
  L.push(`        <language ident="${escapeAttr(lang)}">${escapeHeaderText(LANGUAGES[lang] ?? lang)}</language>`);
  L.push('      </langUsage>');
  // the title names the kind ("Record of conversation …"), else the first heading does ("CABLEGRAM 12"),
  // else the title's "Sender to Recipient" makes it correspondence
  const firstHead = [...doc.front, ...(doc.body[0]?.blocks ?? [])].find((b) => b.kind === 'head');
  const fromTitle = documentKind(title);
  const fromHead = firstHead ? documentKind(w.text.slice(firstHead.span.start, Math.min(firstHead.span.end, firstHead.span.start + 200))) : undefined;
  const specific = (k: string | undefined): string | undefined => (k && k !== 'correspondence' ? k : undefined);
  const kind = specific(fromTitle) ?? specific(fromHead) ?? fromTitle ?? fromHead;
  if (kind) {
    L.push('      <textClass>');
    L.push('        <keywords>');
    L.push(`          <term type="documentKind">${escapeHeaderText(kind)}</term>`);
    L.push('        </keywords>');
    L.push('      </textClass>');
  }
  L.push('    </profileDesc>');
  L.push('    <revisionDesc>');
  L.push(`      <change>Generated by ${escapeHeaderText(opts.generator)} from ${escapeHeaderText(name)}.txt (${escapeHeaderText(doc.source.encoding)}).</change>`);
  L.push('    </revisionDesc>');
  L.push('  </teiHeader>');
  return L.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Document
// ---------------------------------------------------------------------------------------------

/**
 * Serialise a document to TEI, weaving the inline overlay into its blocks, and report what could not
 * be marked (a mention across a block boundary, overlapping markup) or text outside every block.
 */
export function toTeiResult(doc: DocumentModel, inlines: Inline[], opts: TeiWriteOptions): Result<string> {
  const w = new Writer(doc, inlines, opts);
  const front: Container = { blocks: doc.front.slice(), extra: new Map() };
  const body = doc.body.map((d) => ({ d, c: { blocks: d.blocks.slice(), extra: new Map() } as Container }));
  const back = doc.back.map((d) => ({ d, c: { blocks: d.blocks.slice(), extra: new Map() } as Container }));
  if (!body.length) body.push({ d: { kind: 'div', type: 'document', span: { start: 0, end: 0 }, blocks: [] }, c: { blocks: [], extra: new Map() } });
  const containers = [front, ...body.map((x) => x.c), ...back.map((x) => x.c)];
  coverGaps(w, containers);
  const spans: Span[] = [];
  for (const c of containers) {
    c.blocks.forEach((b, i) => {
      for (const x of c.extra.get(i) ?? []) spans.push(x.span);
      spans.push(b.span);
    });
    for (const x of c.extra.get(c.blocks.length) ?? []) spans.push(x.span);
  }
  w.clipToBlocks(spans.filter((s) => s.end > s.start));

  let textXml = '  <text>\n';
  const frontUnits = containerUnits(w, front);
  if (frontUnits.length) {
    textXml += '    <front>\n';
    // front takes head, dateline, p, ab and model.global directly; a closer needs a div around it
    if (frontUnits.some((u) => u.slot === 'B')) textXml += `      <div type="front">\n${divContent(frontUnits, '        ')}      </div>\n`;
    else textXml += indentLines(frontUnits, '      ');
    textXml += '    </front>\n';
  }
  const divXml = (x: { d: Division; c: Container }): string => {
    const units = containerUnits(w, x.c);
    if (!units.length) return `      ${divOpen(x.d).replace(/>$/, '/>')}\n`;
    return `      ${divOpen(x.d)}\n${divContent(units, '        ')}      </div>\n`;
  };
  textXml += '    <body>\n' + body.map(divXml).join('') + '    </body>\n';
  if (back.length) textXml += '    <back>\n' + back.map(divXml).join('') + '    </back>\n';
  textXml += '  </text>\n';
  w.finish();

  const id = ncName(doc.source.name);
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<?xml-model href="${escapeAttr(opts.schemaHref)}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n` +
    `<TEI xmlns="${TEI_NS}" xml:id="${escapeAttr(id)}" xml:lang="en">\n` +
    header(w) +
    textXml +
    '</TEI>\n';
  const diagnostics = w.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  return { value: xml, diagnostics };
}

/** Serialise a document to TEI, weaving the inline overlay into its blocks. Deterministic: same input, same bytes. */
export function toTei(doc: DocumentModel, inlines: Inline[], opts: TeiWriteOptions): string {
  return toTeiResult(doc, inlines, opts).value;
}

export type { EntityMention };

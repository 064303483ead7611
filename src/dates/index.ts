/**
 * Dates: find calendar expressions and normalise them to ISO 8601 (TEI Guidelines 13.4 "Dates";
 * att.datable.w3c). Pure. Owner: dates.
 *
 * The grammar (src/dates/grammar.ts) finds expressions as partial dates; this module resolves what
 * they leave out from the surrounding narrative (the most recent explicit date before them) or the
 * document's own date, and marks what it inferred with `@cert`.
 */
import type { Block, DateMention, DateValue, DocumentModel, Span } from '../model/index.js';
import { scan, scanBareDays, type Candidate, type PartialDate } from './grammar.js';

export type { Candidate, PartialDate } from './grammar.js';

/** What a date expression without a year (or month) borrows from its surroundings. */
export interface DateContext {
  /** The document's own date, when known. */
  docDate?: DateValue;
  /**
   * The date of the surrounding narrative (the most recent explicit date before the expression),
   * when known; it takes precedence over {@link docDate} for a missing year or month.
   */
  narrative?: DateValue;
}

/** A point in time as year, month, day (month and day may be unknown). */
interface Ref {
  year: number;
  month?: number;
  day?: number;
}

/** Parse the start of an ISO 8601 date value (`1938`, `1938-08`, `1938-08-07`). */
function refOf(v: DateValue | undefined): Ref | undefined {
  const s = v?.when ?? v?.from ?? v?.notBefore;
  const m = s ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/u.exec(s) : null;
  if (!m) return undefined;
  const r: Ref = { year: Number(m[1]) };
  if (m[2]) r.month = Number(m[2]);
  if (m[3]) r.day = Number(m[3]);
  return r;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function iso(p: PartialDate): string {
  let s = pad(p.year!, 4);
  if (p.month !== undefined) s += '-' + pad(p.month);
  if (p.month !== undefined && p.day !== undefined) s += '-' + pad(p.day);
  return s;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function validCalendarDate(p: PartialDate): boolean {
  if (p.month === undefined) return true;
  if (p.month < 1 || p.month > 12) return false;
  if (p.day === undefined) return true;
  const max = p.month === 2 ? (p.year !== undefined && !isLeap(p.year) ? 28 : 29) : DAYS_IN_MONTH[p.month - 1]!;
  return p.day >= 1 && p.day <= max;
}

/** Day number (proleptic, approximate) for distance comparisons. */
function ordinal(y: number, m = 7, d = 1): number {
  return y * 372 + (m - 1) * 31 + d;
}

/** Century for a two-digit year: the one that puts it nearest the reference year (1900s by default). */
function expandShortYear(yy: number, ref: Ref | undefined): number {
  const base = ref?.year ?? 1940;
  const centuries = [Math.floor(base / 100) - 1, Math.floor(base / 100), Math.floor(base / 100) + 1];
  let best = 1900 + yy;
  let bestDist = Infinity;
  for (const c of centuries) {
    const y = c * 100 + yy;
    const dist = Math.abs(y - base) + (y > base + 5 ? 50 : 0); // a short year rarely lies in the future
    if (dist < bestDist) {
      best = y;
      bestDist = dist;
    }
  }
  return best;
}

/**
 * Fill what a partial date leaves out from a reference point: a month and day take the year that puts
 * them nearest the reference (so `10th February` after `17th December 1936` is 1937); a day alone takes
 * the reference's month and year. Returns the completed date and whether anything was inferred.
 */
function complete(p: PartialDate, ref: Ref | undefined, rel?: -1 | 1, pastBias = false): { date: PartialDate; inferred: boolean } | undefined {
  const q: PartialDate = { ...p };
  let inferred = false;
  if (q.year !== undefined && q.shortYear) {
    q.year = expandShortYear(q.year, ref);
    delete q.shortYear;
  }
  if (q.year === undefined) {
    if (!ref) return undefined;
    inferred = true;
    if (q.month === undefined) {
      if (ref.month === undefined || q.day === undefined) return undefined;
      q.month = ref.month;
      q.year = ref.year;
    } else {
      const target = ordinal(ref.year, ref.month ?? 7, ref.day ?? (ref.month ? 15 : 1));
      let best = ref.year;
      let bestDist = Infinity;
      for (const y of [ref.year - 1, ref.year, ref.year + 1]) {
        const o = ordinal(y, q.month, q.day ?? 15);
        if (rel !== undefined && (rel < 0 ? o >= target : o <= target)) continue;
        // a narrative moves forward: on a tie, the later year
        // (from a document's own date, the past is likelier than the future: a report looks back)
        const dist = o > target ? (o - target) * (pastBias ? 1.5 : 1) - 0.5 : target - o;
        if (dist < bestDist) {
          best = y;
          bestDist = dist;
        }
      }
      // Without a month in the reference, the reference year is the only sensible guess.
      q.year = ref.month === undefined && rel === undefined ? ref.year : best;
    }
  }
  if (!validCalendarDate(q)) return undefined;
  return { date: q, inferred };
}

/** Resolve one candidate against a reference point; undefined when it cannot be a date. */
function valueOf(c: Candidate, ref: Ref | undefined, fromDoc = false): DateValue | undefined {
  if (c.yearRel !== undefined && c.a.year === undefined) {
    if (!ref) return undefined;
    const q: PartialDate = { ...c.a, year: ref.year + c.yearRel };
    return validCalendarDate(q) ? { when: iso(q), cert: 'medium' } : undefined;
  }
  if (c.monthRel !== undefined) {
    // `inst.`/`ult.`/`prox.` count from the month of the reference (the document's date)
    if (!ref || ref.month === undefined) return undefined;
    const m0 = ref.year * 12 + (ref.month - 1) + c.monthRel;
    const q: PartialDate = { year: Math.floor(m0 / 12), month: (m0 % 12) + 1, day: c.a.day! };
    return validCalendarDate(q) ? { when: iso(q), cert: 'medium' } : undefined;
  }
  if (c.b) {
    const b = complete(c.b, ref);
    if (!b) return undefined;
    // `April 1-March 31`: an interval without a year that runs over the year's end
    const wraps = c.a.year === undefined && ((c.a.month ?? 0) * 32 + (c.a.day ?? 0)) > ((b.date.month ?? 0) * 32 + (b.date.day ?? 0));
    const a = complete({ ...c.a, year: c.a.year ?? b.date.year! - (wraps ? 1 : 0), shortYear: c.a.year === undefined ? false : c.a.shortYear }, ref);
    if (!a) return undefined;
    const from = iso(a.date);
    const to = iso(b.date);
    if (from >= to) return undefined;
    const v: DateValue = { from, to };
    if (a.inferred || b.inferred) v.cert = 'medium';
    return v;
  }
  const a = complete(c.a, ref, c.rel, fromDoc);
  if (!a) return undefined;
  const v: DateValue = { when: iso(a.date) };
  if (a.inferred) v.cert = 'medium';
  return v;
}

const ALLOWED_AROUND = /^(?:the|on|of|between|from|and|dated|date|day|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)$/iu;

/**
 * Normalise one date expression (`7 Aug. 1938`, `December 1931`, `6.I.41`, `between 7 and 12
 * August 1939`) to a DateValue (TEI att.datable.w3c); undefined when it is not a date. A missing year
 * or month is taken from `context.narrative` or `context.docDate` and marked `cert="medium"`.
 */
export function normaliseDate(expr: string, context: DateContext = {}): DateValue | undefined {
  const text = expr.trim();
  if (!text) return undefined;
  const cands = scan(text, { anyCase: true, bareYears: true });
  const all = [...cands, ...scanBareDays(text, cands)].sort((x, y) => x.start - y.start);
  let c: Candidate;
  if (all.length === 1) c = all[0]!;
  else if (all.length === 2 && all[0]!.elliptic && /^\s*(?:and|to|till|until|-|–)\s*$/u.test(text.slice(all[0]!.end, all[1]!.start))) {
    // a lone `7 and 12 August 1939` is an interval, as `between 7 and 12 August 1939` is
    c = { start: all[0]!.start, end: all[1]!.end, a: all[0]!.a, b: all[1]!.a };
  } else return undefined;
  // everything outside the expression must be punctuation or a word that may surround a date
  const rest = (text.slice(0, c.start) + ' ' + text.slice(c.end)).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (!rest.every((w) => ALLOWED_AROUND.test(w))) return undefined;
  const narrative = refOf(context.narrative);
  return valueOf(c, narrative ?? refOf(context.docDate), !narrative);
}

/** Furniture kinds whose text is not running text: page numbers, catchwords, running heads. */
const SKIPPED_FW = new Set(['pageNum', 'catch', 'header']);

function furnitureSpans(blocks: Block[], out: Span[]): void {
  for (const b of blocks) {
    if (b.kind === 'fw') {
      if (SKIPPED_FW.has(b.fwType)) out.push(b.span);
    } else if ('parts' in b) {
      for (const p of b.parts) if (p.kind === 'fw' && SKIPPED_FW.has(p.fwType)) out.push(p.span);
    }
  }
}

/** Source text with page furniture blanked out (same length, so offsets stay those of the source). */
function maskFurniture(doc: DocumentModel): string {
  const spans: Span[] = [];
  furnitureSpans(doc.front, spans);
  for (const d of [...doc.body, ...doc.back]) furnitureSpans(d.blocks, spans);
  const text = doc.source.text;
  if (spans.length === 0) return text;
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const s of spans) {
    if (s.start < pos) continue;
    out += text.slice(pos, s.start) + text.slice(s.start, s.end).replace(/[^\r\n]/gu, ' ');
    pos = s.end;
  }
  return out + text.slice(pos);
}

/**
 * Every date mention of a document, in source order, skipping page furniture (a page number `28` is
 * not a year). Values follow the corpus guidelines: a date without a year takes it from the most
 * recent explicit date before it (a date cited with `of`/`dated` does not move the narrative on),
 * else from the document's date (`context.docDate`, else `doc.meta.date`, else the `date` column of
 * metadata.csv in `doc.source.metadata`).
 */
export function findDates(doc: DocumentModel, context: DateContext = {}): DateMention[] {
  const meta = doc.source.metadata?.date;
  const docDate = context.docDate ?? doc.meta?.date ?? (meta ? normaliseDate(meta) : undefined);
  // the source's own notes (numbered footnotes) each tell their own story
  const notes: Span[] = [];
  for (const b of [...doc.front, ...doc.body.flatMap((d) => d.blocks), ...doc.back.flatMap((d) => d.blocks)]) {
    if (b.kind === 'note') notes.push(b.span);
  }
  notes.sort((a, b) => a.start - b.start);
  return findDatesInText(maskFurniture(doc), { ...(docDate ? { docDate } : {}), ...(context.narrative ? { narrative: context.narrative } : {}) }, { notes });
}

/** The first explicit, non-cited date with year, month and day: a stand-in for a missing document date. */
function firstFullDate(all: Candidate[]): Ref | undefined {
  for (const c of all) {
    if (c.cited || c.b || c.elliptic) continue;
    if (c.a.year !== undefined && c.a.month !== undefined && c.a.day !== undefined) {
      const v = valueOf(c, undefined);
      if (v) return refOf(v);
    }
  }
  return undefined;
}

/** Where the blocks of a text lie, for {@link findDatesInText}; both lists sorted by start. */
export interface TextLayout {
  /** The source's own notes (footnotes): each starts its narrative afresh from the document date. */
  notes?: Span[];
}

/** {@link findDates} over a plain string (offsets into it): for callers without a DocumentModel. */
export function findDatesInText(text: string, context: DateContext = {}, layout: TextLayout = {}): DateMention[] {
  const segments = layout.notes ?? [];
  const cands = scan(text);
  const all = [...cands, ...scanBareDays(text, cands)].sort((x, y) => x.start - y.start);
  // Without a document date, what comes before the first explicit date borrows from that date.
  const docRef = refOf(context.docDate) ?? firstFullDate(all);
  let narrative = refOf(context.narrative);
  const out: DateMention[] = [];
  let main = narrative;
  let seg = -1;
  let k = 0;
  for (const c of all) {
    while (k < segments.length && segments[k]!.end <= c.start) k++;
    const inSeg = k < segments.length && segments[k]!.start <= c.start ? k : -1;
    if (inSeg !== seg) {
      if (seg < 0) main = narrative; // leaving the main text: keep its narrative for later
      narrative = inSeg < 0 ? main : undefined;
      seg = inSeg;
    }
    // list members (`7` in `7 and 8 February 1940`) already carry what their fuller neighbour says
    // relative expressions (`last November`, `5th ult.`, `of last year`) count from the time of writing
    const relative = c.monthRel !== undefined || c.yearRel !== undefined || c.rel !== undefined;
    const v = relative ? valueOf(c, docRef ?? narrative) : valueOf(c, narrative ?? docRef, !narrative);
    if (!v) continue;
    // `No. 52 Nov 1617` (a day and hour): a month with a year centuries away from the document's is a misreading
    if (docRef && !c.yearOnly && c.a.month !== undefined && Math.abs(Number((v.when ?? v.from)!.slice(0, 4)) - docRef.year) > 150) continue;
    out.push({ kind: 'date', span: { start: c.start, end: c.end }, value: v });
    // a date well after the document's own is a plan or a deadline (`by March 1942`): the narrative stays
    const r = refOf(v.to ? { when: v.to } : v);
    if (docRef && r && ordinal(r.year, r.month ?? 1, r.day ?? 1) > ordinal(docRef.year + 1, docRef.month ?? 12, docRef.day ?? 31)) continue;
    // every date with a month moves the narrative on, inferred ones too (`In September … in January`)
    if (!c.cited && !c.yearOnly && !c.elliptic && !c.rel && c.yearRel === undefined && c.monthRel === undefined && v.when && v.when.length >= 7) narrative = refOf(v);
    else if (c.heading && v.when) narrative = refOf(v);
    else if (!c.cited && !c.yearOnly && v.to && v.to.length >= 7) narrative = refOf({ when: v.to });
  }
  return out;
}

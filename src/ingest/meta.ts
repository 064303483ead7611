/**
 * Header facts (teiHeader): title, the document's own date, identifiers, repository of the
 * original and custodial history, read from the recognised structure and metadata.csv
 * (TEI Guidelines 10.4 "The Manuscript Identifier", 10.9.1.2 "Custodial History", 2.2 "The File Description").
 */
import type { Block, CustodialEvent, DateValue, Division, DocumentMeta, Source, Span } from '../model/index.js';
import { normaliseDate } from '../dates/index.js';
import { DATE_GLOBAL } from './classify.js';
import type { Structure } from './structure.js';

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A small fallback for the common dateline forms, used only when the dates stage gives no value. */
function fallbackDate(expr: string): DateValue | undefined {
  const e = expr.replace(/\s+/g, ' ').trim();
  let m = /^(\d{1,2})(?:st|nd|rd|th|d)?\.?,? (?:day of )?([A-Za-z]{3})[a-z]*\.?,? (\d{4})/i.exec(e);
  if (m) {
    const mo = MONTHS[m[2]!.toLowerCase()];
    if (mo) return { when: `${m[3]}-${pad(mo)}-${pad(Number(m[1]))}` };
  }
  m = /^([A-Za-z]{3})[a-z]*\.? (\d{1,2})(?:st|nd|rd|th|d)?,? (\d{4})/i.exec(e);
  if (m) {
    const mo = MONTHS[m[1]!.toLowerCase()];
    if (mo) return { when: `${m[3]}-${pad(mo)}-${pad(Number(m[2]))}` };
  }
  m = /^([A-Za-z]{3})[a-z]*\.?,? (\d{4})$/i.exec(e);
  if (m) {
    const mo = MONTHS[m[1]!.toLowerCase()];
    if (mo) return { when: `${m[2]}-${pad(mo)}` };
  }
  return undefined;
}

function normalise(expr: string): DateValue | undefined {
  let v: DateValue | undefined;
  try {
    v = normaliseDate(expr);
  } catch {
    v = undefined;
  }
  if (!v || !(v.when ?? v.from ?? v.notBefore)) v = fallbackDate(expr) ?? v;
  if (v && v.when && !/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/.test(v.when)) return undefined;
  return v;
}

interface FoundDate {
  value: DateValue;
  span: Span;
}

/** Dates in a span of the text, in order. */
function datesIn(text: string, span: Span): FoundDate[] {
  const out: FoundDate[] = [];
  const s = text.slice(span.start, span.end);
  const re = new RegExp(DATE_GLOBAL.source, 'gi');
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    // a date of birth or death is never the date of the document (`Josef Simon, born May 23, 1865`)
    if (/\b(?:born|b\.|n[ée]e|geb\.|died|d\.|deceased|birth)\s*(?:on\s+)?(?:the\s+)?,?\s*$/i.test(s.slice(Math.max(0, m.index - 24), m.index))) continue;
    const v = normalise(m[0]);
    if (v && v.when && /^\d{4}/.test(v.when)) {
      const y = Number(v.when.slice(0, 4));
      if (y >= 1000 && y <= 2100) out.push({ value: v, span: { start: span.start + m.index, end: span.start + m.index + m[0].length } });
    }
  }
  return out;
}

/** Leaf text spans of blocks (page furniture left out), in order. */
export function leafSpans(blocks: Block[], opts: { skipFurniture?: boolean } = {}): Span[] {
  const out: Span[] = [];
  for (const b of blocks) {
    if (b.kind === 'pb') continue;
    if (b.kind === 'fw') {
      if (!opts.skipFurniture) out.push(b.span);
      continue;
    }
    if ('parts' in b) {
      for (const p of b.parts) {
        if (p.kind === 'pb') continue;
        if (p.kind === 'fw' && opts.skipFurniture) continue;
        out.push(p.span);
      }
    } else out.push(b.span);
  }
  return out;
}

function textOf(text: string, spans: Span[]): string {
  return spans.map((s) => text.slice(s.start, s.end)).join(' ').replace(/\s+/g, ' ').trim();
}

function precision(v: DateValue): number {
  return (v.when ?? '').length;
}

/** Who signed a certificate: the text of its signed parts without the signature marks. */
function signerOf(text: string, div: Division): string | undefined {
  const names: string[] = [];
  for (const b of div.blocks) {
    if (b.kind !== 'closer') continue;
    for (const p of b.parts) {
      if (p.kind !== 'signed') continue;
      const t = text
        .slice(p.span.start, p.span.end)
        .replace(/\/s\/|\(s\)|\(Sgd\.?\)|Sgd\.|\/Signature\/|^\s*(?:Signed|Signature|Sgd)\s*[:.]/gi, ' ')
        .replace(/\s+/g, ' ')
        .trim();
      if (t) names.push(t);
    }
  }
  return names.length ? names.join('; ') : undefined;
}

function closerDates(text: string, div: Division): FoundDate[] {
  const out: FoundDate[] = [];
  for (const b of div.blocks) {
    if (b.kind === 'dateline') out.push(...datesIn(text, b.span));
    if (b.kind === 'closer') for (const p of b.parts) if (p.kind === 'dateline') out.push(...datesIn(text, p.span));
  }
  return out;
}

/** Derive the header facts of a document from its structure and metadata.csv row. */
export function headerFacts(source: Source, st: Structure): DocumentMeta {
  const text = source.text;
  const meta: DocumentMeta = { idnos: st.idnos.map((x) => ({ type: x.type, value: x.value, span: { ...x.span } })), custodialEvents: [], language: 'en' };
  // ---- title
  const md = source.metadata ?? {};
  if (md.title && md.title.trim()) meta.title = md.title.trim();
  const heads = st.titleHeads.filter((s) => !/^(?:(?:TOP|MOST)\s+)?(?:SECRET|CONFIDENTIAL|URGENT|IMMEDIATE|RESTRICTED|PERSONAL|UNCLASSIFIED|COPY|TRANSLATION|DRAFT)[.\s]*(?:(?:AND|&)\s+\w+)?[.]?$/i.test(text.slice(s.start, s.end).trim()));
  const translationHead = heads.find((s) => /^(?:PARTIAL\s+)?TRANSLATION\s+OF\s+DOCUMENT\b/i.test(text.slice(s.start, s.end)));
  let used: Span[] = translationHead ? [translationHead] : heads.slice(0, 2);
  if (used.length === 2 && used[1]!.start - used[0]!.end > 400) used = used.slice(0, 1);
  if (used.length > 0) {
    meta.titleSpan = { start: used[0]!.start, end: used[used.length - 1]!.end };
    if (!meta.title) meta.title = textOf(text, used);
  }
  // ---- identifiers from metadata.csv
  if (md.number && md.number.trim() && !meta.idnos.some((x) => x.type === 'number')) meta.idnos.push({ type: 'number', value: md.number.trim() });

  // ---- date
  const docDivs = st.body.filter((d) => d.type !== 'certificate');
  const certs = [...st.body, ...st.back].filter((d) => d.type === 'certificate');
  const mdDate = (md.date ?? '').trim();
  if (/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/.test(mdDate)) {
    meta.date = { when: mdDate };
  } else {
    // the title's own dates, else those of the other headings above the text (`The Reich Citizenship Law of 15 Sept 1935`)
    let titleDates = meta.titleSpan ? datesIn(text, meta.titleSpan) : [];
    if (titleDates.length === 0) titleDates = st.titleHeads.slice(0, 12).flatMap((h) => datesIn(text, h));
    const tFull = titleDates.find((d) => precision(d.value) === 10);
    const dl = docDivs.flatMap((d) => closerDates(text, d)).find((d) => precision(d.value) >= 7);
    const tPart = titleDates[0];
    if (tFull) {
      meta.date = tFull.value;
      meta.dateSpan = tFull.span;
    } else if (dl && (!tPart || dl.value.when!.startsWith(tPart.value.when!))) {
      meta.date = dl.value;
      meta.dateSpan = dl.span;
    } else if (tPart) {
      // a month or year in the title, refined by a full date of that month in a certificate
      const certDates = certs.flatMap((c) => datesIn(text, c.span));
      const refine = certDates.find((d) => precision(d.value) > precision(tPart.value) && d.value.when!.startsWith(tPart.value.when!));
      if (refine) {
        meta.date = { when: refine.value.when!, cert: 'medium' };
        meta.dateSpan = tPart.span;
      } else {
        meta.date = tPart.value;
        meta.dateSpan = tPart.span;
      }
    } else {
      // an affidavit is dated by its jurat
      const oath = certs.find((c) => c.subtype === 'oath');
      const od = oath ? datesIn(text, oath.span).find((d) => precision(d.value) === 10) : undefined;
      if (od) {
        meta.date = { when: od.value.when!, cert: 'medium' };
        meta.dateSpan = od.span;
      } else if (dl) {
        meta.date = dl.value;
        meta.dateSpan = dl.span;
      } else {
        // a short first line that names the document (`Record of the conversation … on the 13th May 1939`)
        const first = st.body[0]?.blocks.find((b) => b.kind !== 'head' && b.kind !== 'fw' && b.kind !== 'pb' && b.kind !== 'dateline');
        // (or a citation of the issue it was printed in: `From Page 2, Issue 383, 4 May 1933 of "NSK"`)
        const cite = !!first && /^(?:From\s+)?(?:Pages?|Issue|No\.|Number)\s+\d/i.test(text.slice(first.span.start, first.span.start + 40));
        if (first && (first.kind === 'p' || first.kind === 'ab') && (first.span.end - first.span.start <= 300 || cite)) {
          const within = cite ? { start: first.span.start, end: Math.min(first.span.end, first.span.start + 120) } : first.span;
          const fd = datesIn(text, within).find((d) => precision(d.value) >= 7);
          if (fd) {
            meta.date = { when: fd.value.when!, cert: 'low' };
            meta.dateSpan = fd.span;
          }
        }
      }
    }
  }

  // ---- repository and custodial history
  for (const c of certs) {
    const ct = textOf(text, leafSpans(c.blocks, { skipFurniture: true }));
    if (!meta.repository) {
      const m = /\b(?:may\s+be\s+found|is\s+preserved|are\s+preserved|is\s+kept|are\s+kept|is\s+held|is\s+filed|is\s+deposited)\s+in\s+(?:the\s+(?:files|archives?|custody|records)\s+of\s+)?(?:the\s+)?([A-Z][^.;]{3,160}?)(?:\.\s|\.$|;|$)/.exec(ct);
      if (m) meta.repository = m[1]!.trim();
    }
    const ev: CustodialEvent = { type: c.subtype ?? 'other', span: { ...c.span } };
    const cd = closerDates(text, c).find((d) => precision(d.value) >= 7);
    const any = datesIn(text, c.span);
    const d = cd ?? any[any.length - 1];
    if (d) ev.date = d.value;
    const who = signerOf(text, c);
    if (who) ev.who = who;
    meta.custodialEvents.push(ev);
  }
  return meta;
}

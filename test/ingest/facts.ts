/**
 * Test helpers: the coverage property of the model (every non-white-space character in exactly one
 * leaf span, in order) and the structure facts of ../shared/eval/structure.py checked on the model.
 */
import type { Block, Division, DocumentModel, Span } from '../../src/model/index.js';
import { inlineFeatures } from '../../src/ingest/index.js';

/** Leaf spans of a block in order (text runs, furniture, closer parts, page breaks). */
function leaves(b: Block, out: { span: Span; kind: string; fwType?: string; owner: string }[]): void {
  if ('parts' in b) {
    for (const p of b.parts) out.push({ span: p.span, kind: p.kind, fwType: p.kind === 'fw' ? p.fwType : undefined, owner: b.kind });
  } else out.push({ span: b.span, kind: b.kind, fwType: b.kind === 'fw' ? b.fwType : undefined, owner: b.kind });
}

export function allLeaves(doc: DocumentModel): { span: Span; kind: string; fwType?: string; owner: string }[] {
  const out: { span: Span; kind: string; fwType?: string; owner: string }[] = [];
  for (const b of doc.front) leaves(b, out);
  for (const d of [...doc.body, ...doc.back]) for (const b of d.blocks) leaves(b, out);
  return out;
}

/** Returns a description of the first violation of the coverage property, or undefined when it holds. */
export function coverageProblem(doc: DocumentModel): string | undefined {
  const text = doc.source.text;
  const ls = allLeaves(doc);
  let pos = 0;
  for (const l of ls) {
    const { start, end } = l.span;
    if (start < pos) return `span ${start}-${end} (${l.kind}) overlaps or goes back before ${pos}`;
    if (end < start) return `span ${start}-${end} is inverted`;
    if (start > pos && NOT_WS.test(text.slice(pos, start))) return `a character between ${pos} and ${start} lies in no block: ${JSON.stringify(text.slice(pos, start))}`;
    pos = end;
  }
  if (NOT_WS.test(text.slice(pos))) return `a character after ${pos} lies in no block (after the last)`;
  // divisions and blocks are in order and each division's span covers its blocks
  for (const d of [...doc.body, ...doc.back]) {
    if (d.blocks.length === 0) return `empty division ${d.type}`;
    for (const b of d.blocks) if (b.span.start < d.span.start || b.span.end > d.span.end) return `block outside its division span`;
  }
  return undefined;
}

/** White space as the lossless contract counts it (test/hostile squeeze): `\s` except VT and BOM. */
const NOT_WS = /[\S\u000B\uFEFF]/;

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

function spanText(doc: DocumentModel, s: Span): string {
  return doc.source.text.slice(s.start, s.end);
}

function blockText(doc: DocumentModel, b: Block, skipFurniture: boolean): string {
  if (!('parts' in b)) return spanText(doc, b.span);
  return b.parts.filter((p) => !(skipFurniture && (p.kind === 'fw' || p.kind === 'pb'))).map((p) => spanText(doc, p.span)).join(' ');
}

function* blocksOf(divs: Division[]): Generator<Block> {
  for (const d of divs) yield* d.blocks;
}

/** Check one fact of a `*.structure.json` on the model, as structure.py checks it on TEI. */
export function factHolds(doc: DocumentModel, fact: Record<string, unknown>): boolean {
  const [k, v] = Object.entries(fact).find(([key]) => key !== 'signer')!;
  const all = [...doc.front, ...blocksOf(doc.body), ...blocksOf(doc.back)];
  const fws = (type: string): string[] => {
    const out: string[] = [];
    for (const b of all) {
      if (b.kind === 'fw' && b.fwType === type) out.push(norm(spanText(doc, b.span)));
      if ('parts' in b) for (const p of b.parts) if (p.kind === 'fw' && p.fwType === type) out.push(norm(spanText(doc, p.span)));
    }
    return out;
  };
  const signedIn = (divs: Division[]): string[] => {
    const out: string[] = [];
    for (const b of blocksOf(divs)) if (b.kind === 'closer') for (const p of b.parts) if (p.kind === 'signed') out.push(norm(spanText(doc, p.span)));
    return out;
  };
  const certs = [...doc.body, ...doc.back].filter((d) => d.type === 'certificate');
  switch (k) {
    case 'catch':
      return fws('catch').includes(v as string);
    case 'pageNum':
      return fws('pageNum').includes(v as string);
    case 'samePara':
      return all.some((b) => b.kind === 'p' && norm(blockText(doc, b, true)).includes(norm(v as string)));
    case 'certificate':
      return certs.some((d) => d.subtype === v && (!fact.signer || signedIn([d]).some((s) => s.includes(fact.signer as string))));
    case 'certificates':
      return certs.length === v;
    case 'closerSigner':
      return signedIn(doc.body).some((s) => s.includes(v as string));
    case 'stamp': {
      const texts: string[] = [];
      for (const b of all) {
        if (b.kind === 'stamp') texts.push(norm(spanText(doc, b.span)));
        if (b.kind === 'closer') for (const p of b.parts) if (p.kind === 'stamp') texts.push(norm(spanText(doc, p.span)));
      }
      for (const f of inlineFeatures(doc)) if (f.kind === 'stamp') texts.push(norm(spanText(doc, f.span)));
      return texts.some((t) => t.includes(v as string));
    }
    case 'gap':
      return inlineFeatures(doc).some((f) => f.kind === 'gap');
    case 'blank':
      return inlineFeatures(doc).some((f) => f.kind === 'blank');
    case 'docDate':
      return doc.meta.date?.when === v;
    case 'idno': {
      const [type, value] = v as [string, string];
      return doc.meta.idnos.some((i) => i.type === type && i.value === value);
    }
    case 'dateline': {
      const texts: string[] = [];
      for (const b of all) {
        if (b.kind === 'dateline') texts.push(norm(spanText(doc, b.span)));
        if (b.kind === 'closer') for (const p of b.parts) if (p.kind === 'dateline') texts.push(norm(spanText(doc, p.span)));
      }
      return texts.some((t) => t.includes(v as string));
    }
    default:
      throw new Error(`unknown fact ${JSON.stringify(fact)}`);
  }
}

const LETTER: Record<string, string> = { p: 'p', head: 'H', dateline: 'D', stamp: 'S', closer: 'C', ab: 'a', note: 'n', fw: 'f', pb: '|' };

/**
 * A compact outline of the model for fixtures: `front:ff document:HHpC certificate/copy:pC` with
 * `~` before divisions in back. One letter per block: p paragraph, H head, D dateline, S stamp,
 * C closer, a ab, n note, f fw, | pb.
 */
export function outline(doc: DocumentModel): string {
  const div = (d: Division, back: boolean): string => `${back ? '~' : ''}${d.type}${d.subtype ? '/' + d.subtype : ''}:${d.blocks.map((b) => LETTER[b.kind]).join('')}`;
  const parts = [`front:${doc.front.map((b) => LETTER[b.kind]).join('')}`];
  for (const d of doc.body) parts.push(div(d, false));
  for (const d of doc.back) parts.push(div(d, true));
  return parts.join(' ');
}

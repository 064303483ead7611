/**
 * Inline features of ENCODING.md "Certification apparatus": blanks left to be filled, `[illegible]`
 * gaps and stamps or seals described inside running text. They are an overlay the TEI writer weaves
 * into whatever block holds them (TEI `<seg type="blank">`, `<gap reason="illegible">`, `<stamp>`).
 */
import type { Block, DocumentModel, InlineFeature, Span } from '../model/index.js';

const FEATURE = /_{3,}|[[(](?:[^[\]()\n]{0,30}?\s)?illegible\b[^[\]()\n]{0,60}[\])]|\[(?:Official\s+|Round\s+|Rubber\s+)?(?:Stamp|Seal)\b[^\]\n]{0,200}\]|\/(?:Official\s+|Round\s+)?(?:Stamp|Seal)\s+of\b[^/\n]{0,200}\//gi;

function runsOf(blocks: Block[], out: Span[]): void {
  for (const b of blocks) {
    if (b.kind === 'fw' || b.kind === 'pb' || b.kind === 'stamp') continue;
    if ('parts' in b) {
      for (const p of b.parts) if (p.kind !== 'fw' && p.kind !== 'pb' && p.kind !== 'stamp') out.push(p.span);
    } else out.push(b.span);
  }
}

/** Every blank, illegible gap and inline stamp of a document, in source order; each lies inside one text run, so it nests in whatever element holds that run. */
export function inlineFeatures(doc: DocumentModel): InlineFeature[] {
  const runs: Span[] = [];
  runsOf(doc.front, runs);
  for (const d of [...doc.body, ...doc.back]) runsOf(d.blocks, runs);
  const out: InlineFeature[] = [];
  const text = doc.source.text;
  for (const r of runs) {
    const s = text.slice(r.start, r.end);
    if (!/_{3}|\[|\//.test(s)) continue;
    const re = new RegExp(FEATURE.source, 'gi');
    let m: RegExpExecArray | null;
    while ((m = re.exec(s)) !== null) {
      const t = m[0];
      const kind: InlineFeature['kind'] = t.startsWith('_') ? 'blank' : /illegible/i.test(t) && /^[[(]/.test(t) && !/^\[(?:Official\s+|Round\s+|Rubber\s+)?(?:Stamp|Seal)\b/i.test(t) ? 'gap' : 'stamp';
      out.push({ kind, span: { start: r.start + m.index, end: r.start + m.index + t.length } });
    }
  }
  out.sort((a, b) => a.span.start - b.span.start);
  return out;
}

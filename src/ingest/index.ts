/**
 * Ingest: text → {@link DocumentModel}. Pure: no file system, no console.
 * Owner: ingest (structure); `decode.ts` is owned by input robustness.
 */
import type { DocumentModel, Result, Source } from '../model/index.js';
import { headerFacts } from './meta.js';
import { recogniseStructure } from './structure.js';

export { decode } from './decode.js';
export type { DecodeOptions, Decoded } from './decode.js';
export { inlineFeatures } from './inline.js';

/**
 * Recognise the structure of one document: page furniture, paragraphs (joined across page breaks),
 * headings, datelines, closers, certificates and header facts (ENCODING.md; TEI Guidelines 11.6
 * for page furniture, 4.2 for openers and closers). Never throws on odd input: every text yields a model.
 */
export function ingest(source: Source): Result<DocumentModel> {
  const st = recogniseStructure(source.text);
  const meta = headerFacts(source, st);
  const doc: DocumentModel = { source, front: st.front, body: st.body, back: st.back, meta };
  return { value: doc, diagnostics: [] };
}

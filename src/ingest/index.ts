/**
 * Ingest: bytes → text → {@link DocumentModel}. Pure: no file system, no console.
 * Owner: ingest (structure); `decode.ts` is owned by input robustness. STUB until the stage lands.
 */
import type { DocumentModel, Result, Source } from '../model/index.js';

export { decode } from './decode.js';
export type { DecodeOptions, Decoded } from './decode.js';

/** Recognise the structure of one document: page furniture, paragraphs, headings, closers, certificates, header facts. */
export function ingest(source: Source): Result<DocumentModel> {
  void source;
  throw new Error('ingest: not implemented yet');
}

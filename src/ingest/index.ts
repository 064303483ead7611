/**
 * Ingest: bytes → text → {@link DocumentModel}. Pure: no file system, no console.
 * Owner: ingest. STUB until the ingest stage lands.
 */
import type { DocumentModel, Result, Source } from '../model/index.js';

export interface DecodeOptions {
  /** Force an encoding (iconv-lite name), e.g. `windows-1252`, instead of detecting it. */
  encoding?: string;
}

export interface Decoded {
  text: string;
  encoding: string;
}

/** Decode a file's bytes to text (UTF-8 with or without BOM, UTF-16 with BOM; other encodings refused unless `encoding` is given). `value` is null when the file cannot be read as text. */
export function decode(bytes: Uint8Array, path: string, opts: DecodeOptions = {}): Result<Decoded | null> {
  void bytes; void path; void opts;
  throw new Error('decode: not implemented yet');
}

/** Recognise the structure of one document: page furniture, paragraphs, headings, closers, certificates, header facts. */
export function ingest(source: Source): Result<DocumentModel> {
  void source;
  throw new Error('ingest: not implemented yet');
}

/**
 * Decoding: file bytes → text. Owner: input robustness. STUB until it lands.
 */
import type { Result } from '../model/index.js';

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
  void opts;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  void path;
  return { value: { text, encoding: 'utf-8' }, diagnostics: [] };
}

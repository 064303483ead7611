/**
 * The `prepare` task (worker threads): read, decode and ingest sources and find what needs no
 * collection context (dates, inline features). Entities come later, collection-wide.
 */
import { findDates } from '../dates/index.js';
import { decode, ingest, inlineFeatures } from '../ingest/index.js';
import type { Diagnostic, DocumentModel, Inline, Source, Span } from '../model/index.js';
import { furnitureSpans, textUnits } from '../entities/passes.js';
import type { BuildHost, FileStat } from './host.js';
import { contentHash } from './hash.js';
import { internalDiagnostic } from './diagnostics.js';

/** One source to read, decode and ingest. */
export interface PrepareItem {
  name: string;
  path: string;
  /** Path to print in diagnostics (as the user gave it). */
  displayPath: string;
  metadata?: Record<string, string>;
  encoding?: string;
}

/** A prepared document: its model and the inline features found without the rest of the collection. */
export interface Prepared {
  name: string;
  ok: boolean;
  sourceHash?: string;
  sourceStat?: FileStat;
  model?: DocumentModel;
  /** Dates and inline features (entities come later, collection-wide). */
  inlines?: Inline[];
  /** What entity recognition needs of the model besides its text: page furniture to skip, text units to clip mentions to (src/entities/passes.ts). */
  entitySpans?: { skip: Span[]; units: Span[] };
  diagnostics: Diagnostic[];
}


/** Decode and ingest one source and find what needs no collection context (dates, inline features); failures become diagnostics. */
export function prepareSource(source: Source): Prepared {
  const diagnostics: Diagnostic[] = [];
  let model: DocumentModel;
  try {
    const r = ingest(source);
    diagnostics.push(...r.diagnostics);
    model = r.value;
  } catch (err) {
    diagnostics.push(internalDiagnostic(source.path, 'ingest', err));
    return { name: source.name, ok: false, diagnostics };
  }
  const inlines: Inline[] = [];
  try {
    inlines.push(...findDates(model, model.meta.date ? { docDate: model.meta.date } : {}));
  } catch (err) {
    diagnostics.push(internalDiagnostic(source.path, 'date recognition', err));
  }
  try {
    inlines.push(...inlineFeatures(model));
  } catch (err) {
    diagnostics.push(internalDiagnostic(source.path, 'inline features', err));
  }
  return { name: source.name, ok: true, model, inlines, entitySpans: { skip: furnitureSpans(model), units: textUnits(model) }, diagnostics };
}

/** Prepare a batch of sources; an unreadable or undecodable one becomes a diagnostic, never an exception. */
export async function runPrepare(host: BuildHost, items: PrepareItem[]): Promise<Prepared[]> {
  const out: Prepared[] = [];
  for (const it of items) {
    const bytes = await host.readBytes(it.path);
    if (!bytes) {
      out.push({ name: it.name, ok: false, diagnostics: [{ file: it.displayPath, line: 1, column: 1, severity: 'error', message: 'cannot read the file', rule: 'io-read' }] });
      continue;
    }
    const sourceHash = contentHash(bytes, JSON.stringify(it.metadata ?? null), it.encoding ?? '');
    const sourceStat = await host.stat(it.path);
    let decoded;
    try {
      decoded = decode(bytes, it.displayPath, it.encoding ? { encoding: it.encoding } : {});
    } catch (err) {
      out.push({ name: it.name, ok: false, sourceHash, diagnostics: [internalDiagnostic(it.displayPath, 'decoding', err)] });
      continue;
    }
    if (!decoded.value) {
      const diags = decoded.diagnostics.length > 0 ? decoded.diagnostics : [{ file: it.displayPath, line: 1, column: 1, severity: 'error' as const, message: 'cannot be read as text', rule: 'ingest-encoding' }];
      out.push({ name: it.name, ok: false, sourceHash, diagnostics: diags });
      continue;
    }
    const source: Source = { name: it.name, path: it.displayPath, text: decoded.value.text, encoding: decoded.value.encoding };
    if (it.metadata) source.metadata = it.metadata;
    const p = prepareSource(source);
    p.diagnostics.unshift(...decoded.diagnostics);
    p.sourceHash = sourceHash;
    if (sourceStat) p.sourceStat = sourceStat;
    out.push(p);
  }
  return out;
}


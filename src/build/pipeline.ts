/**
 * The conversion pipeline for a collection: ingest → entities + dates + inline features → TEI.
 * Pure: sources in, TEI strings out. Collection-level because entity recognition is (a name seen
 * as a person in one document is a person in all of them).
 */
import { findDates } from '../dates/index.js';
import { recogniseCollection } from '../entities/index.js';
import * as ingestStage from '../ingest/index.js';
import type {
  Authority,
  Diagnostic,
  DocumentModel,
  Inline,
  InlineFeature,
  Result,
  Source,
} from '../model/index.js';
import * as teiStage from '../tei/index.js';
import type { TeiWriteOptions } from '../tei/index.js';
import { internalDiagnostic } from './diagnostics.js';

export { internalDiagnostic };

export interface ConvertedDocument {
  name: string;
  /** Path of the source, as given. */
  path: string;
  xml: string;
  model: DocumentModel;
}

export interface ConvertResult {
  documents: ConvertedDocument[];
  /** Names of sources that could not be converted (diagnostics say why). */
  failed: string[];
  authority: Authority;
}

/** Options of {@link convertCollection}; `teiOptions` may depend on the document (relative hrefs). */
export interface ConvertOptions {
  teiOptions: (source: Source) => TeiWriteOptions;
}

type InlineFeatureFn = (doc: DocumentModel) => InlineFeature[];
type StampFn = (xml: string) => string;

function optionalExport<T>(mod: object, name: string): T | undefined {
  const f = (mod as Record<string, unknown>)[name];
  return typeof f === 'function' ? (f as T) : undefined;
}

/**
 * Convert a whole collection. One bad document never stops the batch: its failure becomes a
 * diagnostic and its name is listed in `failed`; the others are converted.
 */
export function convertCollection(sources: Source[], authority: Authority, opts: ConvertOptions): Result<ConvertResult> {
  const diagnostics: Diagnostic[] = [];
  const failed: string[] = [];
  const models: DocumentModel[] = [];
  for (const source of sources) {
    try {
      const r = ingestStage.ingest(source);
      diagnostics.push(...r.diagnostics);
      models.push(r.value);
    } catch (err) {
      diagnostics.push(internalDiagnostic(source.path, 'ingest', err));
      failed.push(source.name);
    }
  }

  let mentions = new Map<string, Inline[]>();
  let newAuthority = authority;
  try {
    const r = recogniseCollection(models, authority);
    diagnostics.push(...r.diagnostics);
    mentions = r.value.mentions as Map<string, Inline[]>;
    newAuthority = r.value.authority;
  } catch (err) {
    diagnostics.push(internalDiagnostic(models[0]?.source.path ?? '(collection)', 'entity recognition', err));
  }

  const inlineFeatures = optionalExport<InlineFeatureFn>(ingestStage, 'inlineFeatures');
  const stamp = optionalExport<StampFn>(teiStage, 'stampTei');
  const documents: ConvertedDocument[] = [];
  for (const model of models) {
    const { source } = model;
    try {
      const inlines: Inline[] = [...(mentions.get(source.name) ?? [])];
      try {
        inlines.push(...findDates(model, model.meta.date ? { docDate: model.meta.date } : {}));
      } catch (err) {
        diagnostics.push(internalDiagnostic(source.path, 'date recognition', err));
      }
      if (inlineFeatures) inlines.push(...inlineFeatures(model));
      inlines.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
      let xml = teiStage.toTei(model, inlines, opts.teiOptions(source));
      if (stamp) xml = stamp(xml);
      documents.push({ name: source.name, path: source.path, xml, model });
    } catch (err) {
      diagnostics.push(internalDiagnostic(source.path, 'TEI writing', err));
      failed.push(source.name);
    }
  }
  return { value: { documents, failed, authority: newAuthority }, diagnostics };
}

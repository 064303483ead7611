/**
 * The entities stage of a build or convert: persons, places and organisations recognised and
 * linked across the whole collection (a name seen as a person in one document is a person in all
 * of them; TEI Guidelines 13.2 "Names and nyms"). Pure apart from the injected {@link TaskRunner}:
 * per-document work may run in worker threads, collection knowledge and linking in the caller.
 */
import type { Authority, Diagnostic, EntityType, Inline } from '../model/index.js';
import type { TaskRunner } from './host.js';
import type { Prepared } from './task-prepare.js';

/** What the stage needs: the prepared documents (in build order), the authority as it stands, editors' rejections. */
export interface EntityStageInput {
  prepared: Prepared[];
  authority: Authority;
  rejected?: { type: EntityType; name: string }[];
  runner: TaskRunner;
}

/** Mentions per document name (source order), the authority with new entries, and diagnostics. */
export interface EntityStageOutput {
  mentions: Map<string, Inline[]>;
  authority: Authority;
  diagnostics: Diagnostic[];
}

/**
 * Recognise and link the entities of a collection. The result is the same as
 * `recogniseCollection` over the documents' models, whatever the number of workers.
 */
export async function recogniseStage(input: EntityStageInput): Promise<EntityStageOutput> {
  // Loaded only when there is something to recognise (the gazetteer is large).
  const { recogniseCollection } = await import('../entities/index.js');
  const r = recogniseCollection(
    input.prepared.map((p) => p.model!),
    input.authority,
    input.rejected ? { rejected: input.rejected } : {},
  );
  return { mentions: r.value.mentions as Map<string, Inline[]>, authority: r.value.authority, diagnostics: r.diagnostics };
}

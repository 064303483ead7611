/**
 * Entities: persons, places, organisations, recognised and linked to authority entries
 * (TEI Guidelines 13.2 "Names and nyms", 13.3 "Biographical and Prosopographical Data"). Pure.
 * Owner: entities. STUB until the entities stage lands.
 */
import type { Authority, DocumentModel, EntityMention, Result } from '../model/index.js';

export interface RecognitionResult {
  /** Mentions per document name, in source order, non-overlapping. */
  mentions: Map<string, EntityMention[]>;
  /** The authority with entries for entities met for the first time added (reviewed: false). */
  authority: Authority;
}

/** Recognise and link entities across a whole collection, so that a name seen as a person once is a person everywhere. */
export function recogniseCollection(docs: DocumentModel[], authority: Authority): Result<RecognitionResult> {
  void docs; void authority;
  throw new Error('recogniseCollection: not implemented yet');
}

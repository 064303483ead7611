/**
 * Entities: persons, places, organisations, recognised and linked to authority entries
 * (TEI Guidelines 13.2 "Names and nyms", 13.3 "Biographical and Prosopographical Data"). Pure.
 *
 * Two passes over the collection: (1) cue-based candidates per document (`recognise.ts`);
 * (2) collection consistency (a name seen as a person once is a person everywhere, `Mr. Y.` after
 * `Yoshisawa`, OCR variants) and linking: one ref per real-world entity across the collection,
 * matched against the authority where it knows the entity, new unreviewed entries otherwise.
 */
import type { Authority, Diagnostic, DocumentModel, EntityMention, EntityType, Result } from '../model/index.js';
import { link, type LinkDoc, type ReviewItem } from './link.js';
import { CollectionScan, clipMentions, collectKnowledge, commonTest, firstPass, furnitureSpans, indexKnowledge, scanTexts, secondPass, textUnits, type DocText } from './passes.js';

export { tokenize, fold, slug, editDistance, ocrSimilar, FuzzyIndex, surnameOf } from './text.js';
export { link } from './link.js';
export type { LinkDoc, ReviewItem } from './link.js';
export * from './passes.js';
export { gazetteer } from './gazetteer.js';
export type { PlaceEntry } from './gazetteer.js';
export { findCandidates, resolveOverlaps } from './recognise.js';
export type { Candidate } from './recognise.js';
export { reviewList, applyDecision, parseDecisions, serialiseDecisions, emptyDecisions } from './review.js';
export type { Decisions, Decision, ReviewEntry, Applied } from './review.js';

export interface RecognitionResult {
  /** Mentions per document name, in source order, non-overlapping. */
  mentions: Map<string, EntityMention[]>;
  /** The authority with entries for entities met for the first time added (reviewed: false). */
  authority: Authority;
  /** Matches an editor should confirm: fuzzy links and ambiguous names (for `tei-edition review`). */
  review: ReviewItem[];
}

/** Editorial decisions that later runs respect (see `review.ts`). */
export interface RecogniseOptions {
  /** Names (any case) an editor rejected: never tagged again as that type. */
  rejected?: { type: EntityType; name: string }[];
}

/**
 * Recognise and link entities across a whole collection, so that a name seen as a person once is a
 * person everywhere. Single-threaded reference of the build's entity stage (src/build/entity-stage.ts),
 * which runs the same passes (passes.ts) in worker threads and must give the same result.
 */
export function recogniseCollection(docs: DocumentModel[], authority: Authority, options: RecogniseOptions = {}): Result<RecognitionResult> {
  const diagnostics: Diagnostic[] = [];
  const inputs: DocText[] = docs.map((doc) => ({ text: doc.source.text, skip: furnitureSpans(doc) }));
  const merged = new CollectionScan();
  merged.add(0, scanTexts(inputs.map((d) => d.text)));
  const scan = merged.finish();
  const common = commonTest(scan.common);
  const first = inputs.map((d) => firstPass(d, common));
  const { cands, knowledge } = collectKnowledge(first, scan, authority, options.rejected);
  const index = indexKnowledge(knowledge);
  const work: LinkDoc[] = inputs.map((d, i) => ({ path: docs[i]!.source.path, text: d.text, cands: secondPass(d, cands[i]!, { common, locative: scan.locative }, index) }));
  const linked = link(work, authority);
  const mentions = new Map<string, EntityMention[]>();
  work.forEach((w, i) => mentions.set(docs[i]!.source.name, clipMentions(linked.byDoc.get(w) ?? [], textUnits(docs[i]!), w.text)));
  return { value: { mentions, authority: linked.authority, review: linked.review }, diagnostics };
}

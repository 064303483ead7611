/**
 * The `entities` task (worker threads): the per-document passes of entity recognition
 * (src/entities/passes.ts) over a batch of documents sent as text and skip spans, never models.
 * Collection knowledge arrives as compact strings with a key; each worker parses it once per key
 * and keeps it (and the gazetteer, a module singleton) for the following batches.
 */
import type { Candidate, DocText, FirstExtract, KnowledgeIndex, ScanExtract } from '../entities/index.js';
import type { Span } from '../model/index.js';
import { commonTest, firstPassBatch, indexKnowledge, markClips, scanTexts, secondPass, withoutYielding } from '../entities/index.js';

/** The collection's common words, locatives and feature words, `\n`-joined, under a key unique to one stage run. */
export interface ScanMessage {
  key: string;
  common: string;
  locative: string;
  featureWords: string;
}

/** The collection knowledge of the consistency pass as JSON (`Knowledge` of passes.ts), under a key. */
export interface KnowledgeMessage {
  key: string;
  json: string;
}

/** One batch of one per-document pass. */
export type EntitiesTask =
  | { kind: 'entities'; pass: 'scan'; texts: string[] }
  | { kind: 'entities'; pass: 'first'; docs: DocText[]; scan: ScanMessage }
  /** `cands`: the `cands` of the batch's {@link FirstExtract}, handed back unread. */
  /** `units`: each document's text units as start, end, start, end, … (see `markClips`). */
  | { kind: 'entities'; pass: 'second'; docs: DocText[]; cands: string; units?: Int32Array[]; scan: ScanMessage; knowledge: KnowledgeMessage };

/** What a batch gives back: the scan extract, the first pass's extract, or each document's final candidates (in batch order). */
export type EntitiesDone = ScanExtract | FirstExtract | Candidate[][];

interface ScanFacts {
  common: (f: string) => boolean;
  locative: ReadonlySet<string>;
  featureWords: ReadonlySet<string>;
}

let scanCache: { key: string; value: ScanFacts } | undefined;
let knowledgeCache: { key: string; value: KnowledgeIndex } | undefined;

function scanFacts(m: ScanMessage): ScanFacts {
  if (scanCache?.key !== m.key) {
    const split = (s: string): Set<string> => new Set(s ? s.split('\n') : []);
    scanCache = { key: m.key, value: { common: commonTest(split(m.common)), locative: split(m.locative), featureWords: split(m.featureWords) } };
  }
  return scanCache.value;
}

function knowledgeIndex(m: KnowledgeMessage): KnowledgeIndex {
  if (knowledgeCache?.key !== m.key) knowledgeCache = { key: m.key, value: indexKnowledge(JSON.parse(m.json)) };
  return knowledgeCache.value;
}

/** Run one batch of an entity pass; the same function serves worker threads and in-process runs, so both give the same result. */
export function runEntitiesTask(task: EntitiesTask): EntitiesDone {
  switch (task.pass) {
    case 'scan':
      return scanTexts(task.texts);
    case 'first': {
      const facts = scanFacts(task.scan);
      return firstPassBatch(task.docs, facts.common, facts);
    }
    case 'second': {
      const facts = scanFacts(task.scan);
      const k = knowledgeIndex(task.knowledge);
      const cands = JSON.parse(task.cands) as Candidate[][];
      return task.docs.map((d, i) => {
        const final = secondPass(d, withoutYielding(cands[i]!, facts, k.strongSurnames), facts, k);
        const flat = task.units?.[i];
        if (flat) {
          const units: Span[] = [];
          for (let u = 0; u + 1 < flat.length; u += 2) units.push({ start: flat[u]!, end: flat[u + 1]! });
          markClips(final, units, d.text);
        }
        return final;
      });
    }
  }
}

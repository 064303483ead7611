/**
 * The entities stage of a build or convert: persons, places and organisations recognised and
 * linked across the whole collection (a name seen as a person in one document is a person in all
 * of them; TEI Guidelines 13.2 "Names and nyms"). Pure apart from the injected {@link TaskRunner}:
 * the per-document passes run as `entities` tasks (task-entities.ts, worker threads in the CLI)
 * over text and skip spans (the first pass's candidates stay a JSON string the main thread hands
 * back; clipping to text units happens in the second pass); the main thread only merges compact
 * extracts into the collection knowledge and links.
 */
import type { Authority, Diagnostic, DocumentModel, EntityType, Inline } from '../model/index.js';
import type { Candidate, DocText, FirstExtract, LinkDoc, ScanExtract } from '../entities/index.js';
import type { TaskRunner } from './host.js';
import type { Prepared } from './task-prepare.js';
import type { EntitiesTask, KnowledgeMessage, ScanMessage } from './task-entities.js';

/** What the stage needs: the prepared documents (in build order), the authority as it stands, editors' rejections. */
export interface EntityStageInput {
  prepared: Prepared[];
  authority: Authority;
  rejected?: { type: EntityType; name: string }[];
  runner: TaskRunner;
  /** Documents per task (default: about four batches per worker and pass, 8–250 documents). */
  batchSize?: number;
}

/** Mentions per document name (source order), the authority with new entries, and diagnostics. */
export interface EntityStageOutput {
  mentions: Map<string, Inline[]>;
  authority: Authority;
  diagnostics: Diagnostic[];
}

/** A key for collection knowledge, unique within this process, so that workers never reuse another run's. */
let runSeq = 0;

/** Run `fn` over the batch indexes with at most `limit` in flight. */
async function pooled(count: number, limit: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, count)) }, async () => {
    while (next < count) await fn(next++);
  });
  await Promise.all(lanes);
}

/**
 * Recognise and link the entities of a collection. The result is the same as
 * `recogniseCollection` over the documents' models, whatever the number of workers or the batch size.
 */
export async function recogniseStage(input: EntityStageInput): Promise<EntityStageOutput> {
  // Loaded only when there is something to recognise.
  const ent = await import('../entities/index.js');
  const { runner } = input;
  const docs: DocumentModel[] = input.prepared.map((p) => p.model!);
  // furniture and text units as the prepare task found them (in the workers), else from the model
  const spans = input.prepared.map((p, i) => p.entitySpans ?? { skip: ent.furnitureSpans(docs[i]!), units: ent.textUnits(docs[i]!) });
  const inputs: DocText[] = docs.map((d, i) => ({ text: d.source.text, skip: spans[i]!.skip }));
  const size = input.batchSize ?? Math.min(250, Math.max(8, Math.ceil(inputs.length / (runner.concurrency * 4))));
  const batches: number[] = [];
  for (let i = 0; i < inputs.length; i += size) batches.push(i);
  const slice = <T>(xs: T[], b: number): T[] => xs.slice(batches[b]!, batches[b]! + size);
  const limit = runner.concurrency * 2;
  const key = `entities-${++runSeq}`;

  // 1. collection facts: lower-case words, locatives, office fields; in about two batches per worker
  // (merging the batches' word lists is main-thread work that grows with their number)
  const merged = new ent.CollectionScan();
  const scanSize = input.batchSize ?? Math.max(size, Math.ceil(inputs.length / (runner.concurrency * 2)));
  const scanBatches = Math.ceil(inputs.length / scanSize);
  await pooled(scanBatches, limit, async (b) => {
    const task: EntitiesTask = { kind: 'entities', pass: 'scan', texts: inputs.slice(b * scanSize, (b + 1) * scanSize).map((d) => d.text) };
    merged.add(b, await runner.run<ScanExtract>(task));
  });
  const scan = merged.finish();
  const scanMsg: ScanMessage = { key, common: [...scan.common].join('\n'), locative: [...scan.locative].join('\n'), featureWords: [...scan.featureWords].join('\n') };

  // 2. candidates per document (kept as the workers wrote them) and each batch's share of the knowledge
  const first: FirstExtract[] = new Array(batches.length);
  await pooled(batches.length, limit, async (b) => {
    const task: EntitiesTask = { kind: 'entities', pass: 'first', docs: slice(inputs, b), scan: scanMsg };
    first[b] = await runner.run<FirstExtract>(task);
  });

  // 3. collection knowledge
  const knowledge = ent.knowledgeOfBatches(first, scan, input.authority, input.rejected);
  const firstCands: (string | undefined)[] = first.map((x) => x.cands);
  first.length = 0;
  const knowledgeMsg: KnowledgeMessage = { key, json: JSON.stringify(knowledge) };

  // 4. consistency per document
  const final: Candidate[][] = new Array(inputs.length);
  await pooled(batches.length, limit, async (b) => {
    // with the text units: the workers mark the candidates that clipping changes (passes.ts markClips)
    // (as flat offsets: a worker message clones 16 span objects per document several times slower)
    const units = slice(spans, b).map((s) => Int32Array.from(s.units.flatMap((u) => [u.start, u.end])));
    const task: EntitiesTask = { kind: 'entities', pass: 'second', docs: slice(inputs, b), units, cands: firstCands[b]!, scan: scanMsg, knowledge: knowledgeMsg };
    firstCands[b] = undefined; // (~4 kB per document: the task holds it now)
    (await runner.run<Candidate[][]>(task)).forEach((cs, i) => (final[batches[b]! + i] = cs));
  });

  // 5. linking (collection)
  const work: LinkDoc[] = inputs.map((d, i) => ({ path: docs[i]!.source.path, text: d.text, cands: final[i]! }));
  const linked = ent.link(work, input.authority, { review: false });
  const mentions = new Map<string, Inline[]>();
  // (already clipped: see step 4)
  work.forEach((w, i) => mentions.set(docs[i]!.source.name, linked.byDoc.get(w) ?? []));
  return { mentions, authority: linked.authority, diagnostics: [] };
}

/**
 * Full-text search without a server: minisearch indexes built at build time from each document's
 * reading text, shipped as scripts (`search-index-NN.js`, loadable from file:// too) that
 * search.html reads with minisearch's browser build. The index is split into shards by document,
 * so that a changed document rebuilds one shard, not the whole index. Pure and deterministic.
 */
import MiniSearch from 'minisearch';
import type { DocSummary } from '../model/index.js';
import { contentHash } from '../build/hash.js';
import { dateLabel, idnoLabel } from './collection.js';

/** Index options shared by the build (here) and the browser (xslt/assets/search.js): they must match. */
export const SEARCH_OPTIONS = { fields: ['title', 'idnos', 'text'], storeFields: [] as string[] };

/** What the browser needs to show a hit: one entry per document, by index id. */
export interface SearchDocument {
  name: string;
  title: string;
  date: string;
  idnos: string;
}

/** Largest number of shards: a power of two, so that shards split evenly as the collection grows. */
export const MAX_SEARCH_SHARDS = 64;

/** Documents per shard aimed at: small enough to rebuild in a fraction of a second, large enough to keep the file count low. */
export const DOCUMENTS_PER_SHARD = 256;

/**
 * How many shards an edition of `n` documents gets: a power of two (1 for small editions, at most
 * {@link MAX_SEARCH_SHARDS}), so that the count changes only when the collection doubles or halves.
 */
export function searchShardCount(n: number): number {
  let shards = 1;
  while (shards < MAX_SEARCH_SHARDS && n > shards * DOCUMENTS_PER_SHARD) shards *= 2;
  return shards;
}

/** The shard of a document, from a hash of its name: stable across builds, independent of the other documents. */
export function searchShardOf(name: string, shards: number): number {
  let h = shardHashes.get(name);
  if (h === undefined) {
    // the same digest as the build's summary shards (src/build/cache.ts shardOf), so a search shard reads whole summary shards
    h = parseInt(contentHash(name).slice(0, 6), 16) % MAX_SEARCH_SHARDS;
    shardHashes.set(name, h);
  }
  return h % shards;
}

/** {@link searchShardOf} before the split, by name: a build asks for every document's several times. */
const shardHashes = new Map<string, number>();

/** File name of a shard in dist/: `search-index-00.js`. */
export function searchShardFile(shard: number): string {
  return `search-index-${String(shard).padStart(2, '0')}.js`;
}

type Fields = { title: string; idnos: string; text: string };

/**
 * A minisearch index in its serialised form (`MiniSearch.toJSON()`, serialisation version 2),
 * built directly: the same tokenizer, term processing, term frequencies, field lengths and
 * running averages as `MiniSearch.add`, without its radix tree, which costs four times as much
 * and is thrown away at once. `MiniSearch.loadJS` in the browser builds the tree from it.
 */
export function serialisedIndex(docs: readonly Fields[]): object {
  return JSON.parse(serialisedIndexJson(docs)) as object;
}

/**
 * {@link serialisedIndex} as JSON text (what `JSON.stringify` makes of it), written directly: the
 * postings are appended to one string per term and field instead of making an object per term and
 * field and serialising them, which cost most of a shard's time in allocation and collection.
 */
export function serialisedIndexJson(docs: readonly Fields[]): string {
  const tokenize = MiniSearch.getDefault('tokenize') as (text: string, field: string) => string[];
  const processTerm = MiniSearch.getDefault('processTerm') as (term: string, field: string) => string | string[] | null | undefined | false;
  const fields = SEARCH_OPTIONS.fields as (keyof Fields)[];
  // per term, per field: `,"ID":COUNT` for each document, in document order (the order of an object's integer keys)
  const index = new Map<string, string[]>();
  const fieldLength: number[][] = [];
  const average: number[] = [];
  const counts = new Map<string, number>();
  const count = (term: string) => counts.set(term, (counts.get(term) ?? 0) + 1);
  docs.forEach((doc, id) => {
    const lengths: number[] = [];
    fields.forEach((field, fieldId) => {
      const tokens = tokenize(String(doc[field]), field);
      const length = new Set(tokens).size;
      lengths[fieldId] = length;
      average[fieldId] = ((average[fieldId] ?? 0) * id + length) / (id + 1);
      counts.clear();
      for (const token of tokens) {
        const t = processTerm(token, field);
        if (Array.isArray(t)) for (const x of t) count(x);
        else if (t) count(t);
      }
      for (const [term, n] of counts) {
        let postings = index.get(term);
        if (!postings) index.set(term, (postings = []));
        postings[fieldId] = `${postings[fieldId] ?? ''},"${id}":${n}`;
      }
    });
    fieldLength.push(lengths);
  });
  const ids = docs.map((_, id) => `"${id}":${id}`).join(',');
  const lengths = fieldLength.map((l, id) => `"${id}":${JSON.stringify(l)}`).join(',');
  const terms: string[] = [];
  for (const [term, postings] of index) {
    const byField: string[] = [];
    postings.forEach((p, fieldId) => {
      if (p !== undefined) byField.push(`"${fieldId}":{${p.slice(1)}}`);
    });
    terms.push(`[${JSON.stringify(term)},{${byField.join(',')}}]`);
  }
  const fieldIds = JSON.stringify(Object.fromEntries(fields.map((f, i) => [f, i])));
  return `{"documentCount":${docs.length},"nextId":${docs.length},"documentIds":{${ids}},"fieldIds":${fieldIds},"fieldLength":{${lengths}},"averageFieldLength":${JSON.stringify(average)},"storedFields":{},"dirtCount":0,"index":[${terms.join(',')}],"serializationVersion":2}`;
}

/**
 * Build the search index of the documents of one shard (in reading order) and serialise it as a
 * script that adds itself to `window.TEI_EDITION_SEARCH.shards` (`{options, index, documents}`).
 */
export function searchShardScript(summaries: readonly DocSummary[], shard: number): string {
  const documents: SearchDocument[] = [];
  const fields: Fields[] = [];
  for (const s of summaries) {
    const idnos = s.idnos.map((i) => idnoLabel(i.type, i.value)).join('; ');
    documents.push({ name: s.name, title: s.title || s.name, date: dateLabel(s.date), idnos });
    fields.push({ title: s.title || s.name, idnos, text: s.text });
  }
  // JSON is a JavaScript expression; U+2028/2029 escaped for older parsers.
  const json = `{"shard":${shard},"options":${JSON.stringify(SEARCH_OPTIONS)},"index":${serialisedIndexJson(fields)},"documents":${JSON.stringify(documents)}}`.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `(window.TEI_EDITION_SEARCH = window.TEI_EDITION_SEARCH || { shards: [] }).shards.push(${json});\n`;
}

/** The whole search index of a collection (summaries in reading order), as shard files by path. */
export function searchIndexFiles(summaries: readonly DocSummary[]): { path: string; content: string }[] {
  const n = searchShardCount(summaries.length);
  const by: DocSummary[][] = Array.from({ length: n }, () => []);
  for (const s of summaries) by[searchShardOf(s.name, n)]!.push(s);
  return by.map((docs, i) => ({ path: searchShardFile(i), content: searchShardScript(docs, i) }));
}

/**
 * Full-text search without a server: a minisearch index built at build time from each
 * document's reading text, shipped as a script (`search-index.js`, loadable from file:// too) that
 * search.html reads with minisearch's browser build. Pure and deterministic.
 */
import MiniSearch from 'minisearch';
import type { DocSummary } from '../model/index.js';
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

/**
 * Build the search index of the edition and serialise it as `search-index.js`
 * (`window.TEI_EDITION_SEARCH = {options, index, documents}`).
 */
export function searchIndexScript(summaries: readonly DocSummary[]): string {
  const ms = new MiniSearch<{ id: number; title: string; idnos: string; text: string }>(SEARCH_OPTIONS);
  const documents: SearchDocument[] = [];
  summaries.forEach((s, id) => {
    const idnos = s.idnos.map((i) => idnoLabel(i.type, i.value)).join('; ');
    documents.push({ name: s.name, title: s.title || s.name, date: dateLabel(s.date), idnos });
    ms.add({ id, title: s.title || s.name, idnos, text: s.text });
  });
  const data = { options: SEARCH_OPTIONS, index: ms.toJSON(), documents };
  // JSON is a JavaScript expression; U+2028/2029 escaped for older parsers.
  const json = JSON.stringify(data).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `window.TEI_EDITION_SEARCH = ${json};\n`;
}

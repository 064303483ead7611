/**
 * The parts of the site built from the whole collection, and what each part takes from one
 * document's summary, so that a changed document rebuilds only the parts it touches (a new
 * sentence: search index and edition text; a new person: the persons index; a new title: the
 * collection table). Pure.
 */
import type { DocSummary, MentionSummary } from '../model/index.js';
import { contentHash } from './hash.js';

/** Site parts, heaviest first (they are scheduled in this order). */
export const SITE_PARTS = ['search-index', 'edition-text', 'persons', 'places', 'orgs', 'dates', 'index', 'search', 'assets'] as const;
export type SitePart = (typeof SITE_PARTS)[number];

function mentions(s: DocSummary, type: MentionSummary['type']): string {
  return JSON.stringify(s.mentions.filter((m) => m.type === type));
}

/**
 * Per part, a hash of what that part reads from this summary; and the document's number of
 * certificates (`certificates`), which the banner of every page sums. Every page's banner counts
 * documents and certificates, and lists a document by name, title and date, so those are in every part.
 */
export function partHashes(s: DocSummary): Record<SitePart | 'certificates', string> {
  const base = JSON.stringify([s.name, s.title, s.date ?? null, s.certificates.length]);
  return {
    'search-index': contentHash(base, JSON.stringify(s.idnos), s.text),
    'edition-text': contentHash(JSON.stringify(s)),
    persons: contentHash(base, mentions(s, 'person')),
    places: contentHash(base, mentions(s, 'place')),
    orgs: contentHash(base, mentions(s, 'org')),
    dates: contentHash(base, mentions(s, 'date')),
    index: contentHash(base, JSON.stringify([s.idnos, s.kind ?? null, s.certificates])),
    search: contentHash(String(s.certificates.length)),
    assets: '',
    certificates: String(s.certificates.length),
  };
}

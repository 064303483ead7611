/**
 * The site's collection pages as files: the collection table, the index pages of persons, places,
 * organisations and dates (an overview page each plus one page per initial or month), the search
 * page with its index shards, and edition.txt. The build assembles the same files incrementally
 * from per-document pieces (src/build/task-site.ts); this builds them whole. Pure.
 */
import type { Authority, DocSummary } from '../model/index.js';
import {
  authorityMap,
  collectionTablePage,
  DEFAULT_LIMITS,
  fillSlots,
  docRef,
  documentRowHtml,
  editionText,
  indexOverviewXml,
  INDEX_PAGES,
  indexNavs,
  indexPageBody,
  indexPageFile,
  indexPageXml,
  mentionPages,
  searchPageXml,
  siteStats,
  type CollectionLimits,
  type EditionInfo,
  type IndexKind,
  type IndexPageLink,
  type PageDoc,
  type SiteStats,
} from './collection.js';
import type { RenderResources } from './resources.js';
import { transform, transformResults } from './saxon.js';
import { searchIndexFiles, searchShardCount } from './search.js';

/** A file of the site, by its path in dist/. */
export interface SitePageFile {
  path: string;
  content: string;
}

/** A site page to render: its path in dist/, its XML for xslt/site.xsl, and the HTML kept aside for its slots. */
export interface PageInput {
  path: string;
  xml: string;
  slots?: readonly string[];
}

/** Pages per transform: the stylesheet is prepared once per batch; the batch's pages are held in memory together. */
const PAGES_PER_TRANSFORM = 64;

/**
 * Render site pages through xslt/site.xsl, several per transform (initial template `batch`), with
 * their slots filled: the same bytes as one transform per page, at a fraction of the fixed cost.
 */
export function renderPages(res: RenderResources, pages: readonly PageInput[], edition: EditionInfo): SitePageFile[] {
  const files: SitePageFile[] = [];
  for (let i = 0; i < pages.length; i += PAGES_PER_TRANSFORM) {
    const batch = pages.slice(i, i + PAGES_PER_TRANSFORM);
    const out = transformResults(res.site, 'batch', { batch: batch.map((p) => p.xml), 'edition-title': edition.title });
    batch.forEach((p, j) => files.push({ path: p.path, content: fillSlots(out.get(`${j + 1}.html`) ?? '', p.slots ?? []) }));
  }
  return files;
}

/** Index kinds in the order their pages are built. */
export const INDEX_KINDS: readonly IndexKind[] = ['person', 'place', 'org', 'date'];

/** Page keys of one index kind in navigation order (initials alphabetically with `other` last; months chronologically with `undated` last). */
export function orderPageKeys(keys: Iterable<string>): string[] {
  const last = new Set(['other', 'undated']);
  return [...keys].sort((a, b) => (last.has(a) !== last.has(b) ? (last.has(a) ? 1 : -1) : a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Render the pages of one index kind from its page contents (page key → documents' mentions on it,
 * in reading order): the pages listed in `render` (all when absent), and the overview page.
 * `known` gives the entries and anchors of pages not rendered now (kept from an earlier build).
 */
export function renderIndexKind(
  res: RenderResources,
  kind: IndexKind,
  pages: ReadonlyMap<string, readonly PageDoc[]>,
  authority: Authority,
  edition: EditionInfo,
  stats: SiteStats,
  unidentified: number,
  limits: CollectionLimits = DEFAULT_LIMITS,
  known: ReadonlyMap<string, IndexPageLink> = new Map(),
): { files: SitePageFile[]; links: IndexPageLink[] } {
  const keys = orderPageKeys(new Set([...pages.keys(), ...known.keys()]));
  // entries and anchors first (the navigation of every page lists every page), then the pages
  const bodies = new Map<string, { body: string; slots: string[] }>();
  const links: IndexPageLink[] = [];
  for (const key of keys) {
    const docs = pages.get(key);
    if (docs) {
      const r = indexPageBody(kind, key, docs, authority, limits);
      if (r.anchors.length === 0) continue;
      bodies.set(key, r);
      links.push({ key, entries: r.anchors.length, anchors: r.anchors });
    } else links.push(known.get(key)!);
  }
  const navs = indexNavs(kind, links.map((l) => l.key));
  const inputs: PageInput[] = [...bodies].map(([key, { body, slots }]) => ({ path: `${indexPageFile(kind, key)}.html`, xml: indexPageXml(kind, key, body, edition, stats, navs.get(key)!), slots }));
  inputs.push({ path: `${INDEX_PAGES[kind]}.html`, ...indexOverviewXml(kind, links, edition, stats, unidentified) });
  const files = renderPages(res, inputs, edition);
  return { files, links };
}

/** Every mention a collection makes on each index page, by kind and page key, documents in reading order. */
export function indexPageContents(summaries: readonly DocSummary[], authority: Authority): Map<IndexKind, Map<string, PageDoc[]>> {
  const entries = authorityMap(authority);
  const out = new Map<IndexKind, Map<string, PageDoc[]>>(INDEX_KINDS.map((k) => [k, new Map()]));
  for (const s of summaries) {
    const doc = docRef(s);
    for (const [id, mentions] of mentionPages(s.mentions, entries)) {
      const i = id.indexOf(':');
      const byKey = out.get(id.slice(0, i) as IndexKind)!;
      const key = id.slice(i + 1);
      const l = byKey.get(key);
      if (l) l.push({ doc, mentions });
      else byKey.set(key, [{ doc, mentions }]);
    }
  }
  return out;
}

/** Mentions no index page lists (names without an id), by kind: the overview pages count them. */
export function unidentifiedCounts(summaries: readonly DocSummary[]): Record<IndexKind, number> {
  const n: Record<IndexKind, number> = { person: 0, place: 0, org: 0, date: 0 };
  for (const s of summaries) for (const m of s.mentions) if (m.type !== 'date' && !m.ref) n[m.type]++;
  return n;
}

/** The whole site of a collection (summaries in reading order), built in one go. */
export function siteFiles(res: RenderResources, summaries: readonly DocSummary[], authority: Authority, edition: EditionInfo, limits: CollectionLimits = DEFAULT_LIMITS): SitePageFile[] {
  const stats = siteStats(summaries);
  const params = { 'edition-title': edition.title };
  const files: SitePageFile[] = renderPages(res, [{ path: 'index.html', ...collectionTablePage(summaries.map(documentRowHtml), edition, stats) }], edition);
  const contents = indexPageContents(summaries, authority);
  const unidentified = unidentifiedCounts(summaries);
  for (const kind of INDEX_KINDS) files.push(...renderIndexKind(res, kind, contents.get(kind)!, authority, edition, stats, unidentified[kind], limits).files);
  files.push({ path: 'search.html', content: transform(res.site, searchPageXml(edition, stats, searchShardCount(summaries.length)), params) });
  files.push(...searchIndexFiles(summaries));
  files.push({ path: 'edition.txt', content: editionText(summaries, edition) });
  return files;
}

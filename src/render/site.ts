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
  FRAME_TITLE,
  framePage,
  frameXml,
  indexNavsHtml,
  indexOverviewHtml,
  indexPageContent,
  indexPageHtml,
  indexPageTitle,
  indexSingleHtml,
  type IndexPageParts,
  type SitePage,
  documentRowHtml,
  editionText,
  INDEX_PAGES,
  indexPageFile,
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

/** Up to how many entries an index is one page ({@link CollectionLimits.onePageEntries}). */
export function onePageEntries(limits: CollectionLimits): number {
  return limits.onePageEntries ?? DEFAULT_LIMITS.onePageEntries!;
}

/** The key of the frame a page of `page` with this title is put into ({@link framePage}): one per page kind, unless the title is the edition's own. */
export function frameKey(page: SitePage, title: string, edition: EditionInfo): string {
  return `${page}|${title === edition.title ? title : FRAME_TITLE}`;
}

/** Render the frames of the given keys ({@link frameKey}) through xslt/site.xsl, in one transform. */
export function renderFrames(res: RenderResources, keys: readonly string[], edition: EditionInfo): Map<string, string> {
  const inputs = keys.map((k) => {
    const i = k.indexOf('|');
    return { path: k, xml: frameXml(k.slice(0, i) as SitePage, edition, k.slice(i + 1)) };
  });
  return new Map(renderPages(res, inputs, edition).map((f) => [f.path, f.content]));
}

/** The frame keys every build of the index pages needs (one per kind, placeholder titles). */
export function indexFrameKeys(edition: EditionInfo): string[] {
  return INDEX_KINDS.flatMap((k) => [frameKey(INDEX_PAGES[k], indexPageTitle(k), edition), frameKey(INDEX_PAGES[k], indexPageTitle(k, 'a'), edition)]).filter((k, i, a) => a.indexOf(k) === i);
}

/** The documents' mentions on all pages of a kind merged per document, in reading order (`rank`): the content of a one-page index. */
export function mergePageDocs(pages: Iterable<readonly PageDoc[]>, rank: (name: string) => number): PageDoc[] {
  const byDoc = new Map<string, PageDoc>();
  for (const docs of pages) {
    for (const d of docs) {
      const had = byDoc.get(d.doc.name);
      byDoc.set(d.doc.name, had ? { doc: had.doc, mentions: [...had.mentions, ...d.mentions] } : d);
    }
  }
  return [...byDoc.values()].sort((a, b) => rank(a.doc.name) - rank(b.doc.name));
}

/**
 * Render the pages of one index kind from its page contents (page key → documents' mentions on it,
 * in reading order): every page and the overview, or, when the index is small
 * ({@link onePageEntries}), the overview page alone listing every entry. `frame` gives the frame
 * of a page ({@link frameKey}); `rank` the reading order of a document.
 */
export function renderIndexKind(
  kind: IndexKind,
  pages: ReadonlyMap<string, readonly PageDoc[]>,
  authority: Authority,
  edition: EditionInfo,
  stats: SiteStats,
  unidentified: number,
  frame: (key: string) => string,
  rank: (name: string) => number,
  limits: CollectionLimits = DEFAULT_LIMITS,
): { files: SitePageFile[]; links: IndexPageLink[] } {
  const keys = orderPageKeys(pages.keys());
  const parts = new Map<string, IndexPageParts>();
  const links: IndexPageLink[] = [];
  for (const key of keys) {
    const r = indexPageHtml(kind, key, pages.get(key)!, authority, limits);
    if (r.anchors.length === 0) continue;
    parts.set(key, r);
    links.push(indexPageLink(key, r));
  }
  const page = INDEX_PAGES[kind];
  const overviewTitle = indexPageTitle(kind);
  const overviewFrame = frame(frameKey(page, overviewTitle, edition));
  if (links.reduce((n, l) => n + l.entries, 0) <= onePageEntries(limits)) {
    const docs = mergePageDocs(keys.map((k) => pages.get(k)!), rank);
    return { files: [{ path: `${page}.html`, content: framePage(overviewFrame, overviewTitle, indexSingleHtml(kind, docs, authority, stats, unidentified, limits).html) }], links };
  }
  const navs = indexNavsHtml(kind, links.map((l) => l.key));
  const files: SitePageFile[] = [...parts].map(([key, p]) => {
    const title = indexPageTitle(kind, key);
    return { path: `${indexPageFile(kind, key)}.html`, content: framePage(frame(frameKey(page, title, edition)), title, indexPageContent(p, navs.get(key)!)) };
  });
  files.push({ path: `${page}.html`, content: framePage(overviewFrame, overviewTitle, indexOverviewHtml(kind, links, stats, unidentified)) });
  return { files, links };
}

/** An index page as its kind's navigation and overview know it. */
export function indexPageLink(key: string, p: IndexPageParts): IndexPageLink {
  return { key, entries: p.anchors.length, anchors: p.anchors, ...(p.first === undefined ? {} : { first: p.first, last: p.last! }) };
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
  const frames = renderFrames(res, indexFrameKeys(edition), edition);
  const frame = (key: string) => frames.get(key) ?? renderFrames(res, [key], edition).get(key)!;
  const rank = new Map(summaries.map((s, i) => [s.name, i]));
  for (const kind of INDEX_KINDS) files.push(...renderIndexKind(kind, contents.get(kind)!, authority, edition, stats, unidentified[kind], frame, (n) => rank.get(n) ?? 0, limits).files);
  files.push({ path: 'search.html', content: transform(res.site, searchPageXml(edition, stats, searchShardCount(summaries.length)), params) });
  files.push(...searchIndexFiles(summaries));
  files.push({ path: 'edition.txt', content: editionText(summaries, edition) });
  return files;
}

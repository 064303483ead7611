/**
 * The `site` task (one worker): collection table, index pages, search index shards, edition text
 * and assets. Each part is re-assembled from per-document pieces kept in the cache
 * (`CACHE/site/`): a changed document reloads only its own summary and rebuilds the pages it is on
 * (its index pages, its search shard, its piece of edition.txt), not the whole collection.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Authority, AuthorityEntry, Diagnostic, DocSummary } from '../model/index.js';
import {
  anchorOf,
  authorityMap,
  collectionTablePage,
  DEFAULT_LIMITS,
  docRef,
  documentRowHtml,
  editionTextHead,
  editionTextPiece,
  entityPageKey,
  framePage,
  frameKey,
  indexFrameKeys,
  INDEX_PAGES,
  indexNavsHtml,
  indexOverviewHtml,
  indexPageContent,
  indexPageFile,
  indexPageHtml,
  indexPageLink,
  indexPageTitle,
  indexSingleHtml,
  loadResources,
  mentionPages,
  mergePageDocs,
  orderPageKeys,
  renderFrames,
  renderPages,
  onePageEntries,
  searchPageXml,
  searchShardCount,
  searchShardFile,
  searchShardOf,
  searchShardScript,
  MAX_SEARCH_SHARDS,
} from '../render/index.js';
import type { EditionInfo, IndexKind, IndexPageLink, IndexPageParts, PageDoc, RenderResources, SiteStats } from '../render/index.js';
import { transform } from '../render/saxon.js';
import { shardOf, SummaryStore, SUMMARY_SHARDS } from './cache.js';
import { contentHash } from './hash.js';
import type { BuildHost, FileStat } from './host.js';
import { internalDiagnostic } from './diagnostics.js';
import type { SitePart } from './site-parts.js';
import { readAuthorityFiles } from './stages.js';

/** Some parts of the site (collection pages, indexes, search index, edition text), from the summaries in the cache. */
export interface SiteTask {
  kind: 'site';
  parts: SitePart[];
  cacheDir: string;
  /** Documents in reading order. */
  names: string[];
  /** Per document, per site part, the hash of what that part reads from its summary (site-parts.ts). */
  records: Record<string, Record<string, string>>;
  /** Identifies the tool and the edition settings: pieces kept under another key are not reused. */
  toolKey: string;
  authorityDir: string;
  edition: EditionInfo;
  distDir: string;
  /** Up to this many entries an index is one page (default: CollectionLimits.onePageEntries; tests set 0 to split small indexes). */
  onePageEntries?: number;
  /** From this many documents to read, every part's pieces are made in one pass over the summary shards (default 512; tests set 0). */
  prefetchAt?: number;
}

export interface SiteDone {
  ok: boolean;
  written: string[];
  diagnostics: Diagnostic[];
}

/** Version of the site's cached pieces (state-PART.json and the page contents). */
const SITE_FORMAT = 7;

/** What the site kept of its last build, to re-assemble its parts (one `CACHE/site/state-PART.json` per part). */
interface SiteState {
  format: number;
  key: string;
  /** Per part, per document: the part hash its pieces were made from. */
  docs: Partial<Record<SitePart, Record<string, string>>>;
  /** Per part, the banner counts its pages were rendered with. */
  stats: Partial<Record<SitePart, SiteStats>>;
  /** Collection table rows (HTML) by document. */
  rows: Record<string, string>;
  /** edition.txt as last written: its document order, the length of each document's piece, the file's stat. */
  text?: { head: string; order: string[]; lengths: number[]; stat: FileStat };
  /** Number of search index shards last written. */
  shards?: number;
  index: Partial<Record<IndexKind, KindState>>;
}

interface KindState {
  /**
   * Per document, the pages it has mentions on, each with a hash of what it puts on the page
   * ('' = unknown), as `KEY=HASH KEY=HASH …` (one string a document parses and serialises at a
   * fraction of the cost of arrays): a changed document leaves the pages its mentions on did not
   * change alone (not loaded, not rendered).
   */
  docPages: Record<string, string>;
  /** Mentions without an id, by document. */
  unidentified: Record<string, number>;
  /** The pages, with their entries. */
  links: Record<string, IndexPageLink>;
  /** Key (content hash) of the authority files the pages were rendered with. */
  authorityKey?: string;
  /** Hash of each authority entry of this kind, as the pages were rendered with. */
  authority: Record<string, string>;
  /** Hash of each page's navigation, as it was rendered with. */
  navs: Record<string, string>;
  /** Hash of the overview page's input, as it was rendered. */
  overview?: string;
  /** Hash of the list of page keys the navigations were made from. */
  keys?: string;
  /** Whether the index was one page (the overview listing every entry; see CollectionLimits.onePageEntries). */
  single?: boolean;
}

/** A document's pages with the hash of its piece of each, from {@link KindState.docPages}. */
function docPagesOf(ks: KindState, name: string): Map<string, string> {
  const m = new Map<string, string>();
  const v = ks.docPages[name];
  if (v) for (const kv of v.split(' ')) {
    const eq = kv.indexOf('=');
    m.set(kv.slice(0, eq), kv.slice(eq + 1));
  }
  return m;
}

/** Set a document's pages (in order) with their hashes, or forget them when there are none. */
function setDocPagesOf(ks: KindState, name: string, keys: readonly string[], hash: (key: string) => string): void {
  if (keys.length) ks.docPages[name] = keys.map((k) => `${k}=${hash(k)}`).join(' ');
  else delete ks.docPages[name];
}

/**
 * The mentions of documents on one index page (`CACHE/site/pages/KIND-KEY.txt`), by document: as
 * read from that file, or as JSON text when just made (a string holds them in a fraction of the
 * memory of the objects; a cold build holds every page's at once), parsed when the page is rendered.
 */
type PageContent = Record<string, PageDoc | string>;

function pageDoc(v: PageDoc | string): PageDoc {
  return typeof v === 'string' ? (JSON.parse(v) as PageDoc) : v;
}

/**
 * The file of a page's contents: one line per document, its name as JSON, a tab, its {@link PageDoc}
 * as JSON (JSON text holds no tab or newline), so that a page is read and written again without
 * parsing or serialising the mentions of the documents that did not change.
 */
function pageContentText(c: PageContent): string {
  return Object.entries(c)
    .map(([n, v]) => `${JSON.stringify(n)}\t${typeof v === 'string' ? v : JSON.stringify(v)}\n`)
    .join('');
}

function parsePageContent(text: string): PageContent {
  const c: PageContent = {};
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) c[JSON.parse(line.slice(0, tab)) as string] = line.slice(tab + 1);
  }
  return c;
}

const KIND_OF: Partial<Record<SitePart, IndexKind>> = { persons: 'person', places: 'place', orgs: 'org', dates: 'date' };

/** What one document puts on the pages of one index kind: its mentions by page key (a {@link PageDoc} as JSON), and its mentions without an id. */
interface KindPiece {
  pages: Map<string, string>;
  unidentified: number;
}

function kindPiece(s: DocSummary, kind: IndexKind, entries: ReadonlyMap<string, AuthorityEntry>): KindPiece {
  const doc = docRef(s);
  const pages = new Map<string, string>();
  for (const [id, mentions] of mentionPages(s.mentions.filter((x) => x.type === kind), entries)) pages.set(id.slice(id.indexOf(':') + 1), JSON.stringify({ doc, mentions } satisfies PageDoc));
  return { pages, unidentified: s.mentions.filter((x) => x.type === kind && x.type !== 'date' && !x.ref).length };
}

/**
 * Per-document pieces of every part, made in one pass over the summary shards when many documents
 * must be read (a cold build): each shard is dropped once its pieces are made, so the summaries of
 * the whole collection are never in memory together (docs/render.md, "Site parts").
 */
interface Prefetched {
  /** Per part, the documents whose pieces the pass made (those without a piece have no summary). */
  want: Map<SitePart, Set<string>>;
  rows: Map<string, string>;
  text: Map<string, Uint8Array>;
  kinds: Map<IndexKind, Map<string, KindPiece>>;
  /** Search shards written by the pass. */
  searchDone: Set<number>;
}

/**
 * A full garbage collection, where the runtime allows it: a cold site build makes and drops several
 * times its live data (each summary shard, each page's pieces), and V8 lets the heap grow to a
 * multiple of the live data before collecting; collecting between parts and shards keeps the peak
 * near the live data (docs/render.md, "Site parts").
 */
let gcFn: (() => void) | null | undefined;
/** Heap in use above which {@link collectGarbage} collects (below it a full collection costs more than the memory it frees is worth). */
const GC_ABOVE = 300 * 2 ** 20;
function collectGarbage(): void {
  if (getHeapStatistics().used_heap_size < GC_ABOVE) return;
  if (gcFn === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('gc') as () => void;
    } catch {
      gcFn = null;
    }
  }
  gcFn?.();
}

/** From this many documents to read, the site reads all summary shards once instead of document by document. */
const PREFETCH_AT = 512;

function emptyState(key: string): SiteState {
  return { format: SITE_FORMAT, key, docs: {}, stats: {}, rows: {}, index: {} };
}

function sameStats(a: SiteStats | undefined, b: SiteStats): boolean {
  return !!a && a.documents === b.documents && a.certificates === b.certificates;
}

/** Build the stale site parts and write those whose content changed. */
export async function runSite(host: BuildHost, task: SiteTask): Promise<SiteDone> {
  const done: SiteDone = { ok: true, written: [], diagnostics: [] };
  try {
    const site = new SiteBuilder(host, task, done);
    await site.run();
  } catch (err) {
    done.ok = false;
    done.diagnostics.push(internalDiagnostic(task.distDir, `site rendering (${task.parts.join(', ')})`, err));
    // pieces half updated are not trusted: the next build makes these parts whole again
    for (const part of task.parts) await host.remove(`${task.cacheDir}/site/state-${part}.json`).catch(() => undefined);
  }
  return done;
}

class SiteBuilder {
  private store: SummaryStore;
  private state!: SiteState;
  private readonly dir: string;
  private readonly key: string;
  private readonly order = new Map<string, number>();
  private readonly present: Set<string>;
  private stats!: SiteStats;
  private authority: Authority | undefined;
  /** Content hash of the authority files {@link authority} was read from. */
  private authorityKey: string | undefined;
  private pre: Prefetched | undefined;
  private readonly params: Record<string, string>;

  /** Compiled stylesheets, loaded when a part needs a transform (index pages need none once their frames are kept). */
  private resources: Promise<RenderResources> | undefined;
  /** {@link changed} per part (the part's state is not updated until the part is done). */
  private readonly changes = new Map<SitePart, { changed: string[]; removed: string[] }>();
  /** Frames of the index pages (`CACHE/site/frames.json`), by frame key. */
  private frames: Record<string, string> | undefined;

  constructor(
    private host: BuildHost,
    private task: SiteTask,
    private done: SiteDone,
  ) {
    this.store = new SummaryStore(host, task.cacheDir);
    this.dir = `${task.cacheDir}/site`;
    this.key = contentHash(String(SITE_FORMAT), task.toolKey, JSON.stringify(task.edition));
    task.names.forEach((n, i) => this.order.set(n, i));
    this.present = new Set(task.names);
    this.params = { 'edition-title': task.edition.title };
  }

  async run(): Promise<void> {
    this.state = emptyState(this.key);
    this.stats = await this.bannerStats();
    for (const part of this.task.parts) await this.loadPartState(part);
    await this.prefetch();
    for (const part of this.task.parts) {
      const kind = KIND_OF[part];
      if (kind) await this.indexKind(part, kind);
      else if (part === 'search-index') await this.searchIndex();
      else if (part === 'edition-text') await this.editionText();
      else if (part === 'index') await this.collectionTable();
      else if (part === 'search') await this.write('search.html', transform((await this.res()).site, searchPageXml(this.task.edition, this.stats, searchShardCount(this.task.names.length)), this.params));
      else if (part === 'assets') for (const [path, content] of Object.entries((await this.res()).assets).sort(([a], [b]) => (a < b ? -1 : 1))) await this.write(path, content);
      await this.savePartState(part);
      if (this.pre) collectGarbage();
    }
  }

  private res(): Promise<RenderResources> {
    this.resources ??= loadResources();
    return this.resources;
  }

  /**
   * The frames of the given keys ({@link frameKey}), kept in `CACHE/site/frames.json` under the
   * site's key (tool and edition): a build that renders index pages runs no transform once they are kept.
   */
  private async frameOf(keys: readonly string[]): Promise<(key: string) => string> {
    if (!this.frames) {
      const text = await this.host.readText(`${this.dir}/frames.json`);
      try {
        const kept = text ? (JSON.parse(text) as { key: string; frames: Record<string, string> }) : undefined;
        this.frames = kept?.key === this.key ? kept.frames : {};
      } catch {
        this.frames = {};
      }
    }
    const frames = this.frames;
    const missing = [...new Set([...keys, ...indexFrameKeys(this.task.edition)])].filter((k) => frames[k] === undefined);
    if (missing.length) {
      for (const [k, f] of renderFrames(await this.res(), missing, this.task.edition)) frames[k] = f;
      await this.host.writeFile(`${this.dir}/frames.json`, JSON.stringify({ key: this.key, frames }));
    }
    return (key) => frames[key]!;
  }

  /** What one part kept (`CACHE/site/state-PART.json`): each part's own file, so a build reads only the states of the parts it rebuilds. */
  private async loadPartState(part: SitePart): Promise<void> {
    const text = await this.host.readText(`${this.dir}/state-${part}.json`);
    let saved: Partial<SiteState> | undefined;
    try {
      saved = text ? (JSON.parse(text) as Partial<SiteState>) : undefined;
    } catch {
      saved = undefined;
    }
    if (!saved || saved.format !== SITE_FORMAT || saved.key !== this.key) return;
    const st = this.state;
    if (saved.docs?.[part]) st.docs[part] = saved.docs[part];
    if (saved.stats?.[part]) st.stats[part] = saved.stats[part];
    if (part === 'index' && saved.rows) st.rows = saved.rows;
    if (part === 'edition-text' && saved.text) st.text = saved.text;
    if (part === 'search-index' && saved.shards !== undefined) st.shards = saved.shards;
    const kind = KIND_OF[part];
    if (kind && saved.index?.[kind]) st.index[kind] = saved.index[kind];
  }

  private async savePartState(part: SitePart): Promise<void> {
    const st = this.state;
    const kind = KIND_OF[part];
    const saved: Partial<SiteState> = {
      format: SITE_FORMAT,
      key: this.key,
      docs: { [part]: st.docs[part] },
      stats: { [part]: st.stats[part] },
      ...(part === 'index' ? { rows: st.rows } : {}),
      ...(part === 'edition-text' && st.text ? { text: st.text } : {}),
      ...(part === 'search-index' ? { shards: st.shards } : {}),
      ...(kind ? { index: { [kind]: st.index[kind] } } : {}),
    };
    await this.host.writeFile(`${this.dir}/state-${part}.json`, JSON.stringify(saved));
  }

  /** Documents whose piece of `part` must be made again: new or changed since the state was kept. */
  private changed(part: SitePart): { changed: string[]; removed: string[] } {
    let c = this.changes.get(part);
    if (!c) {
      const old = this.state.docs[part] ?? {};
      const changed = this.task.names.filter((n) => old[n] === undefined || old[n] !== this.task.records[n]?.[part]);
      const removed = Object.keys(old).filter((n) => !this.present.has(n));
      c = { changed, removed };
      this.changes.set(part, c);
    }
    return c;
  }


  private remember(part: SitePart): void {
    const m: Record<string, string> = {};
    for (const n of this.task.names) m[n] = this.task.records[n]?.[part] ?? '';
    this.state.docs[part] = m;
    this.state.stats[part] = this.stats;
  }

  /** Banner counts: documents, and certificates (counted per document in the records, see site-parts.ts). */
  private async bannerStats(): Promise<SiteStats> {
    let certificates = 0;
    for (const n of this.task.names) certificates += Number(this.task.records[n]?.['certificates'] ?? 0);
    return { documents: this.task.names.length, certificates };
  }

  private async write(path: string, content: string): Promise<void> {
    const file = `${this.task.distDir}/${path}`;
    if ((await this.host.readText(file)) !== content) {
      await this.host.writeFile(file, content);
      this.done.written.push(path);
    }
  }

  private async summaries(names: readonly string[]): Promise<DocSummary[]> {
    return this.store.all([...names]);
  }

  /** Pieces of the given documents: those the one pass made, the others from their summaries (missing summaries skipped). */
  private async pieces<T>(part: SitePart, names: readonly string[], made: ReadonlyMap<string, T> | undefined, make: (s: DocSummary) => T): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    const missing: string[] = [];
    const wanted = this.pre?.want.get(part);
    for (const n of names) {
      const v = made?.get(n);
      if (v !== undefined) out.set(n, v);
      else if (!wanted?.has(n)) missing.push(n);
    }
    for (const s of await this.summaries(missing)) out.set(s.name, make(s));
    return out;
  }

  /** Search shards to write again: all when the split changed, else those of changed, new or removed documents, and missing files. */
  private async staleSearchShards(n: number): Promise<Set<number>> {
    const stale = new Set<number>();
    if (this.state.shards !== n || !this.state.docs['search-index']) for (let i = 0; i < n; i++) stale.add(i);
    else {
      const { changed, removed } = this.changed('search-index');
      for (const name of [...changed, ...removed]) stale.add(searchShardOf(name, n));
      for (let i = 0; i < n; i++) if (!(await this.host.stat(`${this.task.distDir}/${searchShardFile(i)}`))) stale.add(i);
    }
    return stale;
  }

  /** When many documents must be read, make every part's pieces in one pass over the summary shards ({@link Prefetched}). */
  private async prefetch(): Promise<void> {
    const parts = new Set(this.task.parts);
    const want = new Map<SitePart, Set<string>>();
    const names = (part: SitePart, full: boolean) => {
      if (parts.has(part)) want.set(part, new Set(full ? this.task.names : this.changed(part).changed));
    };
    names('index', false);
    names('edition-text', !this.state.text || !this.state.docs['edition-text']);
    for (const [part, kind] of Object.entries(KIND_OF) as [SitePart, IndexKind][]) names(part, !this.state.index[kind] || !this.state.docs[part]);
    const n = searchShardCount(this.task.names.length);
    const searchStale = parts.has('search-index') ? await this.staleSearchShards(n) : new Set<number>();
    if (searchStale.size) want.set('search-index', new Set(this.task.names.filter((name) => searchStale.has(searchShardOf(name, n)))));
    const all = new Set<string>();
    for (const w of want.values()) for (const name of w) all.add(name);
    if (all.size < (this.task.prefetchAt ?? PREFETCH_AT) || all.size === 0) return;

    const entries = [...parts].some((p) => KIND_OF[p] && KIND_OF[p] !== 'date') ? authorityMap(await this.readAuthority()) : new Map<string, AuthorityEntry>();
    const pre: Prefetched = { want, rows: new Map(), text: new Map(), kinds: new Map(), searchDone: new Set() };
    for (const part of want.keys()) if (KIND_OF[part]) pre.kinds.set(KIND_OF[part]!, new Map());
    // a search shard is written after the last summary shard holding one of its documents, and its documents dropped
    const bySearch = new Map<number, DocSummary[]>();
    const byShard = new Map<number, string[]>();
    const lastShard = new Map<number, number>();
    for (const name of all) {
      const k = shardOf(name);
      const l = byShard.get(k);
      if (l) l.push(name);
      else byShard.set(k, [name]);
      if (want.get('search-index')?.has(name)) {
        const i = searchShardOf(name, n);
        lastShard.set(i, Math.max(lastShard.get(i) ?? 0, k));
      }
    }
    for (let k = 0; k < SUMMARY_SHARDS; k++) {
      const shard = byShard.get(k) ?? [];
      // a store of its own per shard: dropped with the shard
      const summaries = shard.length ? await new SummaryStore(this.host, this.task.cacheDir).all(shard) : [];
      for (const s of summaries) {
        if (want.get('index')?.has(s.name)) pre.rows.set(s.name, documentRowHtml(s));
        if (want.get('edition-text')?.has(s.name)) pre.text.set(s.name, Buffer.from(editionTextPiece(s), 'utf8'));
        for (const [part, kind] of Object.entries(KIND_OF) as [SitePart, IndexKind][]) {
          if (want.get(part)?.has(s.name)) pre.kinds.get(kind)!.set(s.name, kindPiece(s, kind, entries));
        }
        if (want.get('search-index')?.has(s.name)) {
          const i = searchShardOf(s.name, n);
          const light: DocSummary = { name: s.name, title: s.title, ...(s.date ? { date: s.date } : {}), idnos: s.idnos, certificates: [], mentions: [], text: s.text };
          const l = bySearch.get(i);
          if (l) l.push(light);
          else bySearch.set(i, [light]);
        }
      }
      if (k % 8 === 7) collectGarbage();
      for (const [i, last] of lastShard) {
        if (last !== k) continue;
        const docs = (bySearch.get(i) ?? []).sort((a, b) => this.order.get(a.name)! - this.order.get(b.name)!);
        await this.write(searchShardFile(i), searchShardScript(docs, i));
        bySearch.delete(i);
        pre.searchDone.add(i);
      }
    }
    this.pre = pre;
  }

  // ---- collection table ------------------------------------------------------------------------

  private async collectionTable(): Promise<void> {
    const { changed } = this.changed('index');
    const rows: Record<string, string> = {};
    for (const n of this.task.names) if (this.state.rows[n] !== undefined) rows[n] = this.state.rows[n]!;
    for (const [name, row] of await this.pieces('index', changed, this.pre?.rows, documentRowHtml)) rows[name] = row;
    this.state.rows = rows;
    const names = this.task.names.filter((n) => rows[n] !== undefined);
    for (const f of renderPages(await this.res(), [{ path: 'index.html', ...collectionTablePage(names.map((n) => rows[n]!), this.task.edition, this.stats) }], this.task.edition)) await this.write(f.path, f.content);
    this.remember('index');
  }

  // ---- search index shards ---------------------------------------------------------------------

  private async searchIndex(): Promise<void> {
    const n = searchShardCount(this.task.names.length);
    const stale = await this.staleSearchShards(n);
    for (const i of this.pre?.searchDone ?? []) stale.delete(i);
    const byShard = new Map<number, string[]>();
    if (stale.size > 0) {
      for (const name of this.task.names) {
        const i = searchShardOf(name, n);
        if (!stale.has(i)) continue;
        const l = byShard.get(i);
        if (l) l.push(name);
        else byShard.set(i, [name]);
      }
    }
    for (const i of [...stale].sort((a, b) => a - b)) {
      const names = byShard.get(i) ?? [];
      await this.write(searchShardFile(i), searchShardScript(await this.summaries(names), i));
    }
    // shards of an earlier, larger split, and the single index of earlier versions
    for (let i = n; i < MAX_SEARCH_SHARDS; i++) await this.removeOutput(searchShardFile(i));
    await this.removeOutput('search-index.js');
    this.state.shards = n;
    this.remember('search-index');
  }

  private async removeOutput(path: string): Promise<void> {
    if (await this.host.stat(`${this.task.distDir}/${path}`)) await this.host.remove(`${this.task.distDir}/${path}`);
  }

  // ---- edition.txt -----------------------------------------------------------------------------

  private async editionText(): Promise<void> {
    // Pieces are spliced as UTF-8 bytes (lengths in bytes): the 47 MB of DFAT are never decoded.
    const head = editionTextHead(this.task.edition);
    const headBytes = Buffer.from(head, 'utf8');
    const file = `${this.task.distDir}/edition.txt`;
    const old = this.state.text;
    const pieces = new Map<string, Uint8Array>();
    let oldBytes: Uint8Array | undefined;
    if (old && old.head === head && this.state.docs['edition-text']) {
      const stat = await this.host.stat(file);
      if (stat && stat.size === old.stat.size && stat.mtimeMs === old.stat.mtimeMs) {
        // no document changed, came or went: the file is the one last written, not read
        const kept = new Set(old.order);
        const { changed, removed } = this.changed('edition-text');
        const order = this.task.names.filter((n) => kept.has(n));
        if (changed.length === 0 && removed.length === 0 && order.length === old.order.length && order.every((n, i) => n === old.order[i])) {
          this.remember('edition-text');
          return;
        }
        const b = await this.host.readBytes(file);
        if (b && b.length === headBytes.length + old.lengths.reduce((a, c) => a + c, 0) + 1) oldBytes = b;
      }
    }
    let changed = this.task.names;
    if (oldBytes) {
      let at = headBytes.length;
      old!.order.forEach((name, i) => {
        pieces.set(name, oldBytes!.subarray(at, at + old!.lengths[i]!));
        at += old!.lengths[i]!;
      });
      changed = this.changed('edition-text').changed;
    }
    for (const [name, piece] of await this.pieces('edition-text', changed, this.pre?.text, (s) => Buffer.from(editionTextPiece(s), 'utf8'))) pieces.set(name, piece);
    this.pre?.text.clear();
    const order = this.task.names.filter((n) => pieces.has(n));
    const lengths = order.map((n) => pieces.get(n)!.length);
    const content = Buffer.concat([headBytes, ...order.map((n) => pieces.get(n)!), Buffer.from('\n')]);
    if (!oldBytes || !content.equals(oldBytes)) {
      await this.host.writeFile(file, content);
      this.done.written.push('edition.txt');
    }
    const stat = await this.host.stat(file);
    this.state.text = stat ? { head, order, lengths, stat } : undefined;
    this.remember('edition-text');
  }

  // ---- index pages -----------------------------------------------------------------------------

  /** The authority, parsed once per version of its files: the parsed entries are kept in `CACHE/site/authority.json`. */
  private async readAuthority(): Promise<Authority> {
    if (!this.authority) {
      const names = ['persons.xml', 'places.xml', 'orgs.xml'];
      const stats: (FileStat | undefined)[] = [];
      for (const f of names) stats.push(await this.host.stat(`${this.task.authorityDir}/${f}`));
      // the files' sizes and times first: when they are those of the kept entries, the files are not read
      const statKey = contentHash(this.key, JSON.stringify(stats.map((st) => (st ? [st.size, st.mtimeMs] : null))));
      const keptText = await this.host.readText(`${this.dir}/authority.json`);
      let kept: { key: string; statKey?: string; authority: Authority } | undefined;
      try {
        kept = keptText ? (JSON.parse(keptText) as { key: string; statKey?: string; authority: Authority }) : undefined;
      } catch {
        kept = undefined;
      }
      if (kept?.statKey === statKey) {
        this.authorityKey = kept.key;
        return (this.authority = kept.authority);
      }
      const files: { file: string; xml: string }[] = [];
      for (const f of names) {
        const x = await this.host.readText(`${this.task.authorityDir}/${f}`);
        if (x !== undefined) files.push({ file: f, xml: x });
      }
      const key = contentHash(this.key, ...files.map((f) => `${f.file}\u0000${f.xml}`));
      this.authority = kept?.key === key ? kept.authority : readAuthorityFiles(files).value;
      this.authorityKey = key;
      await this.host.writeFile(`${this.dir}/authority.json`, JSON.stringify({ key, statKey, authority: this.authority }));
    }
    return this.authority;
  }


  /** The documents of a page's contents, in reading order (documents no longer in the edition left out). */
  private inOrder(c: PageContent): PageDoc[] {
    return Object.keys(c)
      .filter((n) => this.order.has(n))
      .sort((a, b) => this.order.get(a)! - this.order.get(b)!)
      .map((n) => pageDoc(c[n]!));
  }

  private pagePath(kind: IndexKind, key: string): string {
    return `${this.dir}/pages/${indexPageFile(kind, key)}.txt`;
  }

  private async indexKind(part: SitePart, kind: IndexKind): Promise<void> {
    const authority: Authority = kind === 'date' ? { entries: [] } : await this.readAuthority();
    const entries = authorityMap(authority);
    const old = this.state.index[kind];
    // the entries' hashes, unless the pages were rendered with this very authority
    let authHashes: Record<string, string> = {};
    if (kind !== 'date' && old?.authorityKey !== undefined && old.authorityKey === this.authorityKey) authHashes = old.authority;
    else if (kind !== 'date') for (const e of authority.entries) if (e.type === kind && authHashes[e.id] === undefined) authHashes[e.id] = contentHash(JSON.stringify(e));
    const full = !old || !this.state.docs[part];
    const ks: KindState = full ? { docPages: {}, unidentified: {}, links: {}, authority: {}, navs: {} } : old;
    if (full) {
      // pieces of an earlier build are not trusted: none may be read back into a page
      const prefix = `${this.dir}/pages/${INDEX_PAGES[kind]}-`;
      for (const ext of ['.txt', '.json']) for (const f of await this.host.list(`${this.dir}/pages`, ext)) if (f.startsWith(prefix)) await this.host.remove(f);
    }
    const contents = new Map<string, PageContent>();
    const stale = new Set<string>();
    const load = async (key: string): Promise<PageContent> => {
      let c = contents.get(key);
      if (!c) {
        c = {};
        if (!full) {
          const t = await this.host.readText(this.pagePath(kind, key));
          if (t) c = parsePageContent(t);
        }
        contents.set(key, c);
      }
      return c;
    };
    // a document's pages, with the hashes of what it puts on each (`fresh`, else the hash kept, else '')
    const setDocPages = (name: string, keys: string[], fresh: ReadonlyMap<string, string>): void => {
      const kept = docPagesOf(ks, name);
      setDocPagesOf(ks, name, keys, (k) => fresh.get(k) ?? kept.get(k) ?? '');
    };
    const entryKey = (id: string) => entityPageKey(kind as Exclude<IndexKind, 'date'>, id, entries.get(`${kind}:${id}`));

    // authority entries that changed: their pages, and their mentions when they move to another page
    if (!full && kind !== 'date') {
      const anchorPage = new Map<string, string>();
      for (const l of Object.values(ks.links)) for (const a of l.anchors) anchorPage.set(a, l.key);
      for (const id of new Set([...Object.keys(ks.authority), ...Object.keys(authHashes)])) {
        if (ks.authority[id] === authHashes[id]) continue;
        const from = anchorPage.get(anchorOf(id));
        if (from === undefined) continue;
        const to = entryKey(id);
        stale.add(from);
        if (to === from) continue;
        stale.add(to);
        const src = await load(from);
        const dst = await load(to);
        for (const [name, v] of Object.entries(src)) {
          const pd = pageDoc(v);
          const moving = pd.mentions.filter((m) => m.type === kind && m.ref === id);
          if (moving.length === 0) continue;
          const staying = pd.mentions.filter((m) => !(m.type === kind && m.ref === id));
          if (staying.length) src[name] = { doc: pd.doc, mentions: staying };
          else delete src[name];
          dst[name] = { doc: pd.doc, mentions: [...(dst[name] === undefined ? [] : pageDoc(dst[name]!).mentions), ...moving] };
          const pages = new Set(docPagesOf(ks, name).keys());
          if (!staying.length) pages.delete(from);
          pages.add(to);
          setDocPages(name, orderPageKeys(pages), new Map([[from, ''], [to, '']]));
        }
      }
    }

    // documents that changed, came or went: out of their old pages, into their new ones
    // (a page whose piece of a changed document is the same as before is left alone)
    const { changed, removed } = full ? { changed: this.task.names, removed: [] as string[] } : this.changed(part);
    const fresh = new Map<string, Map<string, string>>();
    for (const [name, piece] of await this.pieces(part, changed, this.pre?.kinds.get(kind), (s) => kindPiece(s, kind, entries))) {
      fresh.set(name, piece.pages);
      delete ks.unidentified[name];
      if (piece.unidentified) ks.unidentified[name] = piece.unidentified;
    }
    this.pre?.kinds.delete(kind);
    for (const name of [...changed, ...removed]) {
      const now = fresh.get(name) ?? new Map<string, string>();
      const hashes = new Map([...now].map(([key, json]) => [key, contentHash(json)]));
      const kept = docPagesOf(ks, name);
      for (const key of kept.keys()) {
        if (!full && hashes.get(key) === kept.get(key)) continue;
        delete (await load(key))[name];
        stale.add(key);
      }
      for (const [key, pd] of now) {
        if (!full && hashes.get(key) === kept.get(key)) continue;
        (await load(key))[name] = pd;
        stale.add(key);
      }
      setDocPagesOf(ks, name, orderPageKeys(now.keys()), (k) => hashes.get(k)!);
      if (!fresh.has(name)) delete ks.unidentified[name];
    }

    // every page again when the banner counts changed, or an output is missing (a one-page index has no page files)
    const allKeys = new Set([...Object.keys(ks.links), ...stale]);
    const restyle = !sameStats(this.state.stats[part], this.stats);
    for (const key of allKeys) {
      if (restyle || (!ks.single && !(await this.host.stat(`${this.task.distDir}/${indexPageFile(kind, key)}.html`)))) stale.add(key);
    }

    // entries and anchors of the stale pages, then every page whose navigation changed
    const bodies = new Map<string, IndexPageParts>();
    const links: Record<string, IndexPageLink> = { ...ks.links };
    for (const key of stale) {
      const r = indexPageHtml(kind, key, this.inOrder(await load(key)), authority);
      if (r.anchors.length === 0) {
        delete links[key];
        continue;
      }
      bodies.set(key, r);
      links[key] = indexPageLink(key, r);
    }
    const ordered = orderPageKeys(Object.keys(links)).map((k) => links[k]!);
    const keys = ordered.map((l) => l.key);
    const single = ordered.reduce((n, l) => n + l.entries, 0) <= (this.task.onePageEntries ?? onePageEntries(DEFAULT_LIMITS));
    // a page's navigation depends on the list of pages only: when it is the same, no navigation changed
    const keysHash = contentHash(keys.join('\n'));
    const sameKeys = !single && !ks.single && keysHash === ks.keys && ks.navs !== undefined;
    const navs: Record<string, string> = sameKeys ? ks.navs : {};
    const navHtml = sameKeys ? indexNavsHtml(kind, keys, bodies.keys()) : indexNavsHtml(kind, keys);
    const page = INDEX_PAGES[kind];
    const files: { path: string; content: string }[] = [];
    const unidentified = Object.values(ks.unidentified).reduce((a, b) => a + b, 0);
    const overviewTitle = indexPageTitle(kind);
    const frameOf = await this.frameOf([frameKey(page, overviewTitle, this.task.edition)]);
    if (!single) {
      if (!sameKeys) for (const key of keys) {
        navs[key] = contentHash(navHtml.get(key)!);
        // a split index that was one page: every page is written
        if (!bodies.has(key) && (navs[key] !== ks.navs?.[key] || ks.single)) bodies.set(key, indexPageHtml(kind, key, this.inOrder(await load(key)), authority));
      }
      for (const key of keys) {
        const b = bodies.get(key);
        if (!b) continue;
        const title = indexPageTitle(kind, key);
        const frame = (await this.frameOf([frameKey(page, title, this.task.edition)]))(frameKey(page, title, this.task.edition));
        files.push({ path: `${indexPageFile(kind, key)}.html`, content: framePage(frame, title, indexPageContent(b, navHtml.get(key)!)) });
      }
    }
    // the overview's inputs: the pages with their entries, the counts (its content is made only when they changed);
    // a one-page index is made again whenever one of its pages changed
    const overviewKey = contentHash(JSON.stringify([single, ordered, unidentified, this.stats]));
    const overviewPath = `${page}.html`;
    if (overviewKey !== ks.overview || (single && stale.size > 0) || !(await this.host.stat(`${this.task.distDir}/${overviewPath}`))) {
      let content: string;
      if (single) {
        const all: PageDoc[][] = [];
        for (const key of keys) all.push(this.inOrder(await load(key)));
        content = indexSingleHtml(kind, mergePageDocs(all, (n) => this.order.get(n) ?? 0), authority, this.stats, unidentified).html;
      } else content = indexOverviewHtml(kind, ordered, this.stats, unidentified);
      files.push({ path: overviewPath, content: framePage(frameOf(frameKey(page, overviewTitle, this.task.edition)), overviewTitle, content) });
    }
    for (const f of files) await this.write(f.path, f.content);
    for (const key of Object.keys(ks.links)) if (!links[key] || single) await this.removeOutput(`${indexPageFile(kind, key)}.html`);

    // keep the page contents that changed
    for (const [key, c] of [...contents].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!stale.has(key) && !full) continue;
      if (Object.keys(c).length) await this.host.writeFile(this.pagePath(kind, key), pageContentText(c));
      else if (await this.host.stat(this.pagePath(kind, key))) await this.host.remove(this.pagePath(kind, key));
    }
    ks.links = links;
    ks.navs = navs;
    ks.overview = overviewKey;
    ks.single = single;
    ks.keys = keysHash;
    ks.authority = authHashes;
    if (kind !== 'date' && this.authorityKey !== undefined) ks.authorityKey = this.authorityKey;
    else delete ks.authorityKey;
    this.state.index[kind] = ks;
    this.remember(part);
  }
}


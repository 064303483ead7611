/**
 * The incremental build cache: a manifest of content hashes per document (source, TEI, authority
 * entries it mentions, tool key) plus document summaries in shards, so a warm build touches only
 * what changed. Written as work completes, so an interrupted build resumes. Pure (IO via host).
 */
import type { DocSummary } from '../model/index.js';
import { contentHash } from './hash.js';
import type { BuildHost, FileStat } from './host.js';

/** Version of the manifest layout: a manifest of another format is ignored (a cold build), never misread. */
export const CACHE_FORMAT = 2;

/** What the cache remembers of one document. */
export interface DocRecord {
  sourcePath?: string;
  sourceStat?: FileStat;
  /** Hash of the source bytes, its metadata row and the forced encoding. */
  sourceHash?: string;
  /** Key of the folder's metadata.csv and the forced encoding the source hash was made with (absent: neither). */
  metaKey?: string;
  /** Key of the conversion that wrote the TEI (tool version + source hash). */
  convertKey?: string;
  /** Hash of the TEI the converter last wrote (to tell our output from an edit). */
  writtenHash?: string;
  teiStat?: FileStat;
  teiHash?: string;
  /** Key of the last validation and summary (tool key, TEI hash). */
  checkKey?: string;
  /** Key of the last rendering (tool key, TEI hash, neighbours, authority entries referred to). */
  renderKey?: string;
  /** Per site part, a hash of what that part takes from this document's summary. */
  parts?: Record<string, string>;
  /** Title and date from the summary: enough to put the document in reading order without loading summaries. */
  title?: string;
  date?: import('../model/index.js').DateValue;
  valid?: boolean;
  /** Diagnostics of the last validation, replayed when it is skipped. */
  diagnostics?: import('../model/index.js').Diagnostic[];
  /** Authority ids the document refers to. */
  refs?: string[];
  /** Whether the TEI is hand-edited (the build's master) rather than generated. */
  edited?: boolean;
}

export interface Manifest {
  format: number;
  toolKey: string;
  docs: Record<string, DocRecord>;
  /** Hash of each authority entry (id → hash) when the outputs were last built. */
  authority: Record<string, string>;
  /** Hash of the authority files when `authority` was computed (unchanged files need no parsing). */
  authorityFiles?: string;
  /** Hash of the entries the build last serialised and of the files it left (or found) holding exactly that serialisation. */
  authoritySerialised?: string;
  /** Hash of the site inputs when the site (indexes, search) was last built. */
  siteKey?: string;
  /** Per site part, the key of its inputs when it was last built. */
  siteParts?: Record<string, string>;
  /** Count of whole rewrites: journal lines of another generation are stale and ignored. */
  generation?: number;
}

/** An empty manifest for a first build. */
export function emptyManifest(toolKey: string): Manifest {
  return { format: CACHE_FORMAT, toolKey, docs: {}, authority: {} };
}

/**
 * What is known of each loaded or saved manifest: its generation's size and journal size, the
 * records changed since the last save ({@link markChanged}), and the other fields as last saved.
 */
interface Saved {
  baseChars: number;
  journalChars: number;
  changed: Set<string>;
  head: string;
  authority: string;
}
const saved = new WeakMap<Manifest, Saved>();

/** The manifest's fields other than the records and the authority hashes, as saved (JSON). */
function headText(m: Manifest): string {
  const { docs: _docs, authority: _authority, ...head } = m;
  return JSON.stringify(head);
}

/**
 * One journal line: the records changed since the last save (null: removed), the authority hashes
 * when they changed (≈ 0.5 MB for DFAT) and the other fields when they changed.
 */
interface JournalLine {
  g: number;
  head?: Omit<Manifest, 'docs' | 'authority'>;
  authority?: Record<string, string>;
  docs: Record<string, DocRecord | null>;
}

const MANIFEST = 'manifest.json';
const JOURNAL = 'manifest.log';

/**
 * Load the manifest (the last whole rewrite plus the journal of changes since); a missing,
 * unreadable or old-format one means a cold build (never an error).
 */
export async function loadManifest(host: BuildHost, dir: string, toolKey: string): Promise<Manifest> {
  const text = await host.readText(`${dir}/${MANIFEST}`);
  if (!text) return emptyManifest(toolKey);
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
    if (m.format !== CACHE_FORMAT || typeof m.docs !== 'object') return emptyManifest(toolKey);
  } catch {
    return emptyManifest(toolKey);
  }
  const journal = host.appendFile ? ((await host.readText(`${dir}/${JOURNAL}`)) ?? '') : '';
  const g = m.generation ?? 0;
  let used = 0;
  for (const line of journal.split('\n')) {
    if (!line) continue;
    let l: JournalLine;
    try {
      l = JSON.parse(line) as JournalLine;
    } catch {
      break; // a line cut short by an interrupted build: what follows it is not trusted either
    }
    if (l.g !== g) continue; // written against an earlier whole rewrite
    if (l.head) {
      for (const k of Object.keys(m)) if (k !== 'docs' && k !== 'authority') delete (m as unknown as Record<string, unknown>)[k];
      Object.assign(m, l.head);
    }
    if (l.authority) m.authority = l.authority;
    for (const [name, rec] of Object.entries(l.docs)) {
      if (rec) m.docs[name] = rec;
      else delete m.docs[name];
    }
    used += line.length + 1;
  }
  if (m.format !== CACHE_FORMAT || typeof m.docs !== 'object') return emptyManifest(toolKey);
  saved.set(m, { baseChars: text.length, journalChars: used, changed: new Set(), head: headText(m), authority: JSON.stringify(m.authority) });
  return m;
}

/**
 * Note that a document's record was added, changed or removed: the next save journals only the
 * records so marked. Every change to `manifest.docs` must be marked, or a later build reads the
 * record as it was.
 */
export function markChanged(m: Manifest, name: string): void {
  saved.get(m)?.changed.add(name);
}

/**
 * Save the manifest: the changed records as one line appended to the journal (a one-document
 * rebuild of a 10,000-document edition writes a few kB, not 11 MB), or a whole rewrite when there
 * is no journal yet, or it has grown to a quarter of the manifest. A build that changed nothing
 * writes nothing (no-change builds stay cheap).
 */
export async function saveManifest(host: BuildHost, dir: string, m: Manifest): Promise<void> {
  const s = saved.get(m);
  const head = headText(m);
  const authority = JSON.stringify(m.authority);
  if (s && s.changed.size === 0 && s.head === head && s.authority === authority) return;
  if (s && host.appendFile && s.changed.size * 4 < Object.keys(m.docs).length && s.journalChars * 4 < s.baseChars) {
    const line: JournalLine = { g: m.generation ?? 0, docs: {} };
    if (head !== s.head) line.head = JSON.parse(head) as Omit<Manifest, 'docs' | 'authority'>;
    if (authority !== s.authority) line.authority = m.authority;
    for (const name of [...s.changed].sort()) line.docs[name] = m.docs[name] ?? null;
    const text = `${JSON.stringify(line)}\n`;
    await host.appendFile(`${dir}/${JOURNAL}`, text);
    s.journalChars += text.length;
    s.changed.clear();
    s.head = head;
    s.authority = authority;
    return;
  }
  m.generation = (m.generation ?? 0) + 1;
  const text = JSON.stringify(m);
  await host.writeFile(`${dir}/${MANIFEST}`, text);
  // Lines of the previous generation are ignored from now on; the file goes (an interrupted
  // removal leaves only stale lines).
  if (host.appendFile) await host.remove(`${dir}/${JOURNAL}`);
  saved.set(m, { baseChars: text.length, journalChars: 0, changed: new Set(), head: headText(m), authority: JSON.stringify(m.authority) });
}

/** Do two stats describe the same file version? */
export function sameStat(a: FileStat | undefined, b: FileStat | undefined): boolean {
  return !!a && !!b && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** Summaries are kept in this many shards, so a changed document rewrites one small file. */
export const SUMMARY_SHARDS = 64;

/** The shard a document's summary lives in (stable across runs). */
export function shardOf(name: string): number {
  return parseInt(contentHash(name).slice(0, 6), 16) % SUMMARY_SHARDS;
}

/**
 * Summaries of every document, in shards under the cache folder: a changed document rewrites one
 * shard, not the whole store. Loaded lazily, only when the site must be rebuilt.
 */
export class SummaryStore {
  private shards = new Map<number, Record<string, DocSummary>>();
  /** Shards being read: two puts into one shard at once share one read (else the later read's object replaced the earlier one and a summary was lost). */
  private loading = new Map<number, Promise<Record<string, DocSummary>>>();
  private dirty = new Set<number>();
  constructor(private host: BuildHost, private dir: string | undefined) {}

  private shard(n: number): Promise<Record<string, DocSummary>> {
    const s = this.shards.get(n);
    if (s) return Promise.resolve(s);
    let p = this.loading.get(n);
    if (!p) {
      p = this.read(n).then((r) => {
        this.shards.set(n, r);
        this.loading.delete(n);
        return r;
      });
      this.loading.set(n, p);
    }
    return p;
  }

  private async read(n: number): Promise<Record<string, DocSummary>> {
    if (!this.dir) return {};
    const text = await this.host.readText(`${this.dir}/summaries/${n}.json`);
    if (!text) return {};
    try {
      return JSON.parse(text) as Record<string, DocSummary>;
    } catch {
      return {};
    }
  }

  /** Record a document's summary. */
  async put(s: DocSummary): Promise<void> {
    const n = shardOf(s.name);
    (await this.shard(n))[s.name] = s;
    this.dirty.add(n);
  }

  /** Forget a removed document. */
  async delete(name: string): Promise<void> {
    const n = shardOf(name);
    const sh = await this.shard(n);
    if (name in sh) {
      delete sh[name];
      this.dirty.add(n);
    }
  }

  /** Summaries of the given documents, in the given order (missing ones skipped). */
  async all(names: string[]): Promise<DocSummary[]> {
    const out: DocSummary[] = [];
    for (const name of names) {
      const s = (await this.shard(shardOf(name)))[name];
      if (s) out.push(s);
    }
    return out;
  }

  /** Write the shards that changed. */
  async flush(): Promise<void> {
    if (!this.dir) return;
    // Taken before writing: a put while a shard is written marks it dirty again for the next flush
    // (clearing after the writes lost such a summary).
    const todo = [...this.dirty].sort((a, b) => a - b);
    this.dirty.clear();
    for (const n of todo) {
      await this.host.writeFile(`${this.dir}/summaries/${n}.json`, JSON.stringify(this.shards.get(n) ?? {}));
    }
  }
}

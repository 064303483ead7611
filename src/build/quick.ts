/**
 * The no-change fast path of a build: a digest of everything a build looks at (options, the
 * sources' names, stats and metadata rows, the TEI files' stats, the authority and the editors'
 * decisions, the files in the site folder), saved with the report a build with nothing to do gives.
 * When the digest still matches, that report is returned without loading the manifest (10,000
 * records), hashing or planning anything. Pure: files through the injected {@link BuildHost}.
 */
import type { BuildHost, FileStat } from './host.js';
import { contentHash } from './hash.js';
import type { SourceEntry } from './sources.js';

/** Version of the quick state's layout (with the manifest's): another version is ignored. */
export const QUICK_FORMAT = 1;

/** What the quick state needs to know of a build: its inputs and outputs, not its documents' records. */
export interface QuickInputs {
  sources: SourceEntry[];
  teiDir: string;
  distDir?: string;
  authorityDir: string;
  authorityFiles: readonly string[];
  /** Every option that changes what a build writes (tool key, formats, edition, encoding, …). */
  settings: unknown;
}

/** The file that holds the quick state, in the cache folder. */
export function quickFile(cacheDir: string): string {
  return `${cacheDir}/quick.json`;
}

/** The TEI documents in the TEI folder (top level: authority/ and schemas/ are not documents). */
export async function teiNames(host: BuildHost, teiDir: string): Promise<string[]> {
  const out: string[] = [];
  for (const p of await host.list(teiDir, '.xml')) {
    const rel = p.slice(teiDir.length + 1);
    if (!rel.includes('/')) out.push(rel.replace(/\.xml$/, ''));
  }
  return out;
}

/**
 * Files of the site folder (paths relative to it), without what the CLI puts there after the build
 * (the authority and schema copies, the PDF, which it rebuilds when missing) and temporary files.
 */
export async function siteFiles(host: BuildHost, distDir: string): Promise<string[]> {
  return (await host.list(distDir, ''))
    .map((p) => p.slice(distDir.length + 1))
    .filter((rel) => !rel.startsWith('authority/') && !rel.startsWith('schemas/') && rel !== 'edition.pdf' && !/(^|\/)\.tei-edition-[^/]*\.tmp$/.test(rel));
}

const heads = new WeakMap<QuickInputs, string>();

/**
 * The digest of a build's inputs and outputs as they are now (or, given `processed`, with the TEI
 * files as a build processed them), and the TEI stats it used. Costs one stat per TEI file and one
 * listing of the site folder: no file of a document is read.
 */
export async function quickKey(
  host: BuildHost,
  q: QuickInputs,
  processed?: Map<string, FileStat>,
): Promise<{ key: string; teiStats: Map<string, FileStat | undefined>; site: Set<string> }> {
  // The sources' lines (their stats as gathered at the start) are the same for both digests of a build.
  let head = heads.get(q);
  if (head === undefined) {
    const lines: string[] = [String(QUICK_FORMAT), JSON.stringify(q.settings ?? null)];
    // A source's folder's metadata.csv by its hash: any change to a table changes the digest.
    for (const s of q.sources) lines.push(`s\t${s.name}\t${s.path}\t${s.stat?.size ?? ''}\t${s.stat?.mtimeMs ?? ''}\t${s.metadataKey ?? (s.metadata ? JSON.stringify(s.metadata) : '')}`);
    head = lines.join('\n');
    heads.set(q, head);
  }
  const parts: string[] = [head];
  let teiStats = new Map<string, FileStat | undefined>();
  if (processed) {
    // The TEI files as the build processed them (their stats in its records), in listing order: a
    // file changed since then gives another digest next time, as it should.
    const byFile = [...processed.keys()].map((n) => `${n}.xml`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    teiStats = new Map(byFile.map((f) => [f.slice(0, -4), processed.get(f.slice(0, -4))]));
  } else {
    for (const name of await teiNames(host, q.teiDir)) teiStats.set(name, await host.stat(`${q.teiDir}/${name}.xml`));
  }
  for (const [name, st] of teiStats) parts.push(`t\t${name}\t${st?.size ?? ''}\t${st?.mtimeMs ?? ''}`);
  for (const f of [...q.authorityFiles, 'decisions.json']) {
    const text = await host.readText(`${q.authorityDir}/${f}`);
    parts.push(`a\t${f}\t${text === undefined ? '-' : contentHash(text)}`);
  }
  const site = new Set(q.distDir ? await siteFiles(host, q.distDir) : []);
  for (const f of site) parts.push(`d\t${f}`);
  return { key: contentHash(parts.join('\n')), teiStats, site };
}

/** The saved quick state: the digest and the report of a build with nothing to do. */
export interface QuickState<R> {
  format: number;
  key: string;
  report: R;
}

/** Read the quick state; anything unreadable or of another format is no state (the full build runs). */
export async function loadQuick<R>(host: BuildHost, cacheDir: string): Promise<QuickState<R> | undefined> {
  const text = await host.readText(quickFile(cacheDir));
  if (!text) return undefined;
  try {
    const q = JSON.parse(text) as QuickState<R>;
    return q.format === QUICK_FORMAT && typeof q.key === 'string' && q.report ? q : undefined;
  } catch {
    return undefined;
  }
}

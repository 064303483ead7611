/**
 * The whole-edition build: sources → TEI → validation → HTML, text, indexes and search, planned
 * from a content-hash cache so that a warm build does only what changed. Also the engine of
 * `convert` (sources → TEI only, no cache). Pure: files through {@link BuildHost}, work through a
 * {@link TaskRunner} (worker threads in the CLI), progress through a {@link Reporter}.
 *
 * Phases: plan → ingest (workers) → entities (collection-wide: the per-document passes in workers,
 * the main thread merging their extracts and linking; src/build/entity-stage.ts) → TEI write,
 * validate, summarise (workers) → reading order → render pages (workers), alongside one site task
 * (collection pages, indexes, search) in the same pool. A stage of fewer than 64 documents runs
 * in-process (src/cli/pool.ts).
 */
import { parseDecisions } from '../entities/review.js';
import type { Authority, Diagnostic, DocSummary, Inline } from '../model/index.js';
import { orderDocuments } from '../render/collection.js';
import type { EditionInfo } from '../render/collection.js';
import type { Neighbour } from '../render/index.js';
import type { TeiWriteOptions } from '../tei/index.js';
import { CACHE_FORMAT, emptyManifest, loadManifest, markChanged, sameStat, saveManifest, SummaryStore } from './cache.js';
import type { DocRecord, Manifest } from './cache.js';
import { contentHash } from './hash.js';
import type { BuildHost, FileStat, Reporter, TaskRunner } from './host.js';
import { internalDiagnostic } from './diagnostics.js';
import { recogniseStage } from './entity-stage.js';
import type { SourceEntry } from './sources.js';
import type { readAuthorityFiles } from './stages.js';
import { SITE_PARTS } from './site-parts.js';
import { loadQuick, QUICK_FORMAT, quickFile, quickKey, teiNames } from './quick.js';
import type { QuickInputs } from './quick.js';
import type { SitePart } from './site-parts.js';
import { partHashes } from './site-parts.js';
import type { Prepared, PrepareItem, RenderContext, RenderDone, RenderItem, SiteDone, SiteTask, TeiContext, TeiDone, TeiItem } from './tasks.js';

/** The authority files of an edition (ARCHITECTURE.md "Files on disk"). */
export const AUTHORITY_FILES = ['persons.xml', 'places.xml', 'orgs.xml'] as const;

/** Everything a build or convert run needs to know. Paths are absolute. */
export interface EditionOptions {
  mode: 'convert' | 'build';
  sources: SourceEntry[];
  teiDir: string;
  /** Site folder; absent for `convert`. */
  distDir?: string;
  /** Cache folder; absent for no cache (`convert`). */
  cacheDir?: string;
  /** Where the authority is read from (default: authorityOut) and where it is written. */
  authorityIn?: string;
  authorityOut: string;
  /** `convert --force`: overwrite hand-edited TEI. */
  force?: boolean;
  encoding?: string;
  validate: boolean;
  formats: ('html' | 'text' | 'xml')[];
  edition: EditionInfo;
  /** Version of the converter's code; a change reconverts generated TEI. */
  toolVersion: string;
  /** Name and version written into the TEI revision entry and stamp, e.g. `tei-edition 0.1.0`. */
  generator: string;
  /** Hash of everything else outputs depend on (stylesheets, schema, config, code). */
  toolKey: string;
  /** `<?xml-model?>` href relative to a TEI file. */
  schemaHref: string;
  batchSize?: { prepare: number; tei: number; render: number };
  /** Monotonic clock in ms, for stage timings. */
  clock?: () => number;
  /** Save the manifest at least this often (ms) while working, so an interrupted build resumes. */
  checkpointMs?: number;
}

/** What a run did: the basis of the CLI summary and of tests (assert on this, not on time). */
export interface BuildReport {
  documents: number;
  converted: string[];
  /** Hand-edited TEI kept as master (build). */
  keptEdited: string[];
  /** Hand-edited TEI not overwritten (convert without --force). */
  refused: string[];
  validated: string[];
  rendered: string[];
  removed: string[];
  failed: string[];
  /** Documents with validation errors. */
  invalid: string[];
  authorityWritten: boolean;
  siteRebuilt: boolean;
  /** Parts of the site rebuilt (`search-index`, `persons`, …). */
  siteParts: string[];
  /** The edition's documents in reading order (build). */
  order: string[];
  diagnostics: Diagnostic[];
  /** Milliseconds per stage. */
  timings: Record<string, number>;
}

function entryHashes(a: Authority): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of a.entries) out[e.id] = contentHash(JSON.stringify(e));
  return out;
}

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Run `fn` over `items` with at most `limit` in flight. */
async function pooled<T>(items: T[], limit: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!);
    }
  });
  await Promise.all(workers);
}

function ioError(file: string, err: unknown): Diagnostic {
  return { file, line: 1, column: 1, severity: 'error', message: `cannot write: ${err instanceof Error ? err.message : String(err)}`, rule: 'io-write' };
}

/**
 * Build (or convert) an edition. Never throws for a bad document: each failure is a diagnostic and
 * a name in `failed`; the others are written. Edited TEI is the master in a build and is refused
 * (unless forced) in a convert.
 */
export async function buildEdition(opts: EditionOptions, host: BuildHost, runner: TaskRunner, reporter: Reporter): Promise<BuildReport> {
  const clock = opts.clock ?? (() => 0);
  const timings: Record<string, number> = {};
  let t = clock();
  const lap = (stage: string) => {
    const now = clock();
    timings[stage] = (timings[stage] ?? 0) + (now - t);
    t = now;
  };
  const report: BuildReport = {
    documents: 0, converted: [], keptEdited: [], refused: [], validated: [], rendered: [], removed: [], failed: [], invalid: [],
    authorityWritten: false, siteRebuilt: false, siteParts: [], order: [], diagnostics: [], timings,
  };
  const build = opts.mode === 'build';
  // ---- no change? (the quick state: no manifest loaded, nothing hashed but one digest) ----
  const quickInputs: QuickInputs | undefined =
    build && opts.cacheDir
      ? {
          sources: opts.sources,
          teiDir: opts.teiDir,
          ...(opts.distDir ? { distDir: opts.distDir } : {}),
          authorityDir: opts.authorityIn ?? opts.authorityOut,
          authorityFiles: AUTHORITY_FILES,
          settings: [CACHE_FORMAT, opts.toolKey, opts.toolVersion, opts.generator, opts.schemaHref, opts.encoding ?? null, opts.formats, opts.edition, opts.validate, !!opts.force, opts.authorityOut, opts.distDir ?? null],
        }
      : undefined;
  // TEI stats taken for the digest, reused by the plan (one stat per file per run).
  let quickStats = new Map<string, FileStat | undefined>();
  // The listings of the TEI and site folders the digest took, reused by the plan and the pages
  // (nothing is written to either folder in between): each walk of a 30,000-file site costs
  // ≈ 0.06–0.13 s.
  let listedTei: string[] | undefined;
  let listedSite: Set<string> | undefined;
  // A build that follows a complete one (its quick state was saved) usually has a few documents to redo.
  let incremental = false;
  if (quickInputs) {
    const saved = await loadQuick<Omit<BuildReport, 'timings'>>(host, opts.cacheDir!);
    if (saved) {
      incremental = true;
      reporter.stageStart('plan', opts.sources.length);
      const { key, teiStats, site } = await quickKey(host, quickInputs);
      quickStats = teiStats;
      listedTei = [...teiStats.keys()];
      if (quickInputs.distDir) listedSite = site;
      reporter.stageEnd('plan');
      if (key === saved.key) {
        lap('plan');
        return { ...saved.report, timings };
      }
    }
    // Whatever happens now, the saved state no longer describes the files.
    await host.remove(quickFile(opts.cacheDir!));
  }
  const bs = opts.batchSize ?? { prepare: 48, tei: 96, render: 32 };
  // What a source's record remembers of its folder's metadata.csv and the forced encoding ('' for
  // neither): when either changed, the source is hashed again with its row (a changed row changes
  // the hash; the other sources of the folder are only hashed).
  const metaKey = (s: SourceEntry | undefined): string => `${s?.metadataKey ?? ''}${opts.encoding ? `|${opts.encoding}` : ''}`;
  const sourceByName = new Map(opts.sources.map((s) => [s.name, s]));
  // The key of a validation and summary of a TEI text: asked twice per document and build (the
  // TEI stage, the quick state), made once (10,000 hashes fewer for DFAT).
  const checkKeys = new Map<string, string>();
  const checkKey = (teiHash: string): string => {
    let k = checkKeys.get(teiHash);
    if (k === undefined) checkKeys.set(teiHash, (k = contentHash(opts.toolKey, teiHash)));
    return k;
  };
  let convertKey = (sourceHash: string) => contentHash(opts.toolVersion, opts.generator, opts.schemaHref, sourceHash);
  const manifest: Manifest = opts.cacheDir ? await loadManifest(host, opts.cacheDir, opts.toolKey) : emptyManifest(opts.toolKey);
  // A small rebuild renders its pages on a helper thread, which makes its renderer ready meanwhile:
  // it renders one page of an existing document into the cache folder (loading the authority from
  // the cache's parse, the stylesheets and saxon-js, and running them once) while this thread plans,
  // converts and validates, then the pages while this thread builds the site. A runner that works
  // in-process ignores the hint; a stage of many documents ends the helper.
  if (incremental && opts.distDir && opts.cacheDir && runner.warm && (opts.formats.includes('html') || opts.formats.includes('text'))) {
    const sample = opts.sources.find((s) => quickStats.get(s.name) && manifest.docs[s.name]?.teiHash);
    if (sample) {
      const warmCtx: RenderContext = { distDir: `${opts.cacheDir}/warm`, formats: opts.formats, authorityDir: opts.authorityOut, authorityKey: 'warm', editionTitle: opts.edition.title };
      const item: RenderItem = { name: sample.name, teiPath: `${opts.teiDir}/${sample.name}.xml`, displayPath: `${opts.teiDir}/${sample.name}.xml` };
      runner.warm({ kind: 'warm', render: { kind: 'render', items: [item], ctx: warmCtx }, authorityCache: `${opts.cacheDir}/authority.json`, toolKey: opts.toolKey });
    }
  }
  const toolChanged = manifest.toolKey !== opts.toolKey;
  manifest.toolKey = opts.toolKey;
  // Every change to a document's record is marked, so that a save journals only those records.
  const recordOf = (name: string): DocRecord => {
    let rec = manifest.docs[name];
    if (!rec) {
      rec = manifest.docs[name] = {};
      markChanged(manifest, name);
    }
    return rec;
  };
  let summaries = new SummaryStore(host, opts.cacheDir);
  let lastSave = clock();
  // A checkpoint rewrites the manifest (and changed summary shards): for 10,000 documents that
  // costs tens of ms of the main thread (the cores are the workers'), so the gap grows with its cost
  // (at most ~2% of the time).
  let gap = opts.checkpointMs ?? 2000;
  const checkpoint = async (force = false) => {
    if (!opts.cacheDir || (!force && clock() - lastSave < gap)) return;
    const started = clock();
    await summaries.flush();
    await saveManifest(host, opts.cacheDir, manifest);
    lastSave = clock();
    gap = Math.max(opts.checkpointMs ?? 2000, 50 * (lastSave - started));
  };

  // Authority as it stands (editors may have changed it since the last build).
  const authorityIn = opts.authorityIn ?? opts.authorityOut;
  const authFiles: { file: string; xml: string }[] = [];
  for (const f of AUTHORITY_FILES) {
    const xml = await host.readText(`${authorityIn}/${f}`);
    if (xml !== undefined) authFiles.push({ file: `${authorityIn}/${f}`, xml });
  }
  // Editors' rejections (`tei-edition review --reject`): names never tagged again. A change
  // reconverts the generated documents, since any of them may contain a rejected name.
  const decisionsText = (await host.readText(`${authorityIn}/decisions.json`)) ?? '';
  const decisions = decisionsText ? parseDecisions(decisionsText) : undefined;
  // Parsing a large authority costs more than a whole no-change build: when its files are as the
  // last build left them, their entry hashes come from the manifest and the files are parsed only
  // if entities are recognised.
  const filesKey = (files: { file: string; xml: string }[]) => contentHash(...files.map((f) => `${f.file}\u0000${f.xml}`));
  const startFilesKey = build ? filesKey(authFiles) : undefined;
  const authorityUnchanged = build && !!manifest.authorityFiles && manifest.authorityFiles === startFilesKey;
  let parsed: ReturnType<typeof readAuthorityFiles> | undefined;
  // The TEI reader and the validator's parser are loaded only when a TEI file must be read or
  // written: a build with nothing to do never loads them.
  let stagesModule: typeof import('./stages.js') | undefined;
  const stages = async () => (stagesModule ??= await import('./stages.js'));
  // The parse of the authority files as the last build left them is kept in the cache as JSON
  // (DFAT: 2.3 MB of XML parsed in ≈ 0.3–0.45 s, its JSON in ≈ 0.02–0.06 s), keyed by their texts.
  type AuthFile = { file: string; xml: string };
  type AuthParse = ReturnType<typeof readAuthorityFiles>;
  const authCacheFile = build && opts.cacheDir ? `${opts.cacheDir}/authority.json` : undefined;
  let authCacheKey: string | undefined;
  const cachedAuthority = async (files: AuthFile[]): Promise<AuthParse | undefined> => {
    const text = authCacheFile ? await host.readText(authCacheFile) : undefined;
    if (!text) return undefined;
    const c = (await stages()).cachedAuthorityParse(text, files, opts.toolKey);
    authCacheKey = c.stored;
    return c.result;
  };
  // The parse of the files as this build leaves them, kept for the next build.
  let finalAuthority: { files: AuthFile[]; result: AuthParse } | undefined;
  const getAuth = async () => {
    if (!parsed) {
      parsed = (await cachedAuthority(authFiles)) ?? (await stages()).readAuthorityFiles(authFiles);
      report.diagnostics.push(...parsed.diagnostics);
      finalAuthority = { files: authFiles, result: parsed };
    }
    return parsed;
  };
  if (decisions) {
    const base = convertKey;
    const d = contentHash(decisionsText);
    convertKey = (sourceHash: string) => contentHash(base(sourceHash), d);
  }
  let authority: Authority | undefined = authorityUnchanged ? undefined : (await getAuth()).value;
  const authorityIds = new Set(authority ? authority.entries.map((e) => e.id) : Object.keys(manifest.authority));

  // ---- plan: which sources need converting? ----------------------------------------------
  const teiPath = (name: string) => `${opts.teiDir}/${name}.xml`;
  const toConvert: SourceEntry[] = [];
  const known = new Set<string>();
  // Stats taken while planning, reused when deciding what to check (one stat per file per run).
  const teiStats = quickStats;
  reporter.stageStart('plan', opts.sources.length);
  let planned = 0;
  for (const s of opts.sources) {
    known.add(s.name);
    const rec = recordOf(s.name);
    const path = teiPath(s.name);
    const st = teiStats.has(s.name) ? teiStats.get(s.name) : await host.stat(path);
    teiStats.set(s.name, st);
    let state: 'missing' | 'generated' | 'edited' = 'missing';
    if (st) {
      if (sameStat(st, rec.teiStat) && rec.teiHash) state = rec.edited ? 'edited' : 'generated';
      else {
        const xml = (await host.readText(path)) ?? '';
        const h = contentHash(xml);
        state = h === rec.writtenHash || (await stages()).stampState(xml) === 'generated' ? 'generated' : 'edited';
        rec.teiStat = st;
        rec.teiHash = h;
        rec.edited = state === 'edited';
        markChanged(manifest, s.name);
      }
    }
    if (++planned % 256 === 0) reporter.tick('plan', 256);
    if (state === 'edited') {
      if (build) {
        report.keptEdited.push(s.name);
        continue;
      }
      if (!opts.force) {
        report.refused.push(s.name);
        report.failed.push(s.name);
        report.diagnostics.push({ file: path, line: 1, column: 1, severity: 'error', message: 'edited by hand since it was generated: not overwritten (use --force to replace it)', rule: 'tei-edited' });
        continue;
      }
    }
    if (state === 'missing' || !build) {
      toConvert.push(s);
      continue;
    }
    // Generated TEI: reconvert only when the source, its metadata.csv row or the converter changed.
    // The source hash covers the row too, so the one remembered is reused only for the same file
    // version and the same row (a row edited beside an untouched file must reconvert).
    let sourceHash = rec.sourceHash;
    const meta = metaKey(s);
    const fresh = sameStat(s.stat, rec.sourceStat) && (rec.metaKey ?? '') === meta && !!sourceHash;
    if (!fresh) {
      const bytes = await host.readBytes(s.path);
      sourceHash = bytes ? contentHash(bytes, JSON.stringify(s.metadata ?? null), opts.encoding ?? '') : undefined;
    }
    // An entry an editor merged away or removed: documents citing it are reconverted to relink.
    const dangling = (rec.refs ?? []).some((r) => !authorityIds.has(r));
    if (!sourceHash || rec.convertKey !== convertKey(sourceHash) || dangling) toConvert.push(s);
    else if (!fresh) {
      if (s.stat) rec.sourceStat = s.stat;
      rec.metaKey = meta || undefined;
      markChanged(manifest, s.name);
    }
  }
  reporter.tick('plan', planned % 256);
  reporter.stageEnd('plan');
  // TEI files without a source (hand-made, or sources removed) are part of a build's edition.
  const teiOnly: string[] = [];
  if (build) {
    for (const name of listedTei ?? (await teiNames(host, opts.teiDir))) {
      if (!known.has(name)) {
        teiOnly.push(name);
        known.add(name);
        if (!report.keptEdited.includes(name)) report.keptEdited.push(name);
      }
    }
  }
  report.documents = known.size;
  lap('plan');

  // ---- ingest (workers) --------------------------------------------------------------------
  const prepared = new Map<string, Prepared>();
  if (toConvert.length > 0) {
    reporter.stageStart('ingest', toConvert.length);
    runner.expect?.(toConvert.length);
    const items: PrepareItem[] = toConvert.map((s) => {
      const it: PrepareItem = { name: s.name, path: s.path, displayPath: s.displayPath };
      if (s.metadata) it.metadata = s.metadata;
      if (opts.encoding) it.encoding = opts.encoding;
      return it;
    });
    await pooled(chunk(items, bs.prepare), runner.concurrency * 2, async (batch) => {
      let res: Prepared[];
      try {
        res = await runner.run<Prepared[]>({ kind: 'prepare', items: batch });
      } catch (err) {
        res = batch.map((b) => ({ name: b.name, ok: false, diagnostics: [internalDiagnostic(b.displayPath, 'ingest', err)] }));
      }
      for (const p of res) prepared.set(p.name, p);
      reporter.tick('ingest', batch.length);
    });
    reporter.stageEnd('ingest');
  }
  lap('ingest');

  // ---- entities, collection-wide (passes in workers, merging and linking here) ---------------
  const order = toConvert.map((s) => s.name);
  let models = order.map((n) => prepared.get(n)).filter((p): p is Prepared => !!p && p.ok && !!p.model);
  let mentions = new Map<string, Inline[]>();
  const oldHashes = build ? manifest.authority : entryHashes((await getAuth()).value);
  if (models.length > 0) {
    reporter.stageStart('entities', models.length);
    runner.expect?.(models.length);
    try {
      authority ??= (await getAuth()).value;
      const r = await recogniseStage({ prepared: models, authority, runner, ...(decisions ? { rejected: decisions.rejected } : {}) });
      report.diagnostics.push(...r.diagnostics);
      mentions = r.mentions;
      authority = r.authority;
    } catch (err) {
      report.diagnostics.push(internalDiagnostic(models[0]!.model!.source.path, 'entity recognition', err));
    }
    reporter.stageEnd('entities');
    authority ??= (await getAuth()).value;
    const { authorityFiles, readAuthorityFiles } = await stages();
    // Files that hold the build's own serialisation of exactly these entries (it wrote or found them
    // so, and they have not changed since) are not serialised again (DFAT: 2.3 MB of XML) to be
    // compared: they would come out the same.
    const entriesKey = build && authorityIn === opts.authorityOut ? contentHash(JSON.stringify(authority.entries)) : undefined;
    const asSerialised = !!entriesKey && !!startFilesKey && manifest.authoritySerialised === contentHash(entriesKey, startFilesKey) && authFiles.length === AUTHORITY_FILES.length;
    const written = asSerialised ? new Map(authFiles.map((f) => [f.file.slice(authorityIn.length + 1), f.xml])) : authorityFiles(authority);
    // Continue with the authority as a later run will read it back, so that cache keys agree. When
    // recognition added nothing, the files are the ones read at the start: their parse is reused
    // (reading a large authority again costs more than the rest of a one-document rebuild).
    const sameFiles = [...written].every(([f, xml], k) => authFiles[k]?.file === `${authorityIn}/${f}` && authFiles[k]?.xml === xml) && authFiles.length === written.size;
    const reread = sameFiles ? (await getAuth()) : readAuthorityFiles([...written].map(([file, xml]) => ({ file, xml })));
    if (!reread.diagnostics.some((d) => d.severity === 'error')) authority = reread.value;
    // An authority file that could not be read strictly is never overwritten: rewriting it from
    // what the lenient reader understood would silently drop the editor's text (issue 7).
    const unreadable = (await getAuth()).diagnostics.some((d) => d.severity === 'error' && d.rule.startsWith('xml-'));
    if (!unreadable) finalAuthority = { files: sameFiles ? authFiles : [...written].map(([file, xml]) => ({ file, xml })), result: reread };
    let serialised = !unreadable && !!entriesKey;
    for (const [f, xml] of written) {
      if (asSerialised) break;
      const path = `${opts.authorityOut}/${f}`;
      if (unreadable) {
        report.diagnostics.push({ file: path, line: 1, column: 1, severity: 'error', message: 'authority file not updated: an authority file is not well-formed (see the errors above); fix it and run again, so that no hand edit is lost', rule: 'authority-not-written' });
        report.failed.push(`authority/${f}`);
        continue;
      }
      if ((await host.readText(path)) !== xml) {
        try {
          await host.writeFile(path, xml);
          report.authorityWritten = true;
        } catch (err) {
          serialised = false;
          report.diagnostics.push(ioError(path, err));
          report.failed.push(`authority/${f}`);
        }
      }
    }
    if (!asSerialised) manifest.authoritySerialised = serialised ? contentHash(entriesKey!, filesKey([...written].map(([f, xml]) => ({ file: `${authorityIn}/${f}`, xml })))) : undefined;
    // What the entity passes left in the workers (gazetteer, lexicons) is not needed for TEI.
    await runner.release?.();
  }
  models = [];
  const newHashes = authority ? entryHashes(authority) : manifest.authority;
  const changedEntries = new Set<string>();
  for (const id of new Set([...Object.keys(oldHashes), ...Object.keys(newHashes)])) {
    if (oldHashes[id] !== newHashes[id]) changedEntries.add(id);
  }
  manifest.authority = newHashes;
  const authorityKey = contentHash(JSON.stringify(newHashes));
  lap('entities');
  for (const name of order) {
    const p = prepared.get(name);
    if (p) report.diagnostics.push(...p.diagnostics);
    if (!p || !p.ok || !p.model) report.failed.push(name);
  }

  // ---- TEI writing, validation, summaries (workers) -----------------------------------------
  const tOpts: TeiWriteOptions = {
    schemaHref: opts.schemaHref,
    authorityHref: { person: 'authority/persons.xml', place: 'authority/places.xml', org: 'authority/orgs.xml' },
    generator: opts.generator,
  };
  const teiItems: TeiItem[] = [];
  for (const name of order) {
    const p = prepared.get(name)!;
    if (!p.ok || !p.model) continue;
    const inlines = [...(mentions.get(name) ?? []), ...(p.inlines ?? [])];
    teiItems.push({ name, teiPath: teiPath(name), displayPath: teiPath(name), write: { model: p.model, inlines, options: tOpts } });
  }
  if (build) {
    const converting = new Set(teiItems.map((i) => i.name));
    for (const name of [...opts.sources.map((s) => s.name), ...teiOnly]) {
      if (converting.has(name) || report.failed.includes(name)) continue;
      const rec = recordOf(name);
      const st = teiStats.has(name) ? teiStats.get(name) : await host.stat(teiPath(name));
      if (!st) continue;
      if (!sameStat(st, rec.teiStat) || !rec.teiHash) {
        const xml = await host.readText(teiPath(name));
        if (xml === undefined) continue;
        rec.teiHash = contentHash(xml);
        rec.teiStat = st;
        markChanged(manifest, name);
      }
      // References are checked against the authority: a changed entry rechecks the documents citing it.
      const refsChanged = (rec.refs ?? []).some((r) => changedEntries.has(r));
      if (!refsChanged && rec.checkKey === checkKey(rec.teiHash ?? '')) {
        if (rec.valid === false) report.invalid.push(name);
        if (rec.diagnostics) report.diagnostics.push(...rec.diagnostics);
        continue;
      }
      const item: TeiItem = { name, teiPath: teiPath(name), displayPath: teiPath(name) };
      const src = sourceByName.get(name);
      if (src) item.source = opts.encoding ? { path: src.path, encoding: opts.encoding } : { path: src.path };
      teiItems.push(item);
    }
  }
  const teiCtx: TeiContext = { validate: opts.validate, summarise: build, authorityDir: opts.authorityOut, authorityKey, ...(build && opts.cacheDir ? { cacheDir: opts.cacheDir } : {}) };
  let siteDirty = toolChanged || changedEntries.size > 0;
  if (teiItems.length > 0) {
    reporter.stageStart('tei+validate', teiItems.length);
    runner.expect?.(teiItems.length);
    await pooled(chunk(teiItems, bs.tei), runner.concurrency * 2, async (batch) => {
      let res: TeiDone[];
      try {
        res = await runner.run<TeiDone[]>({ kind: 'tei', items: batch, ctx: teiCtx });
      } catch (err) {
        res = batch.map((b) => ({ name: b.name, ok: false, validated: false, valid: false, diagnostics: [internalDiagnostic(b.displayPath, 'TEI', err)] }));
      }
      for (let i = 0; i < res.length; i++) {
        const e = res[i]!;
        const item = batch[i]!;
        const rec = recordOf(e.name);
        markChanged(manifest, e.name);
        report.diagnostics.push(...e.diagnostics);
        if (!e.ok) {
          report.failed.push(e.name);
          rec.checkKey = undefined;
          continue;
        }
        if (item.write) {
          report.converted.push(e.name);
          const p = prepared.get(e.name)!;
          // Memory stays bounded: the model is not needed once its TEI is written.
          delete item.write;
          delete p.model;
          delete p.inlines;
          rec.sourcePath = p.name;
          rec.sourceHash = p.sourceHash;
          rec.sourceStat = p.sourceStat;
          rec.metaKey = metaKey(sourceByName.get(e.name)) || undefined;
          rec.convertKey = p.sourceHash ? convertKey(p.sourceHash) : undefined;
          rec.writtenHash = e.teiHash;
          rec.edited = false;
        } else rec.edited = e.teiHash !== rec.writtenHash;
        rec.teiHash = e.teiHash;
        rec.teiStat = e.teiStat;
        if (e.validated) report.validated.push(e.name);
        if (!e.valid) report.invalid.push(e.name);
        rec.valid = e.valid;
        rec.diagnostics = e.diagnostics.length > 0 ? e.diagnostics : undefined;
        if (e.summary) {
          rec.refs = [...new Set(e.summary.mentions.map((m) => m.ref).filter((r): r is string => !!r))].sort();
          rec.title = e.summary.title;
          rec.parts = partHashes(e.summary);
          rec.date = e.summary.date;
          await summaries.put(e.summary);
        }
        if (build) rec.checkKey = checkKey(e.teiHash ?? '');
        siteDirty = true;
      }
      reporter.tick('tei+validate', batch.length);
      await checkpoint();
    });
    reporter.stageEnd('tei+validate');
  }
  lap('tei+validate');
  // The validators are not needed for the pages.
  if (teiItems.length > 0) await runner.release?.();
  // Every summary the stage received is in the store (DFAT: ≈ 0.22 GB of heap, all 10,332 with
  // their text), and nothing on this thread reads them again: the site task reads the shards from
  // the cache. Written out and let go, they are not held through the pages, the peak of a cold build.
  if (opts.cacheDir && teiItems.length > 0) {
    await summaries.flush();
    summaries = new SummaryStore(host, opts.cacheDir);
  }

  // ---- removed documents ---------------------------------------------------------------------
  if (build) {
    for (const name of Object.keys(manifest.docs).sort()) {
      if (known.has(name)) continue;
      delete manifest.docs[name];
      markChanged(manifest, name);
      await summaries.delete(name);
      if (opts.distDir) for (const ext of ['html', 'txt', 'xml']) await host.remove(`${opts.distDir}/${name}.${ext}`);
      report.removed.push(name);
      siteDirty = true;
    }
  }

  // ---- document pages (workers), in reading order for previous/next links ---------------------
  const failedSet = new Set(report.failed);
  if (build && opts.distDir) {
    const distDir = opts.distDir;
    const names = [...known].filter((n) => !failedSet.has(n) && manifest.docs[n]?.teiHash).sort();
    const light: DocSummary[] = names.map((name) => {
      const rec = manifest.docs[name]!;
      const s: DocSummary = { name, title: rec.title ?? name, idnos: [], certificates: [], mentions: [], text: '' };
      if (rec.date) s.date = rec.date;
      return s;
    });
    const ordered = orderDocuments(light);
    report.order = ordered.map((s) => s.name);
    const present = listedSite
      ? new Set([...listedSite].filter((f) => f.endsWith('.html')).map((f) => f.slice(0, -5)))
      : new Set((await host.list(distDir, '.html')).map((p) => p.slice(distDir.length + 1).replace(/\.html$/, '')));
    const renderItems: RenderItem[] = [];
    const renderKeys = new Map<string, string>();
    ordered.forEach((s, i) => {
      const rec = manifest.docs[s.name]!;
      const prevS = ordered[i - 1];
      const nextS = ordered[i + 1];
      const prev: Neighbour | undefined = prevS ? { name: prevS.name, title: prevS.title } : undefined;
      const next: Neighbour | undefined = nextS ? { name: nextS.name, title: nextS.title } : undefined;
      const key = contentHash(
        opts.toolKey,
        rec.teiHash ?? '',
        JSON.stringify([prev ?? null, next ?? null]),
        ...(rec.refs ?? []).map((r) => `${r}=${newHashes[r] ?? ''}`),
      );
      renderKeys.set(s.name, key);
      if (rec.renderKey === key && (!opts.formats.includes('html') || present.has(s.name))) return;
      const item: RenderItem = { name: s.name, teiPath: teiPath(s.name), displayPath: teiPath(s.name) };
      if (prev) item.prev = prev;
      if (next) item.next = next;
      renderItems.push(item);
    });
    const renderCtx: RenderContext = { distDir, formats: opts.formats, authorityDir: opts.authorityOut, authorityKey, editionTitle: opts.edition.title };

    // The site (collection pages, indexes, search) needs only the summaries: its parts run as tasks
    // beside the page batches, and only the parts whose inputs changed are rebuilt.
    const siteKey = contentHash(opts.toolKey, ...ordered.map((s) => `${s.name}:${manifest.docs[s.name]?.teiHash ?? ''}`), authorityKey, JSON.stringify(opts.edition));
    const siteParts = (manifest.siteParts ??= {});
    const partKeys = new Map<SitePart, string>();
    for (const part of SITE_PARTS) {
      const perDoc = ordered.map((s) => `${s.name}=${manifest.docs[s.name]?.parts?.[part] ?? manifest.docs[s.name]?.teiHash ?? ''}`);
      const auth = part === 'persons' || part === 'places' || part === 'orgs' ? authorityKey : '';
      partKeys.set(part, contentHash(opts.toolKey, JSON.stringify(opts.edition), part, auth, ...perDoc));
    }
    const stale: SitePart[] = [];
    // one file per part whose absence means the part must be built (the task checks the rest)
    const partFile: Record<SitePart, string> = { 'search-index': 'search-index-00.js', 'edition-text': 'edition.txt', assets: 'assets', persons: 'persons.html', places: 'places.html', orgs: 'orgs.html', dates: 'dates.html', index: 'index.html', search: 'search.html' };
    for (const part of SITE_PARTS) {
      if (siteParts[part] !== partKeys.get(part) || (part !== 'assets' && !(await host.stat(`${distDir}/${partFile[part]}`)))) stale.push(part);
    }
    const sitePromises: Promise<void>[] = [];
    runner.expect?.(renderItems.length);
    if (stale.length > 0) {
      await summaries.flush();
      const started = clock();
      reporter.stageStart('site', stale.length);
      // One task for all stale parts, in one worker while the others render document pages: it
      // re-assembles each part from per-document pieces kept in the cache, reading the summaries
      // of changed documents only (src/build/task-site.ts).
      const records: Record<string, Record<string, string>> = {};
      for (const s of ordered) {
        const rec = manifest.docs[s.name];
        const r: Record<string, string> = {};
        for (const part of SITE_PARTS) r[part] = rec?.parts?.[part] ?? rec?.teiHash ?? '';
        r['certificates'] = rec?.parts?.['certificates'] ?? '0';
        records[s.name] = r;
      }
      const groups: SitePart[][] = [stale];
      let left = groups.length;
      for (const parts of groups) {
        const task: SiteTask = { kind: 'site', parts, cacheDir: opts.cacheDir!, names: ordered.map((s) => s.name), records, toolKey: opts.toolKey, authorityDir: opts.authorityOut, edition: opts.edition, distDir };
        sitePromises.push(
          runner.run<SiteDone>(task).then(
            (r) => {
              report.diagnostics.push(...r.diagnostics);
              if (r.ok) for (const p of parts) siteParts[p] = partKeys.get(p)!;
              else report.failed.push('(site)');
              report.siteParts.push(...parts);
            },
            (err: unknown) => {
              report.diagnostics.push(internalDiagnostic(distDir, 'site rendering', err));
              report.failed.push('(site)');
            },
          ).finally(() => {
            reporter.tick('site', parts.length);
            if (--left === 0) {
              timings.site = clock() - started;
              reporter.stageEnd('site');
            }
          }),
        );
      }
    }
    if (renderItems.length > 0) {
      reporter.stageStart('render', renderItems.length);
      await pooled(chunk(renderItems, bs.render), runner.concurrency * 2, async (batch) => {
        let res: RenderDone[];
        try {
          res = await runner.run<RenderDone[]>({ kind: 'render', items: batch, ctx: renderCtx });
        } catch (err) {
          res = batch.map((b) => ({ name: b.name, ok: false, diagnostics: [internalDiagnostic(b.displayPath, 'rendering', err)] }));
        }
        for (const r of res) {
          const rec = manifest.docs[r.name]!;
          markChanged(manifest, r.name);
          report.diagnostics.push(...r.diagnostics);
          if (r.ok) {
            report.rendered.push(r.name);
            rec.renderKey = renderKeys.get(r.name);
          } else {
            report.failed.push(r.name);
            rec.renderKey = undefined;
          }
        }
        reporter.tick('render', batch.length);
        await checkpoint();
      });
      reporter.stageEnd('render');
    }
    lap('render');
    await Promise.all(sitePromises);
    report.siteRebuilt = report.siteParts.length > 0 && !report.failed.includes('(site)');
    report.siteParts.sort();
    manifest.siteKey = siteKey;
    lap('site (after render)');
  }
  // Remember the authority files as they now are, unless they could not be read cleanly.
  // (As read at the start when the build wrote none of them: a file an editor changes meanwhile
  // differs from that next time, and is read then.)
  if (build && !(parsed?.diagnostics.some((d) => d.severity === 'error'))) {
    if (report.authorityWritten || report.failed.some((f) => f.startsWith('authority/'))) {
      const now: { file: string; xml: string }[] = [];
      for (const f of AUTHORITY_FILES) {
        const xml = await host.readText(`${authorityIn}/${f}`);
        if (xml !== undefined) now.push({ file: `${authorityIn}/${f}`, xml });
      }
      manifest.authorityFiles = filesKey(now);
    } else manifest.authorityFiles = startFilesKey;
  } else manifest.authorityFiles = undefined;
  if (authCacheFile && finalAuthority) {
    const key = (await stages()).authorityCacheKey(opts.toolKey, finalAuthority.files);
    if (key !== authCacheKey) {
      const names = finalAuthority.files.map((f) => f.file);
      await host.writeFile(authCacheFile, JSON.stringify({ key, names, result: finalAuthority.result }));
    }
  }
  await checkpoint(true);
  if (quickInputs && report.failed.length === 0 && manifest.authorityFiles) {
    // Save the quick state when the next build, finding the files as they are now, would have
    // nothing to do: every document checked against the TEI it processed, none citing a missing
    // entry, every page in place. Its report is what such a build reports.
    const authIds = new Set(Object.keys(manifest.authority));
    const names = [...opts.sources.map((s) => s.name), ...teiOnly];
    const processed = new Map<string, FileStat>();
    let settled = true;
    for (const name of names) {
      const rec = manifest.docs[name];
      settled = !!rec?.teiStat && rec.checkKey === checkKey(rec.teiHash ?? '') && !(rec.refs ?? []).some((r) => !authIds.has(r));
      if (!settled) break;
      processed.set(name, rec!.teiStat!);
    }
    const { key, site } = settled ? await quickKey(host, quickInputs, processed) : { key: '', site: new Set<string>() };
    if (settled && opts.distDir && opts.formats.includes('html')) settled = report.order.every((n) => site.has(`${n}.html`));
    if (settled) {
      const quiet: Omit<BuildReport, 'timings'> = {
        documents: known.size, converted: [], keptEdited: [], refused: [], validated: [], rendered: [], removed: [], failed: [], invalid: [],
        authorityWritten: false, siteRebuilt: false, siteParts: [], order: report.order, diagnostics: [],
      };
      const sourceNames = new Set(opts.sources.map((s) => s.name));
      for (const name of names) {
        const rec = manifest.docs[name]!;
        if (!sourceNames.has(name) || rec.edited) quiet.keptEdited.push(name);
        if (rec.valid === false) quiet.invalid.push(name);
        if (rec.diagnostics) quiet.diagnostics.push(...rec.diagnostics);
      }
      quiet.keptEdited = [...new Set(quiet.keptEdited)].sort();
      quiet.invalid = [...new Set(quiet.invalid)].sort();
      await host.writeFile(quickFile(opts.cacheDir!), JSON.stringify({ format: QUICK_FORMAT, key, report: quiet }));
    }
  }
  report.failed = [...new Set(report.failed)].sort();
  report.invalid = [...new Set(report.invalid)].sort();
  for (const k of ['converted', 'keptEdited', 'refused', 'validated', 'rendered', 'removed'] as const) report[k].sort();
  return report;
}

/**
 * The whole-edition build: sources → TEI → validation → HTML, text, indexes and search, planned
 * from a content-hash cache so that a warm build does only what changed. Also the engine of
 * `convert` (sources → TEI only, no cache). Pure: files through {@link BuildHost}, work through a
 * {@link TaskRunner} (worker threads in the CLI), progress through a {@link Reporter}.
 */
import { recogniseCollection } from '../entities/index.js';
import type { Authority, Diagnostic, Inline } from '../model/index.js';
import type { TeiWriteOptions } from '../tei/index.js';
import { loadManifest, sameStat, saveManifest, SummaryStore, emptyManifest } from './cache.js';
import type { DocRecord, Manifest } from './cache.js';
import { contentHash } from './hash.js';
import type { BuildHost, Reporter, TaskRunner } from './host.js';
import { renderApi, siteApi } from './outputs.js';
import { internalDiagnostic } from './pipeline.js';
import type { SourceEntry } from './sources.js';
import { authorityFiles, readAuthorityFiles, stampState } from './stages.js';
import type { EmitContext, EmitItem, Emitted, Prepared, PrepareItem } from './tasks.js';

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
  /** Where the authority is read from (defaults to teiDir/authority) and where it is written. */
  authorityIn?: string;
  authorityOut: string;
  /** `convert --force`: overwrite hand-edited TEI. */
  force?: boolean;
  encoding?: string;
  validate: boolean;
  formats: ('html' | 'text' | 'xml')[];
  edition: { title: string; language: string; [k: string]: unknown };
  /** Tool version; changes invalidate conversions. */
  toolVersion: string;
  /** Hash of everything else outputs depend on (stylesheets, schema, config). */
  toolKey: string;
  /** `<?xml-model?>` href relative to a TEI file. */
  schemaHref: string;
  batchSize?: { prepare: number; emit: number };
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

/** Run `fn` over `items` with at most `limit` in flight, in order of completion. */
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

function teiOptions(opts: EditionOptions): TeiWriteOptions {
  return {
    schemaHref: opts.schemaHref,
    authorityHref: { person: 'authority/persons.xml', place: 'authority/places.xml', org: 'authority/orgs.xml' },
    generator: `tei-edition ${opts.toolVersion}`,
  };
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
    authorityWritten: false, siteRebuilt: false, diagnostics: [], timings,
  };
  const build = opts.mode === 'build';
  const convertKey = (sourceHash: string) => contentHash(opts.toolVersion, opts.schemaHref, sourceHash);
  const manifest: Manifest = opts.cacheDir ? await loadManifest(host, opts.cacheDir, opts.toolKey) : emptyManifest(opts.toolKey);
  const toolChanged = manifest.toolKey !== opts.toolKey;
  manifest.toolKey = opts.toolKey;
  const summaries = new SummaryStore(host, opts.cacheDir);

  // Authority as it stands (editors may have changed it since the last build).
  const authorityIn = opts.authorityIn ?? `${opts.teiDir}/authority`;
  const authFiles: { file: string; xml: string }[] = [];
  for (const f of AUTHORITY_FILES) {
    const xml = await host.readText(`${authorityIn}/${f}`);
    if (xml !== undefined) authFiles.push({ file: `${authorityIn}/${f}`, xml });
  }
  const auth = readAuthorityFiles(authFiles);
  report.diagnostics.push(...auth.diagnostics);
  let authority: Authority = auth.value;
  lap('plan');

  // ---- plan: which sources need converting? ----------------------------------------------
  const teiPath = (name: string) => `${opts.teiDir}/${name}.xml`;
  const toConvert: SourceEntry[] = [];
  const known = new Set<string>();
  const teiHashes = new Map<string, string>();
  reporter.stageStart('plan', opts.sources.length);
  for (const s of opts.sources) {
    known.add(s.name);
    const rec: DocRecord = (manifest.docs[s.name] ??= {});
    const path = teiPath(s.name);
    const st = await host.stat(path);
    let state: 'missing' | 'generated' | 'edited' = 'missing';
    if (st) {
      if (sameStat(st, rec.teiStat) && rec.teiHash) {
        state = rec.edited ? 'edited' : 'generated';
        teiHashes.set(s.name, rec.teiHash);
      } else {
        const xml = (await host.readText(path)) ?? '';
        const h = contentHash(xml);
        teiHashes.set(s.name, h);
        state = h === rec.writtenHash ? 'generated' : stampState(xml) === 'generated' ? 'generated' : 'edited';
        rec.teiStat = st;
        rec.teiHash = h;
        rec.edited = state === 'edited';
      }
    }
    if (state === 'edited') {
      if (build) {
        report.keptEdited.push(s.name);
        continue;
      }
      if (!opts.force) {
        report.refused.push(s.name);
        report.failed.push(s.name);
        report.diagnostics.push({ file: path, line: 1, column: 1, severity: 'error', message: `edited by hand since it was generated: not overwritten (use --force to replace it)`, rule: 'tei-edited' });
        continue;
      }
    }
    if (state === 'missing' || !build || opts.force) {
      toConvert.push(s);
      continue;
    }
    // Generated TEI: reconvert only when the source or the tool changed.
    let sourceHash = rec.sourceHash;
    if (!sameStat(s.stat, rec.sourceStat) || !sourceHash) {
      const bytes = await host.readBytes(s.path);
      sourceHash = bytes ? contentHash(bytes, JSON.stringify(s.metadata ?? null), opts.encoding ?? '') : undefined;
    }
    if (!sourceHash || rec.convertKey !== convertKey(sourceHash)) toConvert.push(s);
    else if (s.stat) rec.sourceStat = s.stat;
    reporter.tick('plan', 1);
  }
  reporter.stageEnd('plan');
  // TEI files without a source (hand-made, or sources removed) are part of a build's edition.
  const teiOnly: string[] = [];
  if (build) {
    for (const p of await host.list(opts.teiDir, '.xml')) {
      const rel = p.slice(opts.teiDir.length + 1);
      if (rel.includes('/')) continue; // authority/, schemas/
      const name = rel.replace(/\.xml$/, '');
      if (!known.has(name)) {
        teiOnly.push(name);
        known.add(name);
      }
    }
  }
  lap('plan');

  // ---- ingest (workers) --------------------------------------------------------------------
  const bs = opts.batchSize ?? { prepare: 48, emit: 24 };
  const prepared = new Map<string, Prepared>();
  if (toConvert.length > 0) {
    reporter.stageStart('ingest', toConvert.length);
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

  // ---- entities, collection-wide (main thread) ----------------------------------------------
  const order = toConvert.map((s) => s.name);
  const models = order.map((n) => prepared.get(n)).filter((p): p is Prepared => !!p && p.ok && !!p.model);
  let mentions = new Map<string, Inline[]>();
  const oldHashes = { ...manifest.authority };
  if (models.length > 0) {
    reporter.stageStart('entities', models.length);
    try {
      const r = recogniseCollection(models.map((p) => p.model!), authority);
      report.diagnostics.push(...r.diagnostics);
      mentions = r.value.mentions as Map<string, Inline[]>;
      authority = r.value.authority;
    } catch (err) {
      report.diagnostics.push(internalDiagnostic(models[0]!.model!.source.path, 'entity recognition', err));
    }
    reporter.stageEnd('entities');
    const files = authorityFiles(authority);
    if (files) {
      for (const [f, xml] of files) {
        const path = `${opts.authorityOut}/${f}`;
        if ((await host.readText(path)) !== xml) {
          await host.writeFile(path, xml);
          report.authorityWritten = true;
        }
      }
    }
  }
  const newHashes = entryHashes(authority);
  const changedEntries = new Set<string>();
  for (const id of new Set([...Object.keys(oldHashes), ...Object.keys(newHashes)])) {
    if (oldHashes[id] !== newHashes[id]) changedEntries.add(id);
  }
  manifest.authority = newHashes;
  lap('entities');

  // ---- TEI writing, validation, rendering (workers) -----------------------------------------
  const emitItems: EmitItem[] = [];
  const tOpts = teiOptions(opts);
  for (const name of order) {
    const p = prepared.get(name)!;
    if (!p.ok || !p.model) {
      report.failed.push(name);
      report.diagnostics.push(...p.diagnostics);
      continue;
    }
    report.diagnostics.push(...p.diagnostics);
    const inlines = [...(mentions.get(name) ?? []), ...(p.inlines ?? [])];
    emitItems.push({ name, teiPath: teiPath(name), displayPath: teiPath(name), write: { model: p.model, inlines, options: tOpts } });
  }
  const converting = new Set(emitItems.map((e) => e.name));
  if (build && opts.distDir) {
    const distNames = new Set((await host.list(opts.distDir, '.html')).map((p) => p.slice(opts.distDir!.length + 1).replace(/\.html$/, '')));
    for (const name of [...opts.sources.map((s) => s.name), ...teiOnly]) {
      if (converting.has(name) || report.failed.includes(name)) continue;
      const rec: DocRecord = (manifest.docs[name] ??= {});
      let teiHash = teiHashes.get(name);
      if (!teiHash) {
        const st = await host.stat(teiPath(name));
        if (st && sameStat(st, rec.teiStat) && rec.teiHash) teiHash = rec.teiHash;
        else {
          const xml = await host.readText(teiPath(name));
          if (xml === undefined) continue;
          teiHash = contentHash(xml);
          if (st) rec.teiStat = st;
          rec.teiHash = teiHash;
          rec.edited = teiHash !== rec.writtenHash;
          if (rec.edited && !report.keptEdited.includes(name)) report.keptEdited.push(name);
        }
      }
      const refsChanged = (rec.refs ?? []).some((r) => changedEntries.has(r));
      const upToDate = !toolChanged && !refsChanged && rec.outputKey === contentHash(opts.toolKey, teiHash) && (!opts.formats.includes('html') || distNames.has(name) || (await renderApi()) === undefined);
      if (upToDate) {
        if (rec.valid === false) report.invalid.push(name);
        if (rec.diagnostics) report.diagnostics.push(...rec.diagnostics);
        continue;
      }
      emitItems.push({ name, teiPath: teiPath(name), displayPath: teiPath(name) });
    }
  }
  report.documents = known.size;

  const ctx: EmitContext = {
    formats: opts.formats,
    validate: opts.validate,
    authorityDir: opts.authorityOut,
    edition: { title: opts.edition.title, language: opts.edition.language },
  };
  if (opts.distDir) ctx.distDir = opts.distDir;
  let lastSave = clock();
  let siteDirty = toolChanged;
  if (emitItems.length > 0) {
    reporter.stageStart('tei+validate+render', emitItems.length);
    await pooled(chunk(emitItems, bs.emit), runner.concurrency * 2, async (batch) => {
      let res: Emitted[];
      try {
        res = await runner.run<Emitted[]>({ kind: 'emit', items: batch, ctx });
      } catch (err) {
        res = batch.map((b) => ({ name: b.name, ok: false, validated: false, valid: false, rendered: false, diagnostics: [internalDiagnostic(b.displayPath, 'emit', err)] }));
      }
      for (let i = 0; i < res.length; i++) {
        const e = res[i]!;
        const item = batch[i]!;
        const rec: DocRecord = (manifest.docs[e.name] ??= {});
        report.diagnostics.push(...e.diagnostics);
        if (!e.ok) {
          report.failed.push(e.name);
          rec.outputKey = undefined;
          continue;
        }
        if (item.write) {
          report.converted.push(e.name);
          const p = prepared.get(e.name)!;
          rec.sourceHash = p.sourceHash;
          rec.sourceStat = p.sourceStat;
          rec.convertKey = p.sourceHash ? convertKey(p.sourceHash) : undefined;
          rec.writtenHash = e.teiHash;
          rec.edited = false;
        }
        rec.teiHash = e.teiHash;
        rec.teiStat = e.teiStat;
        if (e.validated) report.validated.push(e.name);
        if (e.rendered) report.rendered.push(e.name);
        if (!e.valid) report.invalid.push(e.name);
        rec.valid = e.valid;
        rec.diagnostics = e.diagnostics.length > 0 ? e.diagnostics : undefined;
        if (e.summary) {
          rec.refs = [...new Set(e.summary.mentions.map((m) => m.ref).filter((r): r is string => !!r))].sort();
          await summaries.put(e.summary);
        }
        if (build) rec.outputKey = contentHash(opts.toolKey, e.teiHash ?? '');
        siteDirty = true;
      }
      reporter.tick('tei+validate+render', batch.length);
      if (opts.cacheDir && clock() - lastSave >= (opts.checkpointMs ?? 2000)) {
        lastSave = clock();
        await summaries.flush();
        await saveManifest(host, opts.cacheDir, manifest);
      }
    });
    reporter.stageEnd('tei+validate+render');
  }
  lap('tei+validate+render');

  // ---- removed documents ---------------------------------------------------------------------
  if (build) {
    for (const name of Object.keys(manifest.docs)) {
      if (known.has(name)) continue;
      delete manifest.docs[name];
      await summaries.delete(name);
      if (opts.distDir) for (const ext of ['html', 'txt', 'xml']) await host.remove(`${opts.distDir}/${name}.${ext}`);
      report.removed.push(name);
      siteDirty = true;
    }
  }

  // ---- site: indexes, search ----------------------------------------------------------------
  if (build && opts.distDir) {
    const names = [...known].sort();
    const siteKey = contentHash(opts.toolKey, ...names.map((n) => `${n}:${manifest.docs[n]?.teiHash ?? ''}`), JSON.stringify(newHashes));
    const site = await siteApi();
    if (site && (siteDirty || manifest.siteKey !== siteKey || !(await host.stat(`${opts.distDir}/index.html`)))) {
      reporter.stageStart('site', 1);
      try {
        const files = await site(await summaries.all(names), authority, ctx.edition);
        for (const [f, content] of [...files].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
          const path = `${opts.distDir}/${f}`;
          if ((await host.readText(path)) !== content) await host.writeFile(path, content);
        }
        report.siteRebuilt = true;
        manifest.siteKey = siteKey;
      } catch (err) {
        report.diagnostics.push(internalDiagnostic(opts.distDir, 'site rendering', err));
        report.failed.push('(site)');
      }
      reporter.stageEnd('site');
    }
  }
  if (opts.cacheDir) {
    await summaries.flush();
    await saveManifest(host, opts.cacheDir, manifest);
  }
  lap('site');
  report.failed = [...new Set(report.failed)].sort();
  report.invalid = [...new Set(report.invalid)].sort();
  for (const k of ['converted', 'keptEdited', 'refused', 'validated', 'rendered', 'removed'] as const) report[k].sort();
  return report;
}

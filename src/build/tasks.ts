/**
 * The build's units of work, run in worker threads (src/cli/worker.ts) or in-process (tests).
 * Each task takes a batch of documents, so that per-call overhead (message passing, schema
 * validation start-up) is paid once per batch. Pure apart from the injected {@link BuildHost}.
 */
import { findDates } from '../dates/index.js';
import { decode, ingest } from '../ingest/index.js';
import * as ingestStage from '../ingest/index.js';
import type { Diagnostic, DocSummary, DocumentModel, Inline, InlineFeature, Result, Source } from '../model/index.js';
import { collectionXml, createRenderer, editionText, loadResources, searchIndexScript } from '../render/index.js';
import { transform } from '../render/saxon.js';
import type { DocumentParams, EditionInfo, Neighbour, Renderer } from '../render/index.js';
import { SummaryStore } from './cache.js';
import { stampTei, toTeiResult } from '../tei/index.js';
import type { TeiWriteOptions } from '../tei/index.js';
import { contentHash } from './hash.js';
import type { BuildHost, FileStat } from './host.js';
import { internalDiagnostic } from './diagnostics.js';
import { authorityIndex, createValidator } from '../validate/index.js';
import type { Validator } from '../validate/index.js';
import { readAuthorityFiles, summarise } from './stages.js';

/** One source to read, decode and ingest. */
export interface PrepareItem {
  name: string;
  path: string;
  /** Path to print in diagnostics (as the user gave it). */
  displayPath: string;
  metadata?: Record<string, string>;
  encoding?: string;
}

/** A prepared document: its model and the inline features found without the rest of the collection. */
export interface Prepared {
  name: string;
  ok: boolean;
  sourceHash?: string;
  sourceStat?: FileStat;
  model?: DocumentModel;
  /** Dates and inline features (entities come later, collection-wide). */
  inlines?: Inline[];
  diagnostics: Diagnostic[];
}

/** One document to write (when `write` is given) or read, then validate and summarise. */
export interface TeiItem {
  name: string;
  teiPath: string;
  displayPath: string;
  write?: { model: DocumentModel; inlines: Inline[]; options: TeiWriteOptions };
  /** Skip validation (its cached result still holds). */
  skipValidation?: boolean;
  /** The source of an existing (possibly hand-edited) TEI file: validation checks nothing of it was lost. */
  source?: { path: string; encoding?: string };
}

/** Settings shared by every document of a TEI task. */
export interface TeiContext {
  validate: boolean;
  /** Summarise for indexes and search (build), or not (convert). */
  summarise: boolean;
  /** Authority files, for the validator's reference checks. */
  authorityDir: string;
}

export interface TeiDone {
  name: string;
  ok: boolean;
  teiHash?: string;
  teiStat?: FileStat;
  /** Whether validation ran (false when skipped). */
  validated: boolean;
  /** No validation error. */
  valid: boolean;
  summary?: DocSummary;
  diagnostics: Diagnostic[];
}

/** One document page to render, with its neighbours in reading order. */
export interface RenderItem {
  name: string;
  teiPath: string;
  displayPath: string;
  prev?: Neighbour;
  next?: Neighbour;
}

/** Settings shared by every document of a render task. */
export interface RenderContext {
  distDir: string;
  formats: ('html' | 'text' | 'xml')[];
  authorityDir: string;
  /** Changes whenever the authority does: workers rebuild their renderer then. */
  authorityKey: string;
  editionTitle: string;
}

export interface RenderDone {
  name: string;
  ok: boolean;
  diagnostics: Diagnostic[];
}

import type { SitePart } from './site-parts.js';

/** Some parts of the site (collection pages, indexes, search index, edition text), from the summaries in the cache. */
export interface SiteTask {
  kind: 'site';
  parts: SitePart[];
  cacheDir: string;
  /** Documents in reading order. */
  names: string[];
  /** Identifies this set of summaries: a worker that already loaded it reuses it. */
  summariesKey: string;
  authorityDir: string;
  edition: EditionInfo;
  distDir: string;
}

export interface SiteDone {
  ok: boolean;
  written: string[];
  diagnostics: Diagnostic[];
}

export type Task =
  | SiteTask
  | { kind: 'prepare'; items: PrepareItem[] }
  | { kind: 'tei'; items: TeiItem[]; ctx: TeiContext }
  | { kind: 'render'; items: RenderItem[]; ctx: RenderContext };

type InlineFeatureFn = (doc: DocumentModel) => InlineFeature[];

/** Decode and ingest one source and find what needs no collection context (dates, inline features); failures become diagnostics. */
export function prepareSource(source: Source): Prepared {
  const diagnostics: Diagnostic[] = [];
  let model: DocumentModel;
  try {
    const r = ingest(source);
    diagnostics.push(...r.diagnostics);
    model = r.value;
  } catch (err) {
    diagnostics.push(internalDiagnostic(source.path, 'ingest', err));
    return { name: source.name, ok: false, diagnostics };
  }
  const inlines: Inline[] = [];
  try {
    inlines.push(...findDates(model, model.meta.date ? { docDate: model.meta.date } : {}));
  } catch (err) {
    diagnostics.push(internalDiagnostic(source.path, 'date recognition', err));
  }
  const features = (ingestStage as unknown as Record<string, unknown>).inlineFeatures;
  if (typeof features === 'function') {
    try {
      inlines.push(...(features as InlineFeatureFn)(model));
    } catch (err) {
      diagnostics.push(internalDiagnostic(source.path, 'inline features', err));
    }
  }
  return { name: source.name, ok: true, model, inlines, diagnostics };
}

async function runPrepare(host: BuildHost, items: PrepareItem[]): Promise<Prepared[]> {
  const out: Prepared[] = [];
  for (const it of items) {
    const bytes = await host.readBytes(it.path);
    if (!bytes) {
      out.push({ name: it.name, ok: false, diagnostics: [{ file: it.displayPath, line: 1, column: 1, severity: 'error', message: 'cannot read the file', rule: 'io-read' }] });
      continue;
    }
    const sourceHash = contentHash(bytes, JSON.stringify(it.metadata ?? null), it.encoding ?? '');
    const sourceStat = await host.stat(it.path);
    let decoded;
    try {
      decoded = decode(bytes, it.displayPath, it.encoding ? { encoding: it.encoding } : {});
    } catch (err) {
      out.push({ name: it.name, ok: false, sourceHash, diagnostics: [internalDiagnostic(it.displayPath, 'decoding', err)] });
      continue;
    }
    if (!decoded.value) {
      const diags = decoded.diagnostics.length > 0 ? decoded.diagnostics : [{ file: it.displayPath, line: 1, column: 1, severity: 'error' as const, message: 'cannot be read as text', rule: 'ingest-encoding' }];
      out.push({ name: it.name, ok: false, sourceHash, diagnostics: diags });
      continue;
    }
    const source: Source = { name: it.name, path: it.displayPath, text: decoded.value.text, encoding: decoded.value.encoding };
    if (it.metadata) source.metadata = it.metadata;
    const p = prepareSource(source);
    p.diagnostics.unshift(...decoded.diagnostics);
    p.sourceHash = sourceHash;
    if (sourceStat) p.sourceStat = sourceStat;
    out.push(p);
  }
  return out;
}

/** Serialise one document to stamped TEI (the stamp tells later runs it is untouched output), weaving entities, dates and features in source order. */
export function writeTeiString(model: DocumentModel, inlines: Inline[], options: TeiWriteOptions): Result<string> {
  const sorted = [...inlines].sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const r = toTeiResult(model, sorted, options);
  return { value: stampTei(r.value, options.generator), diagnostics: r.diagnostics };
}

async function runTeiTask(host: BuildHost, items: TeiItem[], ctx: TeiContext): Promise<TeiDone[]> {
  const results: TeiDone[] = [];
  const toValidate: { idx: number; file: string; xml: string; source?: string }[] = [];
  const xmls: (string | undefined)[] = [];
  for (const it of items) {
    const res: TeiDone = { name: it.name, ok: true, validated: false, valid: true, diagnostics: [] };
    results.push(res);
    let xml: string | undefined;
    if (it.write) {
      try {
        const r = writeTeiString(it.write.model, it.write.inlines, it.write.options);
        xml = r.value;
        res.diagnostics.push(...r.diagnostics);
      } catch (err) {
        res.ok = false;
        res.diagnostics.push(internalDiagnostic(it.write.model.source.path, 'TEI writing', err));
        xmls.push(undefined);
        continue;
      }
      try {
        await host.writeFile(it.teiPath, xml);
      } catch (err) {
        res.ok = false;
        res.diagnostics.push({ file: it.displayPath, line: 1, column: 1, severity: 'error', message: `cannot write: ${err instanceof Error ? err.message : String(err)}`, rule: 'io-write' });
        xmls.push(undefined);
        continue;
      }
    } else {
      xml = await host.readText(it.teiPath);
      if (xml === undefined) {
        res.ok = false;
        res.diagnostics.push({ file: it.displayPath, line: 1, column: 1, severity: 'error', message: 'cannot read the TEI file', rule: 'io-read' });
        xmls.push(undefined);
        continue;
      }
    }
    res.teiHash = contentHash(xml);
    const st = await host.stat(it.teiPath);
    if (st) res.teiStat = st;
    xmls.push(xml);
    if (ctx.validate && !it.skipValidation) {
      let source = it.write?.model.source.text;
      if (source === undefined && it.source) {
        const bytes = await host.readBytes(it.source.path);
        source = bytes ? (decode(bytes, it.source.path, it.source.encoding ? { encoding: it.source.encoding } : {}).value?.text ?? undefined) : undefined;
      }
      toValidate.push({ idx: results.length - 1, file: it.displayPath, xml, ...(source !== undefined ? { source } : {}) });
    }
  }

  if (toValidate.length > 0) {
    let perDoc: Diagnostic[][];
    try {
      const validator = await validatorFor(host, ctx.authorityDir);
      const diags = await validator.validate(toValidate.map(({ file, xml, source }) => (source !== undefined ? { file, xml, source } : { file, xml })));
      const byFile = new Map<string, Diagnostic[]>();
      for (const d of diags) {
        const l = byFile.get(d.file);
        if (l) l.push(d);
        else byFile.set(d.file, [d]);
      }
      perDoc = toValidate.map(({ file }) => byFile.get(file) ?? []);
    } catch (err) {
      perDoc = toValidate.map(({ file }) => [internalDiagnostic(file, 'validation', err)]);
    }
    toValidate.forEach(({ idx }, k) => {
      const r = results[idx]!;
      const d = perDoc[k]!;
      r.diagnostics.push(...d);
      r.validated = true;
      r.valid = !d.some((x) => x.severity === 'error');
    });
  }

  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    const res = results[i]!;
    const xml = xmls[i];
    if (xml === undefined || !ctx.summarise) continue;
    try {
      const s = summarise(xml, it.displayPath);
      res.summary = { ...s.value, name: it.name };
      res.diagnostics.push(...s.diagnostics);
    } catch (err) {
      res.diagnostics.push(internalDiagnostic(it.displayPath, 'summary', err));
    }
  }
  return results;
}

const validators = new Map<string, Promise<Validator>>();

/** One validator per worker and authority version: the reference index is built once, not per batch. */
async function validatorFor(host: BuildHost, authorityDir: string): Promise<Validator> {
  const files: { file: string; xml: string }[] = [];
  for (const f of ['persons.xml', 'places.xml', 'orgs.xml']) {
    const x = await host.readText(`${authorityDir}/${f}`);
    if (x !== undefined) files.push({ file: `${authorityDir}/${f}`, xml: x });
  }
  const key = contentHash(...files.map((f) => f.xml));
  let v = validators.get(key);
  if (!v) {
    v = Promise.resolve(createValidator(files.length > 0 ? { authority: authorityIndex(files) } : {}));
    validators.clear();
    validators.set(key, v);
  }
  return v;
}

const renderers = new Map<string, Promise<Renderer>>();

/** One renderer per worker and authority version: stylesheets load once, never per document. */
async function rendererFor(host: BuildHost, ctx: RenderContext): Promise<Renderer> {
  const key = `${ctx.authorityKey}|${ctx.editionTitle}`;
  let r = renderers.get(key);
  if (!r) {
    r = (async () => {
      const files: { file: string; xml: string }[] = [];
      for (const f of ['persons.xml', 'places.xml', 'orgs.xml']) {
        const x = await host.readText(`${ctx.authorityDir}/${f}`);
        if (x !== undefined) files.push({ file: f, xml: x });
      }
      return createRenderer({ authority: readAuthorityFiles(files).value, editionTitle: ctx.editionTitle });
    })();
    renderers.clear();
    renderers.set(key, r);
  }
  return r;
}

async function runRenderTask(host: BuildHost, items: RenderItem[], ctx: RenderContext): Promise<RenderDone[]> {
  const out: RenderDone[] = [];
  let renderer: Renderer | undefined;
  if (ctx.formats.includes('html') || ctx.formats.includes('text')) {
    try {
      renderer = await rendererFor(host, ctx);
    } catch (err) {
      return items.map((it) => ({ name: it.name, ok: false, diagnostics: [internalDiagnostic(it.displayPath, 'renderer start', err)] }));
    }
  }
  for (const it of items) {
    const res: RenderDone = { name: it.name, ok: true, diagnostics: [] };
    out.push(res);
    const xml = await host.readText(it.teiPath);
    if (xml === undefined) {
      res.ok = false;
      res.diagnostics.push({ file: it.displayPath, line: 1, column: 1, severity: 'error', message: 'cannot read the TEI file', rule: 'io-read' });
      continue;
    }
    try {
      const base = `${ctx.distDir}/${it.name}`;
      if (ctx.formats.includes('xml')) await host.writeFile(`${base}.xml`, xml);
      if (renderer) {
        const params: DocumentParams = { name: it.name };
        if (it.prev) params.prev = it.prev;
        if (it.next) params.next = it.next;
        const r = renderer.renderDocument(xml, params);
        res.diagnostics.push(...r.diagnostics.map((d) => ({ ...d, file: it.displayPath })));
        if (r.diagnostics.some((d) => d.severity === 'error')) res.ok = false;
        if (ctx.formats.includes('html') && r.html) await host.writeFile(`${base}.html`, r.html);
        if (ctx.formats.includes('text') && (r.text || !r.diagnostics.length)) await host.writeFile(`${base}.txt`, r.text);
      }
    } catch (err) {
      res.ok = false;
      res.diagnostics.push(internalDiagnostic(it.displayPath, 'rendering', err));
    }
  }
  return out;
}

/** Summaries loaded by this worker for the site parts of the current build (reused across its site tasks). */
let siteSummaries: { key: string; summaries: Promise<DocSummary[]> } | undefined;

async function runSite(host: BuildHost, task: SiteTask): Promise<SiteDone> {
  const done: SiteDone = { ok: true, written: [], diagnostics: [] };
  try {
    if (siteSummaries?.key !== task.summariesKey) {
      siteSummaries = { key: task.summariesKey, summaries: new SummaryStore(host, task.cacheDir).all(task.names) };
    }
    const summaries = await siteSummaries.summaries;
    const files: { file: string; xml: string }[] = [];
    for (const f of ['persons.xml', 'places.xml', 'orgs.xml']) {
      const x = await host.readText(`${task.authorityDir}/${f}`);
      if (x !== undefined) files.push({ file: f, xml: x });
    }
    const authority = readAuthorityFiles(files).value;
    const res = await loadResources();
    const out: { path: string; content: string }[] = [];
    for (const part of task.parts) {
      switch (part) {
        case 'search-index':
          out.push({ path: 'search-index.js', content: searchIndexScript(summaries) });
          break;
        case 'edition-text':
          out.push({ path: 'edition.txt', content: editionText(summaries, task.edition) });
          break;
        case 'assets':
          for (const path of Object.keys(res.assets).sort()) out.push({ path, content: res.assets[path]! });
          break;
        default:
          out.push({ path: `${part}.html`, content: transform(res.site, collectionXml(part, summaries, authority, task.edition), { 'edition-title': task.edition.title }) });
      }
    }
    for (const f of out) {
      const path = `${task.distDir}/${f.path}`;
      if ((await host.readText(path)) !== f.content) {
        await host.writeFile(path, f.content);
        done.written.push(f.path);
      }
    }
  } catch (err) {
    done.ok = false;
    done.diagnostics.push(internalDiagnostic(task.distDir, `site rendering (${task.parts.join(', ')})`, err));
  }
  return done;
}

/** Run one task with the given host: the single entry point of worker threads and of in-process runs. */
export async function runTask(host: BuildHost, task: Task): Promise<Prepared[] | TeiDone[] | RenderDone[] | SiteDone> {
  switch (task.kind) {
    case 'site':
      return runSite(host, task);
    case 'prepare':
      return runPrepare(host, task.items);
    case 'tei':
      return runTeiTask(host, task.items, task.ctx);
    case 'render':
      return runRenderTask(host, task.items, task.ctx);
  }
}

/**
 * The `tei` task (worker threads): write TEI from a model (or read an existing file), validate a
 * batch in one validator call, and summarise each document for the site.
 */
import { decode } from '../ingest/index.js';
import type { Diagnostic, DocSummary, DocumentModel, Inline, Result } from '../model/index.js';
import { stampTei, toTeiResult } from '../tei/index.js';
import type { TeiWriteOptions } from '../tei/index.js';
import { authorityIndex, authorityIndexFromJson, authorityIndexToJson, createValidator } from '../validate/index.js';
import type { Validator } from '../validate/index.js';
import type { BuildHost, FileStat } from './host.js';
import { contentHash } from './hash.js';
import { internalDiagnostic } from './diagnostics.js';
import { summariseWithDiplomatic } from './stages.js';

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
  /**
   * The build's key of the authority (changes with its entries): with the files' stats, tells a
   * worker its validator still holds without reading the files again. Optional.
   */
  authorityKey?: string;
  /** The build's cache folder: the authority's id index is kept there (`authority-ids.json`). Optional. */
  cacheDir?: string;
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


/** Serialise one document to stamped TEI (the stamp tells later runs it is untouched output), weaving entities, dates and features in source order. */
export function writeTeiString(model: DocumentModel, inlines: Inline[], options: TeiWriteOptions): Result<string> {
  const sorted = [...inlines].sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const r = toTeiResult(model, sorted, options);
  return { value: stampTei(r.value, options.generator), diagnostics: r.diagnostics };
}

/**
 * Write or read, validate and summarise a batch of TEI documents; one bad document never stops the
 * batch. The files are written while the batch is summarised and validated (the writes wait on
 * the file system, the checks on the processor); a document whose write fails is reported as
 * before: its TEI writing's diagnostics and the write error, nothing validated or summarised.
 */
export async function runTeiTask(host: BuildHost, items: TeiItem[], ctx: TeiContext): Promise<TeiDone[]> {
  const results: TeiDone[] = [];
  const toValidate: { idx: number; file: string; xml: string; source?: string }[] = [];
  const xmls: (string | undefined)[] = [];
  // Writes under way: the item's index, the number of its diagnostics before the write, the write.
  const writes: { idx: number; before: number; done: Promise<unknown> }[] = [];
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
      writes.push({ idx: results.length - 1, before: res.diagnostics.length, done: host.writeFile(it.teiPath, xml).then(() => undefined, (err: unknown) => err ?? new Error('write failed')) });
    } else {
      xml = await host.readText(it.teiPath);
      if (xml === undefined) {
        res.ok = false;
        res.diagnostics.push({ file: it.displayPath, line: 1, column: 1, severity: 'error', message: 'cannot read the TEI file', rule: 'io-read' });
        xmls.push(undefined);
        continue;
      }
      res.teiHash = contentHash(xml);
      const st = await host.stat(it.teiPath);
      if (st) res.teiStat = st;
    }
    res.teiHash ??= contentHash(xml);
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

  // Summaries first (their diagnostics are still reported after validation's): the summary scan
  // also yields the diplomatic text the lossless check compares with the source.
  const summaries: ({ summary: Result<DocSummary>; diplomatic: string } | { error: unknown } | undefined)[] = items.map((it, i) => {
    const xml = xmls[i];
    if (xml === undefined || !ctx.summarise) return undefined;
    try {
      return summariseWithDiplomatic(xml, it.displayPath);
    } catch (err) {
      return { error: err };
    }
  });

  let perDoc: Diagnostic[][] = [];
  if (toValidate.length > 0) {
    try {
      const validator = await validatorFor(host, ctx);
      const diags = await validator.validate(
        toValidate.map(({ idx, file, xml, source }) => {
          const s = summaries[idx];
          const diplomatic = s && 'diplomatic' in s ? s.diplomatic : undefined;
          return { file, xml, ...(source !== undefined ? { source } : {}), ...(source !== undefined && diplomatic !== undefined ? { diplomatic } : {}) };
        }),
      );
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
  }

  // The writes: a failed one leaves its document as if it had never been checked.
  const failed = new Set<number>();
  for (const w of writes) {
    const err = await w.done;
    const res = results[w.idx]!;
    const it = items[w.idx]!;
    if (err !== undefined) {
      failed.add(w.idx);
      res.ok = false;
      delete res.teiHash;
      res.diagnostics.length = w.before;
      res.diagnostics.push({ file: it.displayPath, line: 1, column: 1, severity: 'error', message: `cannot write: ${err instanceof Error ? err.message : String(err)}`, rule: 'io-write' });
      continue;
    }
    const st = await host.stat(it.teiPath);
    if (st) res.teiStat = st;
  }

  toValidate.forEach(({ idx }, k) => {
    if (failed.has(idx)) return;
    const r = results[idx]!;
    const d = perDoc[k]!;
    r.diagnostics.push(...d);
    r.validated = true;
    r.valid = !d.some((x) => x.severity === 'error');
  });

  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    const res = results[i]!;
    const s = summaries[i];
    if (s === undefined || failed.has(i)) continue;
    if ('error' in s) {
      res.diagnostics.push(internalDiagnostic(it.displayPath, 'summary', s.error));
      continue;
    }
    res.summary = { ...s.summary.value, name: it.name };
    res.diagnostics.push(...s.summary.diagnostics);
  }
  return results;
}

const AUTHORITY_FILES = ['persons.xml', 'places.xml', 'orgs.xml'];
/** Part of the cached index's key: change it when `authorityIndex` would index the same texts differently. */
const INDEX_FORMAT = 'authority-ids 1';
/** The worker's validator, the authority texts' hash it was made for, and the files' stats then. */
let current: { statKey: string; key: string; validator: Promise<Validator> } | undefined;

/**
 * One validator per worker and authority version: the reference index is built once, not per
 * batch. Unchanged stats (and build key) of the authority files mean the same validator without
 * reading them again; otherwise their texts are hashed, and the index is read from the build's
 * cache when that holds one for the same texts (parsing a corpus's authority costs 40–150 ms).
 */
async function validatorFor(host: BuildHost, ctx: TeiContext): Promise<Validator> {
  const paths = AUTHORITY_FILES.map((f) => `${ctx.authorityDir}/${f}`);
  const stats = await Promise.all(paths.map((p) => host.stat(p)));
  const statKey = `${ctx.authorityKey ?? ''}|${stats.map((st) => (st ? `${st.size}:${st.mtimeMs}` : '-')).join('|')}`;
  if (current && current.statKey === statKey) return current.validator;
  const files: { file: string; xml: string }[] = [];
  for (const path of paths) {
    const x = await host.readText(path);
    if (x !== undefined) files.push({ file: path, xml: x });
  }
  // The index names the files by base name: the key is the names and texts (also the cache's key).
  const key = contentHash(INDEX_FORMAT, ...files.map((f) => `${f.file.slice(f.file.lastIndexOf('/') + 1)}\u0000${f.xml}`));
  if (current && current.key === key) {
    current.statKey = statKey;
    return current.validator;
  }
  const validator = (async (): Promise<Validator> => {
    if (files.length === 0) return createValidator({});
    const cacheFile = ctx.cacheDir ? `${ctx.cacheDir}/authority-ids.json` : undefined;
    const cached = cacheFile ? await host.readText(cacheFile) : undefined;
    const nl = cached?.indexOf('\n') ?? -1;
    let index = cached && nl > 0 && cached.slice(0, nl) === key ? authorityIndexFromJson(cached.slice(nl + 1)) : undefined;
    if (!index) {
      index = authorityIndex(files);
      if (cacheFile) await host.writeFile(cacheFile, `${key}\n${authorityIndexToJson(index)}`).catch(() => undefined);
    }
    return createValidator({ authority: index });
  })();
  current = { statKey, key, validator };
  return validator;
}

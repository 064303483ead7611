/**
 * `node lib/scripts/profile-tei.js [--corpus DIR] [--volumes v09,v10] [--batch 96] [--authority DIR] [--repeat N]`:
 * CPU per document of the tei task's parts, in-process: the sources are ingested, their entities
 * and dates found once (not timed), then toTei (+ stamp), the summary (whose scan also yields the
 * diplomatic text) and validation in batches (project schema, editorial rules, lossless check
 * against the source, @ref against the authority files) are timed separately with
 * process.cpuUsage (all threads: xmllint runs in workers).
 * Run it under `node --cpu-prof` to see where the time goes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMetadataCsv } from '../src/build/csv.js';
import { summariseWithDiplomatic } from '../src/build/stages.js';
import { runTeiTask, writeTeiString } from '../src/build/task-tei.js';
import type { TeiItem } from '../src/build/task-tei.js';
import type { BuildHost } from '../src/build/host.js';
import { findDates } from '../src/dates/index.js';
import { recogniseCollection } from '../src/entities/index.js';
import { decode, ingest, inlineFeatures } from '../src/ingest/index.js';
import type { DocumentModel, Inline } from '../src/model/index.js';
import { authorityIndex, createValidator } from '../src/validate/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const corpus = resolve(opt('--corpus') ?? join(root, '..', 'shared', 'corpus', 'dfat'));
const volumes = (opt('--volumes') ?? 'v09,v10').split(',').map((v) => v.trim()).filter(Boolean);
const batch = Number(opt('--batch') ?? '96');
const repeat = Number(opt('--repeat') ?? '1');
const authorityDir = opt('--authority');

/** CPU milliseconds (user + system, every thread of the process) spent in `f`. */
async function cpu<T>(f: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const t = process.cpuUsage();
  const value = await f();
  const d = process.cpuUsage(t);
  return { ms: (d.user + d.system) / 1000, value };
}

const docs: { model: DocumentModel; inlines: Inline[] }[] = [];
for (const v of volumes) {
  const dir = join(corpus, v);
  const csv = join(dir, 'metadata.csv');
  const meta = existsSync(csv) ? readMetadataCsv(readFileSync(csv, 'utf8'), csv).rows : new Map<string, Record<string, string>>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.txt')).sort()) {
    const path = join(dir, f);
    const d = decode(readFileSync(path), path).value;
    if (!d) continue;
    const metadata = meta.get(f) ?? meta.get(f.replace(/\.txt$/, ''));
    docs.push({ model: ingest({ name: f.replace(/\.txt$/, ''), path, text: d.text, encoding: d.encoding, ...(metadata ? { metadata } : {}) }).value, inlines: [] });
  }
}
const rec = recogniseCollection(docs.map((d) => d.model), { entries: [] });
for (const d of docs) {
  const name = d.model.source.name;
  d.inlines.push(...((rec.value.mentions.get(name) ?? []) as Inline[]));
  d.inlines.push(...findDates(d.model, d.model.meta.date ? { docDate: d.model.meta.date } : {}));
  d.inlines.push(...inlineFeatures(d.model));
}
const teiOptions = {
  schemaHref: '../schemas/tei-edition.rng',
  authorityHref: { person: 'authority/persons.xml', place: 'authority/places.xml', org: 'authority/orgs.xml' },
  generator: 'tei-edition (profile)',
};
const authorityFiles = authorityDir
  ? ['persons.xml', 'places.xml', 'orgs.xml'].map((f) => join(authorityDir, f)).filter((f) => existsSync(f)).map((file) => ({ file, xml: readFileSync(file, 'utf8') }))
  : [];
const n = docs.length;
const row = (what: string, ms: number, per = n): void => console.log(`${what.padEnd(34)} ${(ms / per).toFixed(3).padStart(8)} ms/doc  (${ms.toFixed(0)} ms)`);
console.log(`${n} documents of ${volumes.join(',')}, validation batches of ${batch}, ${authorityFiles.length} authority files`);

for (let r = 0; r < repeat; r++) {
  const w = await cpu(() => docs.map((d) => writeTeiString(d.model, d.inlines, teiOptions).value));
  const xmls = w.value;
  row('toTei + stamp', w.ms);
  // As the tei task does: one summary scan, which also yields the diplomatic text for the lossless check.
  const sm = await cpu(() => xmls.map((x, k) => summariseWithDiplomatic(x, `d${k}.xml`)));
  row('summary (+ diplomatic text)', sm.ms);
  const ai = await cpu(() => authorityIndex(authorityFiles));
  row('authorityIndex (once per worker)', ai.ms, 1);
  const auth = authorityFiles.length ? { authority: ai.value } : {};
  const validator = createValidator(auth);
  // The first call starts the xmllint worker and compiles the wasm: once per worker, not per document.
  await validator.validate([{ file: 'warm.xml', xml: xmls[0]! }]);
  const item = (k: number) => ({ file: `d${k}.xml`, xml: xmls[k]!, source: docs[k]!.model.source.text, diplomatic: sm.value[k]!.diplomatic });
  const inBatches = (v: ReturnType<typeof createValidator>) => cpu(async () => {
    let e = 0;
    for (let s = 0; s < n; s += batch) {
      const ds = await v.validate(Array.from({ length: Math.min(batch, n - s) }, (_, j) => item(s + j)));
      e += ds.filter((d) => d.severity === 'error').length;
    }
    return e;
  });
  const v = await inBatches(validator);
  row('validate (schema, rules, lossless)', v.ms);
  const ro = await inBatches(createValidator({ schemaCheck: false, ...auth }));
  row('  of which parse + rules + lossless', ro.ms);
  row('tei task in all', w.ms + sm.ms + v.ms);
  console.log(`(${v.value} validation errors)`);

  // The whole task as a worker runs it (runTeiTask on batches, files kept in memory), with the
  // structured clones of its input and output that the worker messages cost.
  const files = new Map<string, string | Uint8Array>();
  for (const f of authorityFiles) files.set(f.file, f.xml);
  const memHost: BuildHost = {
    readBytes: async (p) => { const x = files.get(p); return typeof x === 'string' ? new TextEncoder().encode(x) : x; },
    readText: async (p) => { const x = files.get(p); return typeof x === 'string' ? x : x === undefined ? undefined : new TextDecoder().decode(x); },
    stat: async (p) => (files.has(p) ? { size: 1, mtimeMs: 1 } : undefined),
    writeFile: async (p, d) => { files.set(p, d); },
    remove: async (p) => { files.delete(p); },
    list: async () => [],
  };
  const ctx = { validate: true, summarise: true, authorityDir: authorityDir ?? '/none' };
  const items: TeiItem[] = docs.map((d, k) => ({ name: `d${k}`, teiPath: `/mem/d${k}.xml`, displayPath: `d${k}.xml`, write: { model: d.model, inlines: d.inlines, options: teiOptions } }));
  await runTeiTask(memHost, items.slice(0, 1), ctx);
  let cloneIn = 0;
  let cloneOut = 0;
  let errors = 0;
  const task = await cpu(async () => {
    for (let s = 0; s < n; s += batch) {
      const t0 = process.cpuUsage();
      const mine = structuredClone(items.slice(s, s + batch));
      const t1 = process.cpuUsage(t0);
      const done = await runTeiTask(memHost, mine, ctx);
      const t2 = process.cpuUsage();
      structuredClone(done);
      const t3 = process.cpuUsage(t2);
      cloneIn += (t1.user + t1.system) / 1000;
      cloneOut += (t3.user + t3.system) / 1000;
      errors += done.filter((r) => !r.valid).length;
    }
  });
  row('runTeiTask, batches (memory host)', task.ms);
  row('  of which item clones in', cloneIn);
  row('  of which result clones out', cloneOut);
  console.log(`(${errors} invalid)`);
}

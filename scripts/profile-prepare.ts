/**
 * `node lib/scripts/profile-prepare.js [DIR…] [--all] [--rounds N] [--digest FILE] [--compare FILE]`:
 * the CPU cost of the build's prepare task (src/build/task-prepare.ts) in one process, per sub-stage.
 * Reads every `*.txt` of the given folders (default ../shared/corpus/dfat/v09 and v10; `--all`: every
 * volume of ../shared/corpus/dfat) with their metadata.csv rows, runs each sub-stage once to warm up
 * and then `--rounds` times (default 3), and prints CPU ms per document (process.cpuUsage, so other
 * processes' load does not count) for hash, decode, structure, header facts, dates and inline
 * features, the whole of `runPrepare` as the worker runs it, and what the result costs to cross a
 * thread (structuredClone time, JSON length per document). `--digest FILE` writes one digest of each
 * document's prepared result (model + inlines + diagnostics) per line; `--compare FILE` checks the
 * results against such a file, so that a speed change can be shown to change nothing. `--pool N`
 * also runs the prepare tasks as the build does (batches of 48 on N worker threads, files read from
 * disk, results cloned back) and prints the whole process's CPU (all threads) per document.
 * `--entities` then runs the build's entity stage (src/build/entity-stage.ts) over the prepared
 * documents with an in-process runner of concurrency 2 (the batches of two workers) that times every
 * task: CPU ms per document of each worker pass, what stays on the main thread (collection steps,
 * linking, clipping), and the structured clone of what crosses the worker boundary; `--entities-digest
 * FILE` / `--entities-compare FILE` do for the stage's mentions and authority what `--digest` does
 * for the prepared results (`--authority DIR`: with the authority files of DIR). `--entities-pool N` runs the stage on N real worker threads instead and
 * prints the whole process's CPU (the main thread's share: run under `node --cpu-prof`).
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode, inlineFeatures } from '../src/ingest/index.js';
import { recogniseStructure } from '../src/ingest/structure.js';
import { headerFacts } from '../src/ingest/meta.js';
import { findDates } from '../src/dates/index.js';
import type { DocumentModel, Source } from '../src/model/index.js';
import { contentHash } from '../src/build/hash.js';
import { readMetadataCsv } from '../src/build/csv.js';
import { runPrepare, type PrepareItem, type Prepared } from '../src/build/task-prepare.js';
import type { BuildHost } from '../src/build/host.js';
import { workerRunner } from '../src/cli/pool.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const valued = new Set(['--authority', '--rounds', '--digest', '--compare', '--pool', '--entities-digest', '--entities-compare', '--entities-pool']);
const here = dirname(fileURLToPath(import.meta.url));
const dfat = resolve(here, '../../../shared/corpus/dfat');
let dirs = args.filter((a, i) => !a.startsWith('--') && !valued.has(args[i - 1] ?? '')).map((d) => resolve(d));
if (args.includes('--all')) dirs = readdirSync(dfat).filter((d) => /^v\d+$/.test(d)).sort().map((d) => join(dfat, d));
if (dirs.length === 0) dirs = [join(dfat, 'v09'), join(dfat, 'v10')];
const rounds = Number(opt('--rounds') ?? 3);

interface Input {
  item: PrepareItem;
  bytes: Uint8Array;
}
const inputs: Input[] = [];
for (const dir of dirs) {
  const csv = join(dir, 'metadata.csv');
  const rows = existsSync(csv) ? readMetadataCsv(readFileSync(csv, 'utf8'), csv).rows : new Map<string, Record<string, string>>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.txt')).sort()) {
    const path = join(dir, f);
    const item: PrepareItem = { name: f.slice(0, -4), path, displayPath: path };
    const row = rows.get(f);
    if (row) item.metadata = row;
    inputs.push({ item, bytes: new Uint8Array(readFileSync(path)) });
  }
}
const n = inputs.length;
const kb = inputs.reduce((s, x) => s + x.bytes.length, 0) / 1024;

/** CPU ms of `fn` over `rounds` rounds (after one warm-up round), per document. */
function cpuPerDoc(fn: () => void): number {
  fn();
  const t = process.cpuUsage();
  for (let r = 0; r < rounds; r++) fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000 / rounds / n;
}

const sources: Source[] = inputs.map(({ item, bytes }) => {
  const d = decode(bytes, item.displayPath, {}).value!;
  const s: Source = { name: item.name, path: item.displayPath, text: d.text, encoding: d.encoding };
  if (item.metadata) s.metadata = item.metadata;
  return s;
});
const structures = sources.map((s) => recogniseStructure(s.text));
const models: DocumentModel[] = sources.map((s, i) => {
  const st = structures[i]!;
  return { source: s, front: st.front, body: st.body, back: st.back, meta: headerFacts(s, st) };
});

const rows: [string, number][] = [];
rows.push(['hash', cpuPerDoc(() => { for (const { item, bytes } of inputs) contentHash(bytes, JSON.stringify(item.metadata ?? null), ''); })]);
rows.push(['decode', cpuPerDoc(() => { for (const { item, bytes } of inputs) decode(bytes, item.displayPath, {}); })]);
rows.push(['structure', cpuPerDoc(() => { for (const s of sources) recogniseStructure(s.text); })]);
rows.push(['header facts', cpuPerDoc(() => { sources.forEach((s, i) => headerFacts(s, structures[i]!)); })]);
rows.push(['dates', cpuPerDoc(() => { for (const m of models) findDates(m, m.meta.date ? { docDate: m.meta.date } : {}); })]);
rows.push(['inline features', cpuPerDoc(() => { for (const m of models) inlineFeatures(m); })]);

const byPath = new Map(inputs.map((x) => [x.item.path, x.bytes]));
const host = {
  readBytes: async (p: string) => byPath.get(p),
  stat: async () => undefined,
} as unknown as BuildHost;
const items = inputs.map((x) => x.item);
let prepared: Prepared[] = await runPrepare(host, items);
{
  const t = process.cpuUsage();
  for (let r = 0; r < rounds; r++) prepared = await runPrepare(host, items);
  const d = process.cpuUsage(t);
  rows.push(['runPrepare (all of it)', (d.user + d.system) / 1000 / rounds / n]);
}
rows.push(['structuredClone of the result', cpuPerDoc(() => { for (const p of prepared) structuredClone(p); })]);
const json = prepared.reduce((s, p) => s + JSON.stringify(p).length, 0) / n;
const textLen = prepared.reduce((s, p) => s + (p.model?.source.text.length ?? 0), 0) / n;

process.stdout.write(`${n} documents (${(kb / n).toFixed(1)} KB mean) from ${dirs.length} folder(s), ${rounds} rounds after warm-up; CPU ms per document:\n`);
for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(32)} ${v.toFixed(3)}\n`);
process.stdout.write(`  result as JSON: ${(json / 1024).toFixed(1)} KB per document (source text ${(textLen / 1024).toFixed(1)} K chars of it)\n`);

const poolJobs = opt('--pool');
if (poolJobs) {
  const runner = workerRunner(Number(poolJobs));
  const batches: PrepareItem[][] = [];
  for (let i = 0; i < items.length; i += 48) batches.push(items.slice(i, i + 48));
  // (one batch per worker first, so that worker start-up is not counted)
  await Promise.all(batches.slice(0, Number(poolJobs)).map((b) => runner.run<Prepared[]>({ kind: 'prepare', items: b })));
  const t = process.cpuUsage();
  const w = performance.now();
  for (let r = 0; r < rounds; r++) await Promise.all(batches.map((b) => runner.run<Prepared[]>({ kind: 'prepare', items: b })));
  const d = process.cpuUsage(t);
  const wall = (performance.now() - w) / rounds;
  await runner.close();
  process.stdout.write(`  prepare tasks on ${poolJobs} worker thread(s), all threads: ${((d.user + d.system) / 1000 / rounds / n).toFixed(3)} ms CPU per document (${(wall / n).toFixed(3)} ms wall)\n`);
}

const digests = prepared.map((p) => `${p.name}\t${createHash('sha256').update(JSON.stringify({ model: p.model, inlines: p.inlines, diagnostics: p.diagnostics, ok: p.ok, hash: p.sourceHash })).digest('hex').slice(0, 24)}`);
const digestOut = opt('--digest');
if (digestOut) writeFileSync(digestOut, digests.join('\n') + '\n');
const compare = opt('--compare');
if (compare) {
  const ref = new Map(readFileSync(compare, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t') as [string, string]));
  let differ = 0;
  for (const l of digests) {
    const [name, d] = l.split('\t') as [string, string];
    if (ref.get(name) !== d) {
      differ++;
      if (differ <= 10) process.stdout.write(`differs: ${name}\n`);
    }
  }
  process.stdout.write(differ === 0 ? `all ${n} prepared results identical to ${compare}\n` : `${differ} of ${n} prepared results differ from ${compare}\n`);
  if (differ > 0) process.exitCode = 1;
}

if (args.includes('--entities') || opt('--entities-pool')) {
  const { recogniseStage } = await import('../src/build/entity-stage.js');
  const { runEntitiesTask } = await import('../src/build/task-entities.js');
  const { gazetteer } = await import('../src/entities/gazetteer.js');
  const { lexicon } = await import('../src/entities/lexicon.js');
  const ok = prepared.filter((p) => p.ok && p.model);
  // `--authority DIR`: the persons/places/orgs.xml of DIR as the authority (none by default)
  const authDir = opt('--authority');
  const { readAuthorityFiles } = await import('../src/build/stages.js');
  const authority = authDir ? readAuthorityFiles(readdirSync(authDir).filter((f) => f.endsWith('.xml')).sort().map((f) => ({ file: f, xml: readFileSync(join(authDir, f), 'utf8') }))).value : { entries: [] };
  const cpu: Record<string, number> = {};
  const add = (k: string, ms: number): void => { cpu[k] = (cpu[k] ?? 0) + ms; };
  const ms = (t: NodeJS.CpuUsage): number => { const d = process.cpuUsage(t); return (d.user + d.system) / 1000; };
  const t0 = process.cpuUsage();
  gazetteer();
  lexicon();
  add('gazetteer + lexicons (once per worker)', ms(t0));
  let out: Awaited<ReturnType<typeof recogniseStage>> | undefined;
  const poolN = opt('--entities-pool');
  if (poolN) {
    const runner = workerRunner(Number(poolN));
    const t = process.cpuUsage();
    const w = performance.now();
    out = await recogniseStage({ prepared: ok, authority, runner });
    const wall = performance.now() - w;
    const all = ms(t);
    await runner.close();
    process.stdout.write(`entity stage on ${poolN} worker thread(s), ${ok.length} documents: ${(wall / 1000).toFixed(2)} s wall, all threads ${(all / ok.length).toFixed(3)} ms CPU per document\n`);
  } else {
    const runner = {
      concurrency: 2,
      run: async <T>(task: import('../src/build/tasks.js').Task): Promise<T> => {
        if (task.kind !== 'entities') throw new Error('not an entities task');
        let t = process.cpuUsage();
        const sent = structuredClone(task);
        add('clone: tasks (main + worker)', ms(t));
        t = process.cpuUsage();
        const r = runEntitiesTask(sent);
        add(`worker: ${task.pass} pass`, ms(t));
        t = process.cpuUsage();
        const back = structuredClone(r);
        add('clone: results (worker + main)', ms(t));
        return back as T;
      },
    };
    const t = process.cpuUsage();
    out = await recogniseStage({ prepared: ok, authority, runner });
    const all = ms(t);
    const inTasks = Object.entries(cpu).filter(([k]) => k.startsWith('worker') || k.startsWith('clone')).reduce((s, [, v]) => s + v, 0);
    add('main: outside tasks (collection steps, link, clip)', all - inTasks);
    process.stdout.write(`entity stage, ${ok.length} documents, one run (JIT warm-up included), CPU ms per document (main thread: s in all):\n`);
    for (const [k, v] of Object.entries(cpu)) process.stdout.write(`  ${k.padEnd(52)} ${k.startsWith('gazetteer') ? `${v.toFixed(0)} ms` : (v / ok.length).toFixed(3)}${k.startsWith('main') ? ` (${(v / 1000).toFixed(2)} s)` : ''}\n`);
  }
  const lines = ok.map((p) => `${p.name}\t${createHash('sha256').update(JSON.stringify(out!.mentions.get(p.name) ?? [])).digest('hex').slice(0, 24)}`);
  lines.push(`authority\t${createHash('sha256').update(JSON.stringify(out.authority)).digest('hex').slice(0, 24)}`);
  const eOut = opt('--entities-digest');
  if (eOut) writeFileSync(eOut, lines.join('\n') + '\n');
  const eCmp = opt('--entities-compare');
  if (eCmp) {
    const ref = readFileSync(eCmp, 'utf8').split('\n').filter(Boolean);
    const differ = lines.filter((l, i) => ref[i] !== l);
    for (const l of differ.slice(0, 10)) process.stdout.write(`differs: ${l.split('\t')[0]}\n`);
    process.stdout.write(differ.length === 0 && ref.length === lines.length ? `entities: all ${lines.length - 1} documents and the authority identical to ${eCmp}\n` : `entities: ${differ.length} differ from ${eCmp}\n`);
    if (differ.length) process.exitCode = 1;
  }
}

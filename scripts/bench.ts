/**
 * `npm run bench [-- --corpus DIR] [--volumes v09,v10] [--limit N] [--jobs N] [--keep]`: build the
 * DFAT corpus (default ../shared/corpus/dfat, all volumes) as an edition, cold, then warm with one
 * changed source and with no change, in a temporary project (the corpus is never modified).
 *
 * The tool runs from a private snapshot (lib/, bin/, schemas/, package.json copied, node_modules
 * linked), so that someone recompiling lib/ during a run changes neither the code measured nor the
 * tool key (which would turn the warm runs into full rebuilds). Prints per run: wall time,
 * documents/s, CPU seconds of the build (user + system, from the kernel's accounting of waited-for
 * children), peak RSS of the process tree (sampled from /proc), the `--profile` stage table; then the
 * native floor (`xmllint --noout` over the same TEI). PDF is not included.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const corpus = resolve(opt('--corpus') ?? join(root, '..', 'shared', 'corpus', 'dfat'));
const jobs = opt('--jobs');
const volumes = opt('--volumes')?.split(',').map((v) => v.trim()).filter(Boolean);
const limit = opt('--limit') ? Number(opt('--limit')) : undefined;
const keep = args.includes('--keep');

interface Run {
  label: string;
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  /** Peak RSS (MB) while each stage was the latest announced (`ingest: N documents` lines). */
  stagePeaks: Map<string, number>;
  /** CPU seconds of the main thread alone while each stage was the latest announced (orchestration, and the collection steps run there). */
  stageMainCpu: Map<string, number>;
  code: number | null;
  profile: string;
  summary: string;
}

/** Sum of RSS over a process and its descendants, in kB (Linux /proc). */
function treeRss(pid: number): number {
  let total = 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      const kids = readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim();
      for (const k of kids ? kids.split(/\s+/) : []) total += treeRss(Number(k));
    }
  } catch {
    /* process gone */
  }
  return total;
}

/** CPU seconds (user + system) of this process's waited-for children so far (/proc/self/stat cutime + cstime). */
function childrenCpu(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of stat(5) (cutime, cstime), counted after the command name (field 2).
    return (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return NaN;
  }
}

/** CPU seconds so far of a process's main thread alone (/proc/PID/task/PID/stat utime + stime). */
function threadCpu(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

/** Copy the compiled tool into a private folder (node_modules linked) and return its bin script. */
function snapshotTool(dir: string): string {
  for (const d of ['lib', 'bin', 'schemas']) if (existsSync(join(root, d))) cpSync(join(root, d), join(dir, d), { recursive: true });
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return join(dir, 'bin', 'tei-edition.js');
}

function build(project: string, bin: string, label: string): Promise<Run> {
  return new Promise((resolveRun) => {
    const t0 = performance.now();
    const cpu0 = childrenCpu();
    const argv = [bin, 'build', '--profile', '--no-pdf', ...(jobs ? ['--jobs', jobs] : [])];
    const child = spawn(process.execPath, argv, { cwd: project, env: { ...process.env, CI: '1' } });
    let out = '';
    let err = '';
    let stage = 'start';
    const stagePeaks = new Map<string, number>();
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      for (const m of d.toString().matchAll(/^([\w+]+): \d+ documents$/gm)) stage = m[1]!;
    });
    const stageMainCpu = new Map<string, number>();
    let peak = 0;
    let lastMain = 0;
    const timer = setInterval(() => {
      const rss = treeRss(child.pid!);
      peak = Math.max(peak, rss);
      stagePeaks.set(stage, Math.max(stagePeaks.get(stage) ?? 0, rss / 1024));
      const main = threadCpu(child.pid!);
      if (main > lastMain) {
        stageMainCpu.set(stage, (stageMainCpu.get(stage) ?? 0) + (main - lastMain));
        lastMain = main;
      }
    }, 50);
    child.on('close', (code) => {
      clearInterval(timer);
      const seconds = (performance.now() - t0) / 1000;
      const summary = err.split('\n').filter((l) => /documents, .* in |time per stage/.test(l)).join('\n');
      if (code !== 0 && code !== 1) process.stderr.write(`${label}: build exited ${code}\n${err.split('\n').slice(-20).join('\n')}\n`);
      resolveRun({ label, seconds, cpuSeconds: childrenCpu() - cpu0, peakRssMb: peak / 1024, stagePeaks, stageMainCpu, code, profile: out, summary });
    });
  });
}

/** Copy the corpus (all of it, the volumes named, or the first `limit` sources in path order) and return the number of sources. */
function copyCorpus(from: string, to: string): number {
  let n = 0;
  const walk = (dir: string, rel: string, top: boolean) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const src = join(dir, e.name);
      if (e.isDirectory()) {
        if (top && volumes && !volumes.includes(e.name)) continue;
        walk(src, join(rel, e.name), false);
      } else if (e.name.endsWith('.txt') && !e.name.endsWith('.gold.txt')) {
        if (limit !== undefined && n >= limit) continue;
        mkdirSync(join(to, rel), { recursive: true });
        cpSync(src, join(to, rel, e.name));
        n++;
      } else if (e.name === 'metadata.csv' && (!top || !volumes)) {
        mkdirSync(join(to, rel), { recursive: true });
        cpSync(src, join(to, rel, e.name));
      }
    }
  };
  walk(from, '', true);
  return n;
}

/** The first source file under `dir` in path order. */
function firstSource(dir: string): string | undefined {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const f = firstSource(p);
      if (f) return f;
    } else if (e.name.endsWith('.txt') && !e.name.endsWith('.gold.txt')) return p;
  }
  return undefined;
}

async function benchMain(): Promise<void> {
  if (!existsSync(corpus)) {
    process.stderr.write(`bench: corpus ${corpus} not found\n`);
    process.exitCode = 2;
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'tei-edition-bench-'));
  const bin = snapshotTool(join(work, 'tool'));
  const project = join(work, 'project');
  const sources = join(project, 'sources');
  const docs = copyCorpus(corpus, sources);
  writeFileSync(join(project, 'tei-edition.json'), JSON.stringify({ title: 'Benchmark edition', sources: 'sources', tei: 'tei', dist: 'dist', pdf: false }));
  const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
  const what = volumes ? ` (volumes ${volumes.join(',')})` : '';
  process.stdout.write(`bench: ${docs} documents from ${corpus}${what}${limit !== undefined ? ` (first ${limit})` : ''}\nbench: project ${project}, tool snapshot ${dirname(dirname(bin))}\nbench: load average before: ${load()}\n`);

  const runs: Run[] = [];
  runs.push(await build(project, bin, 'cold (full build)'));
  process.stdout.write(`bench: load average after cold: ${load()}\n`);
  // One changed source: append a sentence to the first document.
  const first = firstSource(sources);
  if (first) appendFileSync(first, '\nThe Minister noted this in Canberra on 4 March 1938.\n');
  runs.push(await build(project, bin, 'warm, one changed source'));
  runs.push(await build(project, bin, 'warm, no change'));

  // Native floor: libxml2 parsing the same TEI.
  let floor = 'xmllint not installed (apt-get install -y libxml2-utils)';
  const teiDir = join(project, 'tei');
  if (spawnSync('xmllint', ['--version']).status === 0 && existsSync(teiDir)) {
    const files = readdirSync(teiDir).filter((f) => f.endsWith('.xml')).map((f) => join(teiDir, f));
    const t0 = performance.now();
    for (let i = 0; i < files.length; i += 2000) spawnSync('xmllint', ['--noout', ...files.slice(i, i + 2000)], { stdio: 'ignore' });
    const s = (performance.now() - t0) / 1000;
    floor = `xmllint --noout over ${files.length} TEI files: ${s.toFixed(2)} s (${(files.length / s).toFixed(0)} documents/s)`;
  }

  process.stdout.write(`\n== tei-edition bench (${docs} documents; ${jobs ?? 'default'} jobs; load average now ${load()}) ==\n`);
  for (const r of runs) {
    process.stdout.write(
      `\n-- ${r.label}: ${r.seconds.toFixed(2)} s wall, ${r.cpuSeconds.toFixed(1)} s CPU (${((r.cpuSeconds * 1000) / Math.max(docs, 1)).toFixed(2)} ms/document), ${(docs / r.seconds).toFixed(0)} documents/s, peak RSS ${r.peakRssMb.toFixed(0)} MB (tree), exit ${r.code}\n`,
    );
    if (r.summary) process.stdout.write(`${r.summary}\n`);
    if (r.stagePeaks.size > 1) process.stdout.write(`peak RSS by stage (from its start to the next): ${[...r.stagePeaks].map(([k, v]) => `${k} ${v.toFixed(0)} MB`).join(', ')}\n`);
    if (r.stageMainCpu.size > 0) process.stdout.write(`main-thread CPU by stage: ${[...r.stageMainCpu].map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}\n`);
    process.stdout.write(r.profile);
  }
  process.stdout.write(`\n-- native floor: ${floor}\n`);
  if (!keep) rmSync(work, { recursive: true, force: true });
}

void benchMain();

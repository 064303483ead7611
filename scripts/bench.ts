/**
 * `npm run bench [-- --corpus DIR] [--jobs N]`: build the whole DFAT corpus (default
 * ../shared/corpus/dfat) as an edition, cold, then warm with one changed source and with no change,
 * in a temporary project (the corpus is never modified). Prints documents/s, peak RSS of the build
 * process (worker threads included), time per stage, and the native floor (`xmllint --noout`
 * over the same TEI) for comparison. PDF is not included (built on request, not in this figure).
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const keep = args.includes('--keep');

interface Run {
  label: string;
  seconds: number;
  peakRssMb: number;
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

function build(project: string, label: string): Promise<Run> {
  return new Promise((resolveRun) => {
    const t0 = performance.now();
    const argv = [join(root, 'bin', 'tei-edition.js'), 'build', '--profile', '--no-pdf', ...(jobs ? ['--jobs', jobs] : [])];
    // CPU seconds as well as wall time: on a shared machine the wall time says little on its own.
    const timed = existsSync('/usr/bin/time');
    const child = timed
      ? spawn('/usr/bin/time', ['-f', 'BENCH-CPU %U %S %M', process.execPath, ...argv], { cwd: project, env: { ...process.env, CI: '1' } })
      : spawn(process.execPath, argv, { cwd: project, env: { ...process.env, CI: '1' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    let peak = 0;
    const timer = setInterval(() => {
      peak = Math.max(peak, treeRss(child.pid!));
    }, 50);
    child.on('close', (code) => {
      clearInterval(timer);
      const seconds = (performance.now() - t0) / 1000;
      const cpu = /BENCH-CPU ([\d.]+) ([\d.]+) (\d+)/.exec(err);
      const summary = [
        ...err.split('\n').filter((l) => /documents, .* in |time per stage/.test(l)),
        ...(cpu ? [`CPU: ${(Number(cpu[1]) + Number(cpu[2])).toFixed(1)} s (user ${cpu[1]} s, system ${cpu[2]} s); max RSS of the process ${(Number(cpu[3]) / 1024).toFixed(0)} MB`] : []),
      ].join('\n');
      if (code !== 0 && code !== 1) process.stderr.write(`${label}: build exited ${code}\n${err.split('\n').slice(-20).join('\n')}\n`);
      resolveRun({ label, seconds, peakRssMb: peak / 1024, code, profile: out, summary });
    });
  });
}

function countTxt(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += countTxt(join(dir, e.name));
    else if (e.name.endsWith('.txt') && !e.name.endsWith('.gold.txt')) n++;
  }
  return n;
}

async function benchMain(): Promise<void> {
  if (!existsSync(corpus)) {
    process.stderr.write(`bench: corpus ${corpus} not found\n`);
    process.exitCode = 2;
    return;
  }
  const project = mkdtempSync(join(tmpdir(), 'tei-edition-bench-'));
  const sources = join(project, 'sources');
  cpSync(corpus, sources, { recursive: true });
  writeFileSync(join(project, 'tei-edition.json'), JSON.stringify({ title: 'Benchmark edition', sources: 'sources', tei: 'tei', dist: 'dist', pdf: false }));
  const docs = countTxt(sources);
  const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
  process.stdout.write(`bench: ${docs} documents from ${corpus}\nbench: project ${project}\nbench: load average before: ${load()}\n`);

  const runs: Run[] = [];
  runs.push(await build(project, 'cold (full build)'));
  process.stdout.write(`bench: load average after cold: ${load()}\n`);
  // One changed source: append a sentence to the first document of the first volume.
  const firstVol = readdirSync(sources).filter((d) => !d.startsWith('.')).sort()[0]!;
  const firstDoc = readdirSync(join(sources, firstVol)).filter((f) => f.endsWith('.txt')).sort()[0]!;
  appendFileSync(join(sources, firstVol, firstDoc), '\nThe Minister noted this in Canberra on 4 March 1938.\n');
  runs.push(await build(project, 'warm, one changed source'));
  runs.push(await build(project, 'warm, no change'));

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
    process.stdout.write(`\n-- ${r.label}: ${r.seconds.toFixed(2)} s, ${(docs / r.seconds).toFixed(0)} documents/s, peak RSS ${r.peakRssMb.toFixed(0)} MB, exit ${r.code}\n`);
    if (r.summary) process.stdout.write(`${r.summary}\n`);
    process.stdout.write(r.profile);
  }
  process.stdout.write(`\n-- native floor: ${floor}\n`);
  if (!keep) rmSync(project, { recursive: true, force: true });
}

void benchMain();

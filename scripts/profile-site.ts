/**
 * `node lib/scripts/profile-site.js PROJECT [--dist DIR] [--touch N] [--warm] [--as-built] [--parts a,b]`: run
 * the site task alone on a project that was built once (its cache holds the summaries), in this
 * process, and print the CPU seconds and heap of each site part. First every part cold (no pieces
 * kept; skipped with `--warm`, which reuses the pieces of an earlier run with the same --dist),
 * then, with `--touch N`, again after N documents are marked changed (their pieces are made again
 * from their summaries, as after an edit), which is what a one-document rebuild pays. `--parts`
 * runs the listed parts as one task, as the build does (default: each part alone). Output goes to
 * a scratch folder (default: a temporary one), never to the project's dist/. `--as-built` uses the
 * build's key, so `--warm --dist COPY/dist` on a copy re-runs what the build's site task would.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadManifest } from '../src/build/cache.js';
import { SITE_PARTS, type SitePart } from '../src/build/site-parts.js';
import { runSite, type SiteTask } from '../src/build/task-site.js';
import { nodeHost } from '../src/cli/node-host.js';
import type { DocSummary } from '../src/model/index.js';
import { orderDocuments } from '../src/render/collection.js';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const project = resolve(args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? '.');
const config = JSON.parse(readFileSync(join(project, 'tei-edition.json'), 'utf8')) as { title: string; tei?: string };
const cacheDir = join(project, '.tei-edition-cache');
// the manifest as the build reads it (its last whole rewrite and the journal since)
const manifest = await loadManifest(nodeHost, cacheDir, '');
const dist = resolve(opt('--dist') ?? mkdtempSync(join(tmpdir(), 'profile-site-')));
const touch = Number(opt('--touch') ?? 0);
const warm = args.includes('--warm');
const together = opt('--parts')?.split(',') as SitePart[] | undefined;
// --as-built: the build's own key, so that --warm reuses the pieces the build kept (measure a real one-change build's site)
const asBuilt = args.includes('--as-built');
// --prefetch-at N: from how many documents to read the site reads every summary shard once (task-site.ts)
const prefetchAt = opt('--prefetch-at') === undefined ? undefined : Number(opt('--prefetch-at'));

const light: DocSummary[] = Object.entries(manifest.docs)
  .filter(([, r]) => r.teiHash && r.parts)
  .map(([name, r]) => ({ name, title: r.title ?? name, ...(r.date ? { date: r.date } : {}), idnos: [], certificates: [], mentions: [], text: '' }));
const names = orderDocuments(light).map((s) => s.name);
const records: Record<string, Record<string, string>> = {};
for (const n of names) records[n] = { ...manifest.docs[n]!.parts! };

const task = (parts: SitePart[]): SiteTask => ({
  kind: 'site',
  parts,
  cacheDir,
  names,
  records,
  toolKey: asBuilt ? manifest.toolKey : 'profile-site',
  authorityDir: join(project, config.tei ?? 'tei', 'authority'),
  edition: { title: config.title },
  distDir: dist,
  ...(prefetchAt === undefined ? {} : { prefetchAt }),
});

async function run(label: string): Promise<void> {
  console.log(`\n${label} (${names.length} documents)`);
  if (together) {
    const c0 = process.cpuUsage();
    const done = await runSite(nodeHost, task(together));
    const c = process.cpuUsage(c0);
    if (!done.ok) console.log(done.diagnostics.map((d) => d.message).join('\n'));
    console.log(`${together.join(', ')} in one task: ${((c.user + c.system) / 1e6).toFixed(3)} s CPU, ${done.written.length} files written, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
    return;
  }
  console.log('part            CPU s   heap MB  files written');
  let total = 0;
  for (const part of SITE_PARTS) {
    const c0 = process.cpuUsage();
    const done = await runSite(nodeHost, task([part]));
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / 1e6;
    total += cpu;
    if (!done.ok) console.log(done.diagnostics.map((d) => d.message).join('\n'));
    console.log(`${part.padEnd(14)} ${cpu.toFixed(3).padStart(7)} ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0).padStart(8)}  ${done.written.length}`);
  }
  console.log(`${'total'.padEnd(14)} ${total.toFixed(3).padStart(7)}   (${(total * 1000 / names.length).toFixed(2)} ms per document)`);
}

if (!warm) {
  rmSync(join(cacheDir, 'site'), { recursive: true, force: true });
  await run('cold');
}
if (touch > 0) {
  // a changed document: its part hashes differ from those its pieces were made with
  for (const n of names.slice(0, touch)) for (const p of SITE_PARTS) records[n]![p] = `${records[n]![p]}-touched-${process.pid}`;
  await run(`${touch} document(s) changed`);
}
await run('no change');
console.log(`\noutput in ${dist}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

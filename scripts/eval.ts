/**
 * `npm run eval [-- --gate] [--corpus DIR] [--show-errors]`: convert every gold document of the
 * development corpus with DEFAULT settings (fresh collection, no authority file) through the real
 * CLI, then score it with ../shared/eval/score.py and structure.py. With `--gate`, exit 1 when a
 * figure falls below the levels the issues require (the CI gate).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const gate = args.includes('--gate');
const showErrors = args.includes('--show-errors');
const corpusArg = args.indexOf('--corpus');
const corpus = resolve(corpusArg >= 0 && args[corpusArg + 1] ? args[corpusArg + 1]! : join(root, '..', 'shared', 'corpus'));
const evalDir = resolve(join(root, '..', 'shared', 'eval'));
const out = join(root, '.eval-out');

/** The levels of issues 2 and 3. */
const GATES: [string, (r: Figures) => number, number][] = [
  ['lossless (share of gold documents)', (r) => r.lossless, 1],
  ['structure facts held', (r) => r.structure, 0.9],
  ['person relaxed F1', (r) => r.person, 0.92],
  ['place relaxed F1', (r) => r.place, 0.92],
  ['organisation relaxed F1', (r) => r.org, 0.8],
  ['date relaxed F1', (r) => r.date, 0.95],
  ['date value accuracy', (r) => r.dateValue, 0.95],
  ['linking F1', (r) => r.linking, 0.9],
];

interface Figures {
  lossless: number;
  structure: number;
  person: number;
  place: number;
  org: number;
  date: number;
  dateValue: number;
  linking: number;
}

function walk(dir: string, found: string[] = []): string[] {
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, found);
    else found.push(p);
  }
  return found;
}

function python(script: string, ...rest: string[]): unknown {
  const r = spawnSync('python3', [join(evalDir, script), '--json', ...rest], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

rmSync(out, { recursive: true, force: true });
const srcDir = join(out, 'src');
const teiDir = join(out, 'tei');
const files = walk(corpus);
const golds = files.filter((f) => f.endsWith('.gold.txt'));
for (const g of golds) {
  const txt = g.replace(/\.gold\.txt$/, '.txt');
  const dest = join(srcDir, relative(corpus, txt));
  mkdirSync(dirname(dest), { recursive: true });
  copyFileSync(txt, dest);
  const csv = join(dirname(txt), 'metadata.csv');
  if (existsSync(csv)) copyFileSync(csv, join(dirname(dest), 'metadata.csv'));
}
const t0 = Date.now();
const conv = spawnSync(process.execPath, [join(root, 'bin', 'tei-edition.js'), 'convert', srcDir, '--out', teiDir], {
  encoding: 'utf8',
  maxBuffer: 1 << 28,
});
const seconds = (Date.now() - t0) / 1000;
if (conv.status !== 0) {
  process.stdout.write(`convert exited ${conv.status}:\n${conv.stderr.split('\n').slice(0, 30).join('\n')}\n`);
}

// Scored on the gold documents themselves (TEI_DIR holds only their conversions).
interface TypeFig { relaxed: { p: number; r: number; f1: number; gold: number }; strict: { f1: number } }
const score = python('score.py', corpus, teiDir) as {
  documents: number;
  lossless: number;
  missing: string[];
  errors: string[];
  types: Record<'person' | 'place' | 'org' | 'date', TypeFig>;
  dateValueAccuracy: number;
  linking: { p: number; r: number; f1: number };
};
const structure = python('structure.py', corpus, teiDir) as {
  held: number;
  total: number;
  documents: Record<string, { failed: unknown[]; error?: string }>;
};

const figures: Figures = {
  lossless: score.documents ? score.lossless / score.documents : 0,
  structure: structure.total ? structure.held / structure.total : 0,
  person: score.types.person.relaxed.f1,
  place: score.types.place.relaxed.f1,
  org: score.types.org.relaxed.f1,
  date: score.types.date.relaxed.f1,
  dateValue: score.dateValueAccuracy,
  linking: score.linking.f1,
};

const lines: string[] = [];
lines.push(`converted ${golds.length} gold documents in ${seconds.toFixed(1)} s (exit ${conv.status})`);
lines.push(`lossless ${score.lossless}/${score.documents}, missing ${score.missing.length}`);
lines.push(`structure facts held ${structure.held}/${structure.total}`);
for (const t of ['person', 'place', 'org', 'date'] as const) {
  const x = score.types[t].relaxed;
  lines.push(
    `${t.padEnd(7)} relaxed P ${x.p.toFixed(3)} R ${x.r.toFixed(3)} F1 ${x.f1.toFixed(3)}  strict F1 ${score.types[t].strict.f1.toFixed(3)}  (gold ${x.gold})`,
  );
}
lines.push(`date value accuracy ${score.dateValueAccuracy.toFixed(3)}`);
lines.push(`linking P ${score.linking.p.toFixed(3)} R ${score.linking.r.toFixed(3)} F1 ${score.linking.f1.toFixed(3)}`);
for (const e of score.errors.slice(0, 20)) lines.push(`! ${e}`);
for (const [name, r] of Object.entries(structure.documents)) {
  for (const f of r.failed) lines.push(`  structure: ${name}: not found ${JSON.stringify(f)}${r.error ? ` (${r.error})` : ''}`);
}
process.stdout.write(lines.join('\n') + '\n');
if (showErrors) {
  const r = spawnSync('python3', [join(evalDir, 'score.py'), '--show-errors', corpus, teiDir], { encoding: 'utf8' });
  process.stdout.write(r.stdout);
}

if (gate) {
  const failures = GATES.filter(([, get, min]) => !(get(figures) >= min - 1e-9));
  for (const [name, get, min] of GATES) {
    process.stdout.write(`gate ${name}: ${get(figures).toFixed(3)} (needs ≥ ${min}) ${get(figures) >= min - 1e-9 ? 'ok' : 'FAILED'}\n`);
  }
  const passed = GATES.length - failures.length;
  process.stdout.write(`eval gates: ${passed} passed, ${failures.length} failed\n`);
  process.exitCode = failures.length ? 1 : 0;
}

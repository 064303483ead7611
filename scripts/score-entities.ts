/**
 * Score the entities stage alone against the gold files, the way ../shared/eval/score.py does:
 * relaxed and strict P/R/F1 per type (greedy one-to-one matching on non-white-space offsets, `x`
 * regions ignored) and linking P/R/F1 (pairwise same-entity decisions over matched mentions,
 * corpus-wide). Runs with NO authority (default settings), as the held-out judge does.
 *
 * usage: node lib/scripts/score-entities.js [--show-errors] [--json] [--singly] [GOLD_DIR]
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentModel, Source } from '../src/model/index.js';
import { recogniseCollection } from '../src/entities/index.js';

const MENTION = /\{(?:([plod]):([^|{}]+)|(x))\|([^{}]*)\}/g;
type T = 'p' | 'l' | 'o';
const TYPE: Record<string, T> = { person: 'p', place: 'l', org: 'o' };

interface M { type: string; key: string; a: number; b: number; text: string; ref?: string }

function findGold(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) findGold(p, out);
    else if (f.endsWith('.gold.txt')) out.push(p);
  }
  return out;
}

function nonws(s: string): number[] {
  const idx: number[] = [];
  let n = 0;
  for (const ch of s) {
    idx.push(n);
    if (ch.length === 2) idx.push(n);
    if (!/\s/.test(ch)) n++;
  }
  idx.push(n);
  return idx;
}

async function model(source: Source): Promise<DocumentModel> {
  try {
    const ingest = await import('../src/ingest/index.js');
    const r = ingest.ingest(source);
    if (r.value) return r.value;
  } catch { /* ingest not ready: fall back to a one-paragraph model */ }
  const span = { start: 0, end: source.text.length };
  return { source, front: [], body: [{ kind: 'div', type: 'document', span, blocks: [{ kind: 'p', span, parts: [{ kind: 'text', span }] }] }], back: [], meta: { idnos: [], custodialEvents: [], language: 'en' } };
}

function match(gold: M[], sys: M[], strict: boolean): [M, M][] {
  const pairs: [M, M][] = [];
  const used = new Set<number>();
  for (const g of gold) {
    let best = -1;
    let bestOv = 0;
    sys.forEach((s, j) => {
      if (used.has(j) || s.type !== g.type) return;
      const ov = strict ? (s.a === g.a && s.b === g.b ? 1 : 0) : Math.min(g.b, s.b) - Math.max(g.a, s.a);
      if (ov > bestOv) { best = j; bestOv = ov; }
    });
    if (best >= 0) { used.add(best); pairs.push([g, sys[best]!]); }
  }
  return pairs;
}

async function main(argv: string[]): Promise<number> {
  const show = argv.includes('--show-errors');
  const json = argv.includes('--json');
  const dir = argv.find((a) => !a.startsWith('--')) ?? '../shared/corpus';
  const files = findGold(dir);
  const docs: DocumentModel[] = [];
  const golds = new Map<string, { src: string; gm: M[] }>();
  for (const gp of files) {
    const gold = readFileSync(gp, 'utf8');
    const srcPath = gp.replace(/\.gold\.txt$/, '.txt');
    const src = readFileSync(srcPath, 'utf8');
    const name = srcPath.split('/').pop()!.replace(/\.txt$/, '');
    const gm: M[] = [];
    let shift = 0;
    for (const m of gold.matchAll(MENTION)) {
      const t = m[1] ?? 'x';
      const start = m.index! - shift;
      gm.push({ type: t, key: m[2] ?? '', a: start, b: start + m[4]!.length, text: m[4]! });
      shift += m[0].length - m[4]!.length;
    }
    golds.set(name, { src, gm });
    docs.push(await model({ name, path: srcPath, text: src, encoding: 'utf-8' }));
  }
  // --singly: every document is a collection of its own (no cross-document consistency)
  const r = argv.includes('--singly')
    ? { value: { mentions: new Map(docs.flatMap((d) => [...recogniseCollection([d], { entries: [] }).value.mentions])) } }
    : recogniseCollection(docs, { entries: [] });
  const tot: Record<string, Record<'strict' | 'relaxed', [number, number, number]>> = {};
  for (const t of 'plo') tot[t] = { strict: [0, 0, 0], relaxed: [0, 0, 0] };
  const linkItems: [string, string, string][] = [];
  for (const [name, { src, gm }] of golds) {
    const idx = nonws(src);
    const conv = (m: M): M => ({ ...m, a: idx[m.a]!, b: idx[m.b]! });
    const xs = gm.filter((g) => g.type === 'x').map(conv);
    const gold = gm.filter((g) => g.type !== 'x' && g.type !== 'd').map(conv);
    let sys: M[] = (r.value.mentions.get(name) ?? []).map((e) => conv({ type: TYPE[e.type]!, key: '', a: e.span.start, b: e.span.end, text: src.slice(e.span.start, e.span.end), ...(e.ref ? { ref: e.ref } : {}) }));
    sys = sys.filter((s) => s.a !== s.b);
    sys = sys.filter((s) => !(xs.some((x) => Math.min(x.b, s.b) > Math.max(x.a, s.a)) && !gold.some((g) => g.type === s.type && Math.min(g.b, s.b) > Math.max(g.a, s.a))));
    for (const mode of ['strict', 'relaxed'] as const) {
      const pairs = match(gold, sys, mode === 'strict');
      for (const t of 'plo') {
        tot[t]![mode][0] += pairs.filter(([g]) => g.type === t).length;
        tot[t]![mode][1] += sys.filter((s) => s.type === t).length;
        tot[t]![mode][2] += gold.filter((g) => g.type === t).length;
      }
      if (mode === 'relaxed') {
        for (const [g, s] of pairs) linkItems.push([g.type, g.key, s.ref ?? '']);
        if (show) {
          const mg = new Set(pairs.map(([g]) => g));
          const ms = new Set(pairs.map(([, s]) => s));
          for (const g of gold) if (!mg.has(g)) console.log(`  ${name}: missed ${g.type} ${JSON.stringify(g.text)}`);
          for (const s of sys) if (!ms.has(s)) console.log(`  ${name}: spurious ${s.type} ${JSON.stringify(s.text)}`);
          for (const [g, s] of pairs) if (g.a !== s.a || g.b !== s.b) console.log(`  ${name}: span ${g.type} gold ${JSON.stringify(g.text)} got ${JSON.stringify(s.text)}`);
        }
      }
    }
  }
  let lt = 0, lp = 0, lg = 0;
  const wrongLinks = new Map<string, number>();
  for (const t of 'plo') {
    const items = linkItems.filter((i) => i[0] === t);
    for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
      const gs = items[i]![1] === items[j]![1];
      const ss = !!items[i]![2] && items[i]![2] === items[j]![2];
      if (gs && ss) lt++;
      if (ss) lp++;
      if (gs) lg++;
      if (show && gs !== ss) { const k = `${t} gold ${items[i]![1]}/${items[j]![1]} sys ${items[i]![2]}/${items[j]![2]}`; wrongLinks.set(k, (wrongLinks.get(k) ?? 0) + 1); }
    }
  }
  if (show) for (const [k, n] of [...wrongLinks.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  link ${k} x${n}`);
  const prf = (tp: number, ns: number, ng: number): [number, number, number] => {
    const p = ns ? tp / ns : 0, rr = ng ? tp / ng : 0;
    return [p, rr, p + rr ? (2 * p * rr) / (p + rr) : 0];
  };
  const result: Record<string, unknown> = { documents: golds.size, types: {} };
  const f = (x: number): string => x.toFixed(3).padStart(6);
  if (!json) console.log(`documents ${golds.size}\n${'type'.padEnd(8)} ${'strict P/R/F1'.padStart(22)} ${'relaxed P/R/F1'.padStart(22)}  gold`);
  for (const [t, label] of [['p', 'person'], ['l', 'place'], ['o', 'org']] as const) {
    const s = prf(...tot[t]!.strict), x = prf(...tot[t]!.relaxed);
    (result.types as Record<string, unknown>)[label] = { strict: s, relaxed: x, gold: tot[t]!.relaxed[2] };
    if (!json) console.log(`${label.padEnd(8)} ${f(s[0])} ${f(s[1])} ${f(s[2])}   ${f(x[0])} ${f(x[1])} ${f(x[2])}  ${String(tot[t]!.relaxed[2]).padStart(5)}`);
  }
  const l = prf(lt, lp, lg);
  result.linking = l;
  if (json) console.log(JSON.stringify(result, null, 1));
  else console.log(`linking P/R/F1 ${l[0].toFixed(3)} ${l[1].toFixed(3)} ${l[2].toFixed(3)}`);
  return 0;
}

main(process.argv.slice(2)).then((c) => { process.exitCode = c; });

/**
 * Score the dates stage alone against the gold annotations (GUIDELINES.md "Dates"), the way
 * ../shared/eval/score.py scores dates: relaxed (overlap) matching, system mentions over an `{x|…}`
 * region with no gold date ignored, value accuracy over matched pairs.
 *
 * usage: node lib/scripts/score-dates.js [--show-errors] [--trivial] [GOLD_DIR]
 *   --trivial  do not use ingest (one paragraph for the whole text; document date = first full date)
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { findDates, findDatesInText } from '../src/dates/index.js';
import type { DateMention, DateValue, DocumentModel, Source } from '../src/model/index.js';
import { readMetadataCsv } from '../src/build/csv.js';

const MENTION = /\{(?:([plod]):([^|{}]+)|(x))\|([^{}]*)\}/gu;

interface Gold {
  type: string;
  key: string;
  text: string;
  start: number;
  end: number;
}

function goldMentions(gold: string): { text: string; mentions: Gold[] } {
  const mentions: Gold[] = [];
  let shift = 0;
  for (const m of gold.matchAll(MENTION)) {
    const start = m.index! - shift;
    mentions.push({ type: m[1] ?? 'x', key: m[2] ?? '', text: m[4]!, start, end: start + m[4]!.length });
    shift += m[0].length - m[4]!.length;
  }
  return { text: gold.replace(MENTION, (_a, _b, _c, _d, s: string) => s), mentions };
}

function walk(dir: string, out: string[]): string[] {
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (f.endsWith('.gold.txt')) out.push(p);
  }
  return out;
}

function metadataRow(file: string): Record<string, string> | undefined {
  const csv = join(dirname(file), 'metadata.csv');
  if (!existsSync(csv)) return undefined;
  return readMetadataCsv(readFileSync(csv, 'utf8'), csv).rows.get(basename(file));
}

function trivialModel(source: Source): DocumentModel {
  const span = { start: 0, end: source.text.length };
  return {
    source,
    front: [],
    body: [{ kind: 'div', type: 'document', span, blocks: [{ kind: 'p', span, parts: [{ kind: 'text', span }] }] }],
    back: [],
    meta: { idnos: [], custodialEvents: [], language: 'en' },
  };
}

function valueString(v: DateValue): string {
  if (v.when) return v.when;
  if (v.notBefore && v.notAfter) return `${v.notBefore}/${v.notAfter}`;
  if (v.from && v.to) return `${v.from}/${v.to}`;
  return '';
}

// ingest is loaded lazily so that the script still scores (with a trivial model) when ingest is broken
let ingest: ((s: Source) => { value: DocumentModel }) | undefined;
try {
  ingest = (await import('../src/ingest/index.js')).ingest;
} catch {
  ingest = undefined;
}

function main(argv: string[]): number {
  const show = argv.includes('--show-errors');
  const trivial = argv.includes('--trivial');
  const dirs = argv.filter((a) => !a.startsWith('--'));
  const root = dirs[0] ?? '/work/shared/corpus';
  let tp = 0, nSys = 0, nGold = 0, ok = 0, matched = 0;
  let ingestUsed = !trivial && ingest !== undefined;
  for (const gpath of walk(root, [])) {
    const srcPath = gpath.replace(/\.gold\.txt$/u, '.txt');
    const name = basename(srcPath, '.txt');
    const text = readFileSync(srcPath, 'utf8');
    const g = goldMentions(readFileSync(gpath, 'utf8'));
    if (g.text !== text) {
      console.log(`! ${name}: gold does not match its source`);
      continue;
    }
    const metadata = metadataRow(srcPath);
    const source: Source = { name, path: srcPath, text, encoding: 'utf-8', ...(metadata ? { metadata } : {}) };
    let doc: DocumentModel;
    if (ingestUsed) {
      try {
        doc = ingest!(source).value;
      } catch {
        ingestUsed = false;
        console.log('(ingest not available: using a trivial model)');
        doc = trivialModel(source);
      }
    } else doc = trivialModel(source);
    let docDate: DateValue | undefined = metadata?.date ? { when: metadata.date } : doc.meta.date;
    if (!docDate && !ingestUsed) docDate = findDatesInText(text).find((d) => (d.value.when ?? '').length === 10 && !d.value.cert)?.value;
    const sys: DateMention[] = findDates(doc, docDate ? { docDate } : {});
    const xs = g.mentions.filter((m) => m.type === 'x');
    const gold = g.mentions.filter((m) => m.type === 'd');
    const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): number =>
      Math.min(a.end, b.end) - Math.max(a.start, b.start);
    const kept = sys.filter((s) => !(xs.some((x) => overlaps(x, s.span) > 0) && !gold.some((d) => overlaps(d, s.span) > 0)));
    const used = new Set<number>();
    const pairs: [Gold, DateMention][] = [];
    for (const gm of gold) {
      let best = -1, bestOv = 0;
      kept.forEach((s, j) => {
        if (used.has(j)) return;
        const ov = overlaps(gm, s.span);
        if (ov > bestOv) { best = j; bestOv = ov; }
      });
      if (best >= 0) { used.add(best); pairs.push([gm, kept[best]!]); }
    }
    tp += pairs.length; nSys += kept.length; nGold += gold.length;
    for (const [gm, s] of pairs) {
      matched++;
      const v = valueString(s.value);
      if (v === gm.key) ok++;
      else if (show) console.log(`  ${name}: date ${JSON.stringify(gm.text)} gold ${gm.key} got ${v} (${JSON.stringify(text.slice(s.span.start, s.span.end))})`);
    }
    if (show) {
      for (const gm of gold) if (!pairs.some(([p]) => p === gm)) console.log(`  ${name}: missed ${JSON.stringify(gm.text)} ${gm.key}`);
      kept.forEach((s, j) => {
        if (!used.has(j)) {
          const ctx = text.slice(Math.max(0, s.span.start - 30), s.span.end + 20).replace(/\s+/gu, ' ');
          console.log(`  ${name}: spurious ${JSON.stringify(text.slice(s.span.start, s.span.end))} ${valueString(s.value)}  …${ctx}…`);
        }
      });
    }
  }
  const p = nSys ? tp / nSys : 0, r = nGold ? tp / nGold : 0, f = p + r ? (2 * p * r) / (p + r) : 0;
  console.log(`dates (${ingestUsed ? 'ingest' : 'trivial model'}): relaxed P ${p.toFixed(3)} R ${r.toFixed(3)} F1 ${f.toFixed(3)}  (tp ${tp}, system ${nSys}, gold ${nGold})`);
  console.log(`date value accuracy ${(matched ? ok / matched : 0).toFixed(3)} (${ok}/${matched})`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));

import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, basename } from 'node:path';
import { ingest, inlineFeatures } from '../../src/ingest/index.js';
import type { Source } from '../../src/model/index.js';
import { coverageProblem, factHolds } from './facts.js';

const CORPUS = new URL('../../../../shared/corpus/', import.meta.url).pathname;

/** Every `.txt` source of the corpus (gold annotations left out), with its metadata.csv row when there is one. */
export function corpusSources(): Source[] {
  const out: Source[] = [];
  const walk = (dir: string): void => {
    const names = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    const meta = new Map<string, Record<string, string>>();
    if (names.some((n) => n.name === 'metadata.csv')) {
      const lines = readFileSync(join(dir, 'metadata.csv'), 'utf8').split(/\r?\n/).filter(Boolean);
      const header = lines[0]!.split(',');
      for (const line of lines.slice(1)) {
        const cells: string[] = [];
        let cur = '';
        let q = false;
        for (let i = 0; i < line.length; i++) {
          const c = line[i]!;
          if (q) {
            if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') q = false; else cur += c;
          } else if (c === '"') q = true;
          else if (c === ',') { cells.push(cur); cur = ''; } else cur += c;
        }
        cells.push(cur);
        const row: Record<string, string> = {};
        header.forEach((h, i) => (row[h] = cells[i] ?? ''));
        meta.set(row.file!, row);
      }
    }
    for (const n of names) {
      const p = join(dir, n.name);
      if (n.isDirectory()) walk(p);
      else if (n.name.endsWith('.txt') && !n.name.endsWith('.gold.txt')) {
        const s: Source = { name: basename(n.name, '.txt'), path: p, text: readFileSync(p, 'utf8').replace(/^\uFEFF/, ''), encoding: 'utf-8' };
        const row = meta.get(n.name);
        if (row) s.metadata = row;
        out.push(s);
      }
    }
  };
  if (existsSync(CORPUS)) walk(CORPUS);
  return out;
}

describe('ingest on the whole corpus', function () {
  const sources = corpusSources();

  it('finds the corpus (over 10,000 documents) to test against', function () {
    assert.ok(sources.length > 10000, `only ${sources.length} sources found under ${CORPUS}`);
  });

  it('puts every non-white-space character of every corpus document in exactly one block, in order', function () {
    const bad: string[] = [];
    for (const s of sources) {
      const doc = ingest(s).value;
      const p = coverageProblem(doc);
      if (p) bad.push(`${s.name}: ${p}`);
      inlineFeatures(doc);
    }
    assert.deepEqual(bad.slice(0, 10), []);
  });

  it('holds every structure fact of the corpus on the model', function () {
    const failed: string[] = [];
    let total = 0;
    for (const s of sources) {
      const factsPath = s.path.replace(/\.txt$/, '.structure.json');
      if (!existsSync(factsPath)) continue;
      const facts = JSON.parse(readFileSync(factsPath, 'utf8')) as Record<string, unknown>[];
      const doc = ingest(s).value;
      for (const f of facts) {
        total++;
        if (!factHolds(doc, f)) failed.push(`${s.name}: ${JSON.stringify(f)}`);
      }
    }
    assert.ok(total > 0);
    assert.deepEqual(failed, []);
  });

  it('gives every DFAT document the title and date of its metadata.csv row', function () {
    for (const s of sources) {
      if (!s.metadata) continue;
      const doc = ingest(s).value;
      assert.equal(doc.meta.title, s.metadata.title!.trim(), s.name);
      if (/^\d{4}(-\d{2}){0,2}$/.test(s.metadata.date ?? '')) assert.equal(doc.meta.date?.when, s.metadata.date, s.name);
    }
  });
});

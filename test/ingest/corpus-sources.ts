/** Test helper: the corpus of ../shared/corpus as Sources, with metadata.csv rows attached as the CLI attaches them. */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, basename } from 'node:path';
import type { Source } from '../../src/model/index.js';

export const CORPUS = new URL('../../../../shared/corpus/', import.meta.url).pathname;

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


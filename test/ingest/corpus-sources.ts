/** Test helper: the corpus of ../shared/corpus as Sources, with metadata.csv rows attached as the CLI attaches them. */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, basename } from 'node:path';
import { readMetadataCsv } from '../../src/build/csv.js';
import type { Source } from '../../src/model/index.js';

export const CORPUS = new URL('../../../../shared/corpus/', import.meta.url).pathname;

/** Every `.txt` source of the corpus (gold annotations left out), with its metadata.csv row when there is one. */
export function corpusSources(): Source[] {
  const out: Source[] = [];
  const walk = (dir: string): void => {
    const names = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    const meta = names.some((n) => n.name === 'metadata.csv')
      ? readMetadataCsv(readFileSync(join(dir, 'metadata.csv'), 'utf8'), join(dir, 'metadata.csv')).rows
      : new Map<string, Record<string, string>>();
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


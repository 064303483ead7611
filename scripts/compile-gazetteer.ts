/**
 * Build step: write the entity recogniser's gazetteer and lexicons, precomputed, beside their modules
 * (`lib/src/entities/gazetteer.data.txt`, `lexicon.data.txt`; format in src/entities/precomputed.ts), so that every worker
 * that recognises entities loads them with one file read (≈15 ms) instead of decoding GeoNames, folding 140,000
 * names and building Sets of 470,000 words (≈1.3 s of CPU per process). The columns come from the
 * same functions the modules fall back to without these files, so both give the same maps.
 * Rebuilt on every build (≈1.5 s) because the folding code is an input too; written only when changed.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gazetteerData } from '../src/entities/gazetteer.js';
import { lexiconData } from '../src/entities/lexicon.js';
import { encodeData } from '../src/entities/precomputed.js';

const outDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'entities');

for (const [name, data] of [['gazetteer.data.txt', gazetteerData()], ['lexicon.data.txt', lexiconData()]] as const) {
  const file = join(outDir, name);
  const bytes = encodeData(data);
  if (existsSync(file) && readFileSync(file).equals(bytes)) continue;
  writeFileSync(file, bytes);
  console.log(`compiled ${name} (${(bytes.length / 1e6).toFixed(1)} MB)`);
}


/**
 * A reproducible sample of the development corpus (../shared/corpus), converted with the real
 * pipeline, for conformance checks and the validation figures of docs/validate.md.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertCollection } from '../../src/build/pipeline.js';
import { readMetadataCsv } from '../../src/build/csv.js';
import { decode } from '../../src/ingest/decode.js';
import type { Authority, Source } from '../../src/model/index.js';
import { authorityToTei } from '../../src/tei/index.js';

export const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));

export const TEI_OPTS = {
  schemaHref: '../schemas/tei-edition.rng',
  authorityHref: { person: 'authority/persons.xml', place: 'authority/places.xml', org: 'authority/orgs.xml' },
  generator: 'tei-edition (conformance test)',
};

/** Source files of the corpus, every `step`-th of each folder (step 1: all), sorted by path. */
export function corpusSources(step: number): Source[] {
  if (!existsSync(CORPUS)) return [];
  const out: Source[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    const meta = entries.some((e) => e.name === 'metadata.csv') ? readMetadataCsv(readFileSync(join(dir, 'metadata.csv'), 'utf8'), join(dir, 'metadata.csv')).rows : undefined;
    let k = 0;
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.txt') && !e.name.endsWith('.gold.txt')) {
        if (k++ % step !== 0) continue;
        const r = decode(new Uint8Array(readFileSync(p)), p);
        if (!r.value) continue;
        const src: Source = { name: basename(p, '.txt'), path: p, text: r.value.text, encoding: r.value.encoding };
        const row = meta?.get(e.name) ?? meta?.get(basename(p, '.txt'));
        if (row) src.metadata = row;
        out.push(src);
      }
    }
  };
  walk(CORPUS);
  return out;
}

export interface ConvertedSample {
  docs: { file: string; xml: string; source: string }[];
  authority: { file: string; xml: string }[];
}

/** Convert sources as one collection; the authority files it produces come with it. */
export function convertSample(sources: Source[]): ConvertedSample {
  const r = convertCollection(sources, { entries: [] }, { teiOptions: () => TEI_OPTS });
  const auth = authorityToTei(r.value.authority as Authority);
  const bySource = new Map(sources.map((s) => [s.name, s.text]));
  return {
    docs: r.value.documents.map((d) => ({ file: `${d.name}.xml`, xml: d.xml, source: bySource.get(d.name)! })),
    authority: [
      { file: 'persons.xml', xml: auth.persons },
      { file: 'places.xml', xml: auth.places },
      { file: 'orgs.xml', xml: auth.orgs },
    ],
  };
}

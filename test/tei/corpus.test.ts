/**
 * The lossless promise over the whole corpus (ENCODING.md "Nothing lost"): every source of
 * ../shared/corpus (seeds, nca, dfat), decoded, ingested and written as TEI, once with only the
 * ingest's inline features and once with synthetic entity and date mentions woven in, gives
 * well-formed XML whose diplomatic text equals the source, white space aside.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode, ingest, inlineFeatures } from '../../src/ingest/index.js';
import type { DocumentModel, EntityType, Inline } from '../../src/model/index.js';
import { diplomaticText, toTei } from '../../src/tei/index.js';
import { wellFormedProblem } from '../hostile/xmlcheck.js';
import { FIXTURE_OPTIONS, repoRoot, squeeze } from './helpers.js';

const corpus = join(repoRoot, '..', 'shared', 'corpus');

function sources(): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.txt') && !e.name.endsWith('.gold.txt')) out.push(p);
    }
  };
  if (existsSync(corpus)) walk(corpus);
  return out.sort();
}

const TYPES: EntityType[] = ['person', 'place', 'org'];

/**
 * A few synthetic mentions per document, chosen to stress the weaver: capitalised words and years,
 * some long ones that overlap others or cross block boundaries, one with a correction.
 */
function syntheticMentions(doc: DocumentModel): Inline[] {
  const text = doc.source.text;
  const out: Inline[] = [];
  const re = /\b[A-Z][a-z]+(?: [A-Z][a-z]+)?\b|\b1[89]\d\d\b/g;
  let k = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && k < 40) {
    k++;
    if (k % 3 !== 0) continue;
    const span = { start: m.index, end: m.index + m[0].length };
    if (/^\d/.test(m[0])) out.push({ kind: 'date', span, value: { when: m[0] } });
    else out.push({ kind: 'entity', type: TYPES[k % 3]!, span, ref: `e${k}`, ...(k % 9 === 0 ? { corr: m[0].toUpperCase() } : {}) });
    if (k % 7 === 0) out.push({ kind: 'entity', type: 'org', span: { start: m.index, end: Math.min(text.length, m.index + 60) } });
  }
  return out;
}

describe('tei: the whole corpus converts losslessly', function () {
  this.timeout(600000);
  const files = sources();
  it('finds the corpus beside the repository', () => {
    assert.ok(files.length > 10000, `only ${files.length} sources under ${corpus}`);
  });
  it('writes well-formed TEI whose diplomatic text equals the source for every document, with and without mentions', () => {
    const failures: string[] = [];
    for (const f of files) {
      const d = decode(readFileSync(f), f);
      if (!d.value) { failures.push(`${f}: decode refused it`); continue; }
      const source = { name: f.replace(/^.*[\\/]/, '').replace(/\.txt$/, ''), path: f, text: d.value.text, encoding: d.value.encoding };
      const doc = ingest(source).value;
      const features = inlineFeatures(doc);
      const want = squeeze(source.text);
      const variants: [string, Inline[]][] = [['plain', features], ['mentions', [...features, ...syntheticMentions(doc)]]];
      for (const [variant, inlines] of variants) {
        const xml = toTei(doc, inlines, FIXTURE_OPTIONS);
        const problem = wellFormedProblem(xml);
        if (problem) failures.push(`${f} (${variant}): not well-formed: ${problem}`);
        else if (squeeze(diplomaticText(xml)) !== want) failures.push(`${f} (${variant}): diplomatic text differs from the source`);
      }
      if (failures.length > 20) break;
    }
    assert.deepEqual(failures, []);
  });
});

import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { ingest, inlineFeatures } from '../../src/ingest/index.js';
import { coverageProblem, factHolds } from './facts.js';
import { CORPUS, corpusSources } from './corpus-sources.js';

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

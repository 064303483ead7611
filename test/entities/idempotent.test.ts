import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recogniseCollection } from '../../src/entities/index.js';
import { ingest } from '../../src/ingest/index.js';
import type { Authority, DocumentModel } from '../../src/model/index.js';

const nca = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'corpus', 'nca');

describe('entity recognition run again over its own authority', () => {
  it('links every mention to the entry the first run created and adds no entry (a re-run is idempotent)', () => {
    const files = readdirSync(nca).filter((f) => /^nca-1[4-7].*\.txt$/.test(f) && !f.endsWith('.gold.txt')).sort();
    assert.ok(files.length > 50, 'the corpus sample is there');
    const docs: DocumentModel[] = files.map((f) => ingest({ name: f.replace(/\.txt$/, ''), path: f, text: readFileSync(join(nca, f), 'utf8'), encoding: 'utf-8' }).value);
    const empty: Authority = { entries: [] };
    const first = recogniseCollection(docs, empty).value;
    const second = recogniseCollection(docs, first.authority).value;
    assert.deepEqual(second.authority.entries.map((e) => e.id).sort(), first.authority.entries.map((e) => e.id).sort());
    for (const d of docs) {
      const refs = (r: typeof first) => (r.mentions.get(d.source.name) ?? []).map((m) => `${m.span.start}:${m.ref ?? ''}`);
      assert.deepEqual(refs(second), refs(first), d.source.name);
    }
  });
});

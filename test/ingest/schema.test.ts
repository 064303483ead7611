import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { ingest } from '../../src/ingest/index.js';
import type { Source } from '../../src/model/index.js';
import { corpusSources } from './corpus-sources.js';

const SCHEMA = new URL('../../../schemas/model.schema.json', import.meta.url).pathname;
const FIXTURES = new URL('../../../test/fixtures/ingest/', import.meta.url).pathname;

describe('the document model JSON Schema (schemas/model.schema.json)', function () {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);
  const check = (s: Source): void => {
    const doc = JSON.parse(JSON.stringify(ingest(s).value)) as unknown;
    const ok = validate(doc);
    assert.ok(ok, `${s.name}: ${ajv.errorsText(validate.errors)}`);
  };

  it('accepts the ingest output of every fixture', function () {
    for (const name of readdirSync(FIXTURES).sort()) {
      const p = join(FIXTURES, name, 'input.txt');
      if (!existsSync(p)) continue;
      check({ name, path: p, text: readFileSync(p, 'utf8'), encoding: 'utf-8' });
    }
  });

  it('accepts the ingest output of a sample of every corpus folder (every 25th document)', function () {
    const all = corpusSources();
    assert.ok(all.length > 0);
    all.filter((_, i) => i % 25 === 0).forEach(check);
  });

  it('rejects a model whose certificate has no subtype', function () {
    const doc = JSON.parse(JSON.stringify(ingest({ name: 'x', path: 'x', text: 'TEXT\n\nA paragraph of running text here.\n', encoding: 'utf-8' }).value)) as { back: unknown[] };
    doc.back.push({ kind: 'div', type: 'certificate', span: { start: 0, end: 1 }, blocks: [{ kind: 'dateline', span: { start: 0, end: 1 } }] });
    assert.equal(validate(doc), false);
  });
});

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv, readMetadataCsv } from '../../src/build/csv.js';
import { fixtures } from '../cli/helpers.js';

const dir = join(fixtures, 'build', 'csv');

describe('metadata.csv', () => {
  for (const name of readdirSync(dir).sort()) {
    it(`reads ${name.replace(/-/g, ' ')} as the expected rows`, () => {
      const text = readFileSync(join(dir, name, 'metadata.csv'), 'utf8');
      const expected = JSON.parse(readFileSync(join(dir, name, 'expected.json'), 'utf8')) as Record<string, Record<string, string>>;
      const { rows } = readMetadataCsv(text, 'metadata.csv');
      assert.deepEqual(Object.fromEntries(rows), expected);
    });
  }

  it('keeps an empty last field and a doubled quote inside quotes', () => {
    assert.deepEqual(parseCsv('a,"say ""hi""",\r\n'), [['a', 'say "hi"', '']]);
  });

  it('warns and ignores a table without a file column', () => {
    const r = readMetadataCsv('name,title\nx,y\n', 'm.csv');
    assert.equal(r.rows.size, 0);
    assert.equal(r.diagnostics[0]?.rule, 'metadata-csv');
  });
});

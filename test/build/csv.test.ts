import { strict as assert } from 'node:assert';
import fc from 'fast-check';
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

  it('splits any text into the same rows as a plain character-by-character reading', () => {
    // The reference: RFC 4180 read one character at a time (the parser takes runs of ordinary characters at once).
    const reference = (text: string): string[][] => {
      const rows: string[][] = [];
      let row: string[] = [];
      let field = '';
      let quoted = false;
      let started = false;
      for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
        const c = text[i]!;
        if (quoted) {
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i++;
            } else quoted = false;
          } else field += c;
        } else if (c === '"' && field === '') quoted = started = true;
        else if (c === ',') {
          row.push(field);
          field = '';
          started = true;
        } else if (c === '\n' || c === '\r') {
          if (c === '\r' && text[i + 1] === '\n') i++;
          if (started || field !== '' || row.length > 0) rows.push([...row, field]);
          row = [];
          field = '';
          started = false;
        } else {
          field += c;
          started = true;
        }
      }
      if (started || field !== '' || row.length > 0) rows.push([...row, field]);
      return rows;
    };
    const text = fc.array(fc.constantFrom('a', 'b', '"', ',', '\n', '\r', ' ', '\ufeff'), { maxLength: 40 }).map((cs) => cs.join(''));
    fc.assert(fc.property(text, (t) => assert.deepEqual(parseCsv(t), reference(t))), { seed: 7, numRuns: 3000 });
  });

  it('warns and ignores a table without a file column', () => {
    const r = readMetadataCsv('name,title\nx,y\n', 'm.csv');
    assert.equal(r.rows.size, 0);
    assert.equal(r.diagnostics[0]?.rule, 'metadata-csv');
  });
});

/**
 * One fixture folder per rule: test/fixtures/validate/<rule-id>[-variant]/input.xml (+ source.txt
 * for the lossless rule) → expected.txt, the exact diagnostics (file:line:col: severity: message
 * [rule]). @ref is resolved against test/fixtures/validate/_authority.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic } from '../../src/model/index.js';
import { diplomaticText } from '../../src/tei/index.js';
import { authorityIndex, createValidator, PASS_RULES, RULES, type ValidateInput } from '../../src/validate/index.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/validate/', import.meta.url));
const AUTHORITY = `${FIXTURES}_authority/`;

function authority() {
  return authorityIndex(readdirSync(AUTHORITY).sort().map((f) => ({ file: f, xml: readFileSync(AUTHORITY + f, 'utf8') })));
}

function input(dir: string): ValidateInput {
  const doc: ValidateInput = { file: 'input.xml', xml: readFileSync(`${dir}/input.xml`, 'utf8') };
  if (existsSync(`${dir}/source.txt`)) {
    doc.source = readFileSync(`${dir}/source.txt`, 'utf8');
    doc.sourceName = 'source.txt';
  }
  return doc;
}

const folders = readdirSync(FIXTURES).filter((n) => existsSync(`${FIXTURES}${n}/input.xml`)).sort();

describe('validate: one fixture per rule', function () {
  this.timeout(60000);
  const validator = createValidator({ authority: authority() });
  const results = new Map<string, string[]>();

  before(async () => {
    // One batch for all fixtures: the schema is compiled once, as in real use.
    const docs = folders.map((n) => input(FIXTURES + n));
    const diags = await validator.validate(docs.map((d, k) => ({ ...d, file: `${folders[k]}/input.xml` })));
    for (const n of folders) results.set(n, []);
    for (const d of diags) {
      const folder = d.file.slice(0, d.file.indexOf('/'));
      results.get(folder)!.push(formatDiagnostic({ ...d, file: 'input.xml' }));
    }
  });

  for (const name of folders) {
    it(`reports exactly the expected diagnostics for ${name}`, () => {
      const expected = readFileSync(`${FIXTURES}${name}/expected.txt`, 'utf8').split('\n').filter((l) => l !== '');
      assert.deepEqual(results.get(name), expected);
    });
  }

  it('has a fixture folder for every rule id', () => {
    for (const r of [...RULES, ...PASS_RULES]) {
      if (r.id === 'tei-all') continue; // the project schema is a subset: checked in test/conformance
      assert.ok(folders.includes(r.id), `no fixture folder test/fixtures/validate/${r.id}`);
    }
  });

  it('gives the same diagnostics when the fixtures are validated one by one as in one batch', async () => {
    for (const name of ['schema', 'xml-id-unique', 'date-valid']) {
      const one = (await validator.validate([input(FIXTURES + name)])).map(formatDiagnostic);
      assert.deepEqual(one, results.get(name));
    }
  });

  it('reports the same for the lossless fixtures when the caller passes the diplomatic text it already has (as the build does)', async () => {
    for (const name of folders.filter((n) => n.startsWith('lossless'))) {
      const doc = input(FIXTURES + name);
      const given = (await validator.validate([{ ...doc, file: `${name}/input.xml`, diplomatic: diplomaticText(doc.xml) }])).map((d) => formatDiagnostic({ ...d, file: 'input.xml' }));
      assert.deepEqual(given, results.get(name));
    }
    // …and the rule does use it: a diplomatic text that differs from the source is reported.
    const ok = input(`${FIXTURES}lossless-ok`);
    const wrong = await validator.validate([{ ...ok, diplomatic: 'something else entirely' }]);
    assert.ok(wrong.some((d) => d.rule === 'lossless'));
  });

  it('validates the authority files of the fixtures without a diagnostic', async () => {
    const files = readdirSync(AUTHORITY).sort().map((f) => ({ file: f, xml: readFileSync(AUTHORITY + f, 'utf8') }));
    assert.deepEqual(await validator.validate(files), []);
  });
});

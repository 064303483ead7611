/**
 * The JavaScript RelaxNG proof (src/validate/relaxng.ts) only ever says "valid" when xmllint
 * would report nothing: checked against xmllint itself on the fixtures and on mutants of them.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { authorityIndex, authorityIndexFromJson, authorityIndexToJson, createValidator, parseXml, PROJECT_SCHEMA_RNG, validateMany } from '../../src/validate/index.js';
import { relaxNgProver } from '../../src/validate/relaxng.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/validate/', import.meta.url));
const VALID = readFileSync(`${FIXTURES}valid/input.xml`, 'utf8');
const RICH = readFileSync(`${FIXTURES}conformance/rich.xml`, 'utf8');
const fixtureInputs = readdirSync(FIXTURES)
  .filter((n) => existsSync(`${FIXTURES}${n}/input.xml`))
  .sort()
  .map((n) => ({ name: n, xml: readFileSync(`${FIXTURES}${n}/input.xml`, 'utf8') }));

const prover = relaxNgProver(PROJECT_SCHEMA_RNG)!;
const proves = (xml: string): boolean => prover.provesValid(xml, parseXml(xml));

/** Deterministic small edits of a document: each a candidate for a false proof. */
function mutants(xml: string, count: number, seed: number): string[] {
  let s = seed;
  const rnd = (n: number): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor((s / 2147483648) * n);
  };
  const tags = [...xml.matchAll(/<([A-Za-z]+)\b[^>]*?(\/?)>/g)].filter((m) => m.index! > xml.indexOf('<TEI'));
  const names = ['p', 'ab', 'div', 'pb', 'lb', 'date', 'persName', 'closer', 'signed', 'head', 'note', 'title', 'idno', 'choice', 'corr', 'hi', 'fw', 'opener', 'dateline'];
  const values = ['1938-02-30', '1900-02-29', '2000-02-29', '1938-13', '0000', '#x', 'a b', 'high', 'HIGH', 'document', 'copy', '1p', ''];
  const attrs = ['when', 'type', 'subtype', 'ref', 'xml:id', 'cert', 'rend', 'n', 'unit', 'xmlns:x', 'level'];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const m = tags[rnd(tags.length)]!;
    const at = m.index!;
    const op = rnd(5);
    let x: string;
    if (op === 0) x = xml.slice(0, at + 1) + names[rnd(names.length)] + xml.slice(at + 1 + m[1]!.length).replace(m[2] ? '' : `</${m[1]}>`, m[2] ? '' : `</${names[rnd(names.length)]}>`);
    else if (op === 1) x = xml.slice(0, at + 1 + m[1]!.length) + ` ${attrs[rnd(attrs.length)]}="${values[rnd(values.length)]}"` + xml.slice(at + 1 + m[1]!.length);
    else if (op === 2) x = xml.slice(0, at) + `<${names[rnd(names.length)]}/>` + xml.slice(at);
    else if (op === 3) x = xml.slice(0, at) + 'text ' + xml.slice(at);
    else x = xml.slice(0, at) + m[0] + (m[2] ? '' : `</${m[1]}>`) + xml.slice(at);
    out.push(x);
  }
  return out;
}

describe('validate: the JavaScript RelaxNG proof', () => {
  it('proves the valid fixture and the rich conformance fixture valid', () => {
    assert.equal(proves(VALID), true);
    assert.equal(proves(RICH), true);
  });

  it('never proves valid what xmllint rejects, among the fixtures and 300 mutants of two valid documents', async function () {
    this.timeout(60_000);
    const docs = [...fixtureInputs.map((f) => f.xml), ...mutants(VALID, 150, 7), ...mutants(RICH, 150, 11)];
    const rng = await validateMany(docs, PROJECT_SCHEMA_RNG);
    let proven = 0;
    let rejected = 0;
    docs.forEach((xml, k) => {
      if (rng[k]!.length) rejected++;
      if (proves(xml)) {
        proven++;
        assert.deepEqual(rng[k], [], `proven valid, but xmllint says: ${JSON.stringify(rng[k])}\n${xml}`);
      }
    });
    // Both kinds occur, so the comparison means something.
    assert.ok(proven > 50 && rejected > 50, `proven ${proven}, rejected by xmllint ${rejected}`);
  });

  it('does not prove a document in no namespace, with another namespace declaration, a repeated xml:id or 30 February', () => {
    assert.equal(proves(VALID.replace(' xmlns="http://www.tei-c.org/ns/1.0"', '')), false);
    assert.equal(proves(VALID.replace('<TEI ', '<TEI xmlns:x="urn:x" ')), false);
    const withDate = VALID.replace(/<p>/, '<p><date when="1938-02-30">30 February</date>');
    assert.equal(proves(withDate), false);
    assert.equal(proves(VALID.replace(/<p>/, '<p><date when="1938-02-28">28 February</date>')), true);
    const id = /xml:id="([^"]+)"/.exec(VALID)![1]!;
    assert.equal(proves(VALID.replace(/<p>/, `<p xml:id="${id}">`)), false);
  });

  it('compiles no grammar with a construct outside its subset (interleave): every document then goes to xmllint', () => {
    const g = '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element name="a"><interleave><element name="b"><empty/></element><text/></interleave></element></start></grammar>';
    assert.equal(relaxNgProver(g), undefined);
    const ok = '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element name="a"><oneOrMore><element name="b"><empty/></element></oneOrMore></element></start></grammar>';
    const p = relaxNgProver(ok)!;
    assert.equal(p.provesValid('<a><b/> <b/></a>', parseXml('<a><b/> <b/></a>')), true);
    assert.equal(p.provesValid('<a>x<b/></a>', parseXml('<a>x<b/></a>')), false);
    assert.equal(p.provesValid('<a></a>', parseXml('<a></a>')), false);
  });

  it('gives the same diagnostics as xmllint alone, on every fixture and on mutants', async function () {
    this.timeout(60_000);
    const auth = authorityIndex(readdirSync(`${FIXTURES}_authority/`).sort().map((f) => ({ file: f, xml: readFileSync(`${FIXTURES}_authority/${f}`, 'utf8') })));
    const docs = [...fixtureInputs.map((f) => ({ file: `${f.name}.xml`, xml: f.xml })), ...mutants(VALID, 60, 3).map((xml, k) => ({ file: `m${k}.xml`, xml }))];
    const fast = await createValidator({ authority: auth }).validate(docs);
    const slow = await createValidator({ authority: auth, fastSchema: false }).validate(docs);
    assert.deepEqual(fast, slow);
    assert.ok(slow.some((d) => d.rule === 'schema'));
  });
});

describe('validate: the authority index as JSON', () => {
  it('reads back the same files, ids and kinds in the same order', () => {
    const dir = `${FIXTURES}_authority/`;
    const index = authorityIndex(readdirSync(dir).sort().map((f) => ({ file: f, xml: readFileSync(dir + f, 'utf8') })));
    const back = authorityIndexFromJson(authorityIndexToJson(index))!;
    assert.deepEqual([...back.files.keys()], [...index.files.keys()]);
    for (const [f, ids] of index.files) assert.deepEqual([...back.files.get(f)!], [...ids]);
    assert.ok([...index.files.values()].some((m) => m.size > 0));
  });

  it('refuses text that is not an index', () => {
    assert.equal(authorityIndexFromJson('{"a":1}'), undefined);
    assert.equal(authorityIndexFromJson('[["persons.xml",["a"],"pq"]]'), undefined);
    assert.equal(authorityIndexFromJson('not json'), undefined);
  });
});

/**
 * Fuzzing the TEI readers (src/tei summarise, diplomaticText, readAuthority) and the validator
 * (src/validate) with mutated TEI: truncations, swapped tags, deleted and duplicated ranges, random
 * bytes, deep nesting, huge attributes and entity declarations (XXE, billion laughs). Hand-edited
 * TEI is the edition's master, so whatever an editor's mistake produces must come back as
 * diagnostics: never an exception, never a hang, never silence about a broken file.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { convertCollection } from '../../src/build/pipeline.js';
import type { Authority, Diagnostic } from '../../src/model/index.js';
import { authorityToTei, diplomaticText, readAuthority, summarise } from '../../src/tei/index.js';
import { decodeEntities, scanXml } from '../../src/tei/xml.js';
import { createValidator, parseXml } from '../../src/validate/index.js';
import { corpusFiles, xmlProblem } from '../hostile/helpers.js';

const RUNS = Number(process.env['FC_RUNS'] ?? '1');
function params(numRuns: number): fc.Parameters<unknown> {
  const p: fc.Parameters<unknown> = { numRuns: Math.max(1, Math.round(numRuns * RUNS)) };
  // A fixed seed by default, so that CI is deterministic; FC_SEED=… explores others (FC_SEED=3
  // found a mutated authority file on which readAuthority ran for minutes: the scanner's attribute
  // regex was quadratic on a long unquoted run; fixed, regression test in test/tei/authority.test.ts).
  p.seed = Number(process.env['FC_SEED'] ?? '1');
  if (process.env['FC_PATH']) p.path = process.env['FC_PATH'];
  return p;
}

const TEI_OPTS = {
  schemaHref: '../schemas/tei-edition.rng',
  authorityHref: { person: 'authority/persons.xml', place: 'authority/places.xml', org: 'authority/orgs.xml' },
  generator: 'tei-edition (fuzz test)',
};

/** Real TEI to mutate: a few corpus documents converted, and the authority files they produce. */
function seeds(): { docs: string[]; authority: string[] } {
  const files = corpusFiles(60).slice(0, 6);
  const sources = files.map((f, k) => ({ name: `seed${k}`, path: f, text: fs.readFileSync(f, 'utf8'), encoding: 'utf-8' }));
  const r = convertCollection(sources, { entries: [] }, { teiOptions: () => TEI_OPTS });
  const auth = authorityToTei(r.value.authority as Authority);
  return { docs: r.value.documents.map((d) => d.xml), authority: [auth.persons, auth.places, auth.orgs] };
}

type Mutator = (xml: string) => string;
const at = (xml: string, f: number): number => Math.floor(f * xml.length);

const TAG = /<\/?[A-Za-z][^<>]*>/g;
function tags(xml: string): { start: number; end: number }[] {
  return [...xml.matchAll(TAG)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

const ENTITY_DECLS = [
  '<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
  '<!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]>',
  '<!DOCTYPE TEI SYSTEM "http://example.invalid/tei.dtd">',
  '<!DOCTYPE TEI [<!ENTITY % p SYSTEM "http://example.invalid/x"> %p;]>',
  '<!doctype TEI>',
];

/** One mutation of a TEI document, with its parameters drawn by fast-check. */
const mutator: fc.Arbitrary<{ what: string; f: Mutator }> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }).map((p) => ({ what: `truncate at ${p}`, f: (x: string) => x.slice(0, at(x, p)) })),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(400)).map(([p, n]) => ({ what: `delete ${n} at ${p}`, f: (x: string) => x.slice(0, at(x, p)) + x.slice(at(x, p) + n) })),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(400)).map(([p, n]) => ({ what: `duplicate ${n} at ${p}`, f: (x: string) => x.slice(0, at(x, p) + n) + x.slice(at(x, p)) })),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ unit: 'binary', maxLength: 20 })).map(([p, s]) => ({ what: `insert ${JSON.stringify(s)} at ${p}`, f: (x: string) => x.slice(0, at(x, p)) + s + x.slice(at(x, p)) })),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('<', '&', '>', ']]>', '<!--', '<![CDATA[', '<?', '"', "'", '&#0;', '&#xD800;', '&undefined;', '</TEI>', '<TEI>', '\u0000', '\uFFFF', '\uD800')).map(([p, s]) => ({
    what: `insert ${JSON.stringify(s)} at ${p}`,
    f: (x: string) => x.slice(0, at(x, p)) + s + x.slice(at(x, p)),
  })),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => ({
    what: `swap tags ${a} ${b}`,
    f: (x: string) => {
      const t = tags(x);
      if (t.length < 2) return x;
      let [p, q] = [t[a % t.length]!, t[b % t.length]!];
      if (p.start > q.start) [p, q] = [q, p];
      if (p.start === q.start) return x;
      return x.slice(0, p.start) + x.slice(q.start, q.end) + x.slice(p.end, q.start) + x.slice(p.start, p.end) + x.slice(q.end);
    },
  })),
  fc.tuple(fc.nat(), fc.constantFrom('div', 'p', 'TEI', 'text', 'g', 'persName', 'x:y', '1bad', 'a b')).map(([a, name]) => ({
    what: `rename tag ${a} to ${name}`,
    f: (x: string) => {
      const t = tags(x);
      if (!t.length) return x;
      const { start, end } = t[a % t.length]!;
      const old = x.slice(start, end);
      return x.slice(0, start) + old.replace(/^(<\/?)[^\s/>]+/, `$1${name}`) + x.slice(end);
    },
  })),
  fc.constantFrom(...ENTITY_DECLS).map((d) => ({
    what: `entity declaration ${d.slice(0, 40)}`,
    f: (x: string) => {
      const i = x.indexOf('<TEI');
      return i < 0 ? d + x : x.slice(0, i) + d + '\n' + x.slice(i).replace('<body>', '<body><p>&xxe;&g;</p>');
    },
  })),
  fc.integer({ min: 1000, max: 20000 }).map((depth) => ({
    what: `nest ${depth} deep`,
    f: (x: string) => x.replace('<body>', '<body><div>' + '<hi>'.repeat(depth) + 'deep' + '</hi>'.repeat(depth) + '</div>'),
  })),
  fc.integer({ min: 100_000, max: 1_000_000 }).map((len) => ({
    what: `attribute of ${len} characters`,
    f: (x: string) => x.replace('<body>', `<body n="${'A&amp;'.repeat(Math.floor(len / 6))}">`),
  })),
  fc.nat().map((seed) => ({
    what: `random bytes ${seed}`,
    f: (x: string) => {
      let s = seed | 1;
      const out: string[] = [];
      for (let i = 0; i < 2000; i++) { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; out.push(String.fromCharCode(s & 0xff)); }
      const p = (seed % 997) / 997;
      return x.slice(0, at(x, p)) + out.join('') + x.slice(at(x, p));
    },
  })),
);

const mutations = fc.array(mutator, { minLength: 1, maxLength: 3 });

/** Problems of the strict check that a lenient scanner can and must see. */
const NESTING = /^(end tag .* does not match|end tag .* without a start tag|element <[^>]+> not closed)/;

function checkDiagnostics(ds: Diagnostic[], file: string): void {
  assert.ok(Array.isArray(ds));
  for (const d of ds) {
    assert.equal(d.file, file);
    assert.ok(Number.isInteger(d.line) && d.line >= 1, `line ${d.line}`);
    assert.ok(Number.isInteger(d.column) && d.column >= 1, `column ${d.column}`);
    assert.ok(['error', 'warning', 'info'].includes(d.severity));
    assert.match(d.rule, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(d.message.length > 0);
  }
}

describe('fuzz: TEI readers and validator on mutated TEI', function () {
  let base: { docs: string[]; authority: string[] };
  before(() => { base = seeds(); });

  it('the seed documents are well-formed before mutation', () => {
    assert.ok(base.docs.length >= 3);
    for (const x of [...base.docs, ...base.authority]) assert.equal(xmlProblem(x), null);
  });

  // The tei readers are lenient scanners by design (fast summaries of hand-edited TEI); the
  // validator is what checks well-formedness. The readers must still never throw, and must report
  // what a lenient scanner can see: elements that are not closed or not nested.
  it('summarise and diplomaticText never throw, and report every document whose elements are not closed or nested', () => {
    fc.assert(
      fc.property(fc.nat(), mutations, (k, ms) => {
        const xml = ms.reduce((x, m) => m.f(x), base.docs[k % base.docs.length]!);
        const r = summarise(xml, 'fuzz.xml');
        checkDiagnostics(r.diagnostics, 'fuzz.xml');
        assert.equal(typeof r.value.title, 'string');
        assert.equal(typeof diplomaticText(xml), 'string');
        const problem = xmlProblem(xml);
        if (problem !== null && NESTING.test(problem)) {
          assert.ok(r.diagnostics.some((d) => d.severity === 'error'), `summarise was silent about a broken document (${problem}) after ${ms.map((m) => m.what).join('; ')}`);
        }
      }),
      params(80),
    );
  });

  it('readAuthority never throws, and reports every authority file whose elements are not closed or nested', () => {
    fc.assert(
      fc.property(fc.nat(), mutations, (k, ms) => {
        const xml = ms.reduce((x, m) => m.f(x), base.authority[k % base.authority.length]!);
        const r = readAuthority(xml, 'authority/persons.xml');
        checkDiagnostics(r.diagnostics, 'authority/persons.xml');
        assert.ok(Array.isArray(r.value.entries));
        const problem = xmlProblem(xml);
        if (problem !== null && NESTING.test(problem)) {
          assert.ok(r.diagnostics.some((d) => d.severity === 'error'), `readAuthority was silent about a broken file (${problem}) after ${ms.map((m) => m.what).join('; ')}`);
        }
      }),
      params(60),
    );
  });

  it('the TEI scanner reads the attributes of any start tag as the regular expression it replaced did (linear instead of quadratic)', () => {
    const ATTR = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
    const oracle = (body: string): Record<string, string> => {
      const out: Record<string, string> = {};
      const name = /^[^\s/>]+/.exec(body)?.[0] ?? '';
      ATTR.lastIndex = name.length;
      let a: RegExpExecArray | null;
      while ((a = ATTR.exec(body))) out[a[1]!] = decodeEntities(a[3] ?? a[4] ?? '');
      return out;
    };
    const piece = fc.constantFrom('a', 'xml:id', '=', ' ', '\n', '\u00a0', '"', "'", '/', 'v', '&amp;', '&', '-', 'é');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (ps) => {
        const body = `e ${ps.join('')} `;
        const seen: Record<string, string>[] = [];
        scanXml(`<${body}>`, { start: (t) => seen.push(t.attrs), end: () => undefined, text: () => undefined });
        if (seen.length) assert.deepEqual(seen[0], oracle(body), body);
      }),
      params(400),
    );
  });

  it('the validator\'s parser agrees with a strict XML 1.0 check on every mutated document and refuses every DOCTYPE', () => {
    fc.assert(
      fc.property(fc.nat(), mutations, (k, ms) => {
        const xml = ms.reduce((x, m) => m.f(x), base.docs[k % base.docs.length]!);
        const p = parseXml(xml);
        const ours = xmlProblem(xml);
        const what = ms.map((m) => m.what).join('; ');
        if (/<!\s*(DOCTYPE|ENTITY)/i.test(xml)) assert.ok(p.problems.some((q) => q.rule === 'xml-doctype-forbidden'), `DOCTYPE accepted after ${what}`);
        else if (ours !== null) assert.ok(p.problems.length > 0, `validator parser accepted a broken document (${ours}) after ${what}`);
        else assert.deepEqual(p.problems, [], `validator parser refused a well-formed document after ${what}`);
      }),
      params(100),
    );
  });

  it('the validator returns diagnostics for a whole batch of mutated documents at once, one bad document never hiding another', async () => {
    const batch = fc.sample(fc.tuple(fc.nat(), mutations), { numRuns: Math.max(6, Math.round(12 * RUNS)), seed: Number(process.env['FC_SEED'] ?? 7) })
      .map(([k, ms]) => ms.reduce((x, m) => m.f(x), base.docs[k % base.docs.length]!));
    batch.push(base.docs[0]!);
    const docs = batch.map((xml, i) => ({ file: `doc${i}.xml`, xml }));
    const ds = await createValidator({}).validate(docs);
    for (const d of docs) {
      const mine = ds.filter((x) => x.file === d.file);
      checkDiagnostics(mine, d.file);
      if (xmlProblem(d.xml) !== null) assert.ok(mine.some((x) => x.severity === 'error'), `${d.file}: no error for a broken document`);
    }
    const lastErrors = ds.filter((x) => x.file === `doc${batch.length - 1}.xml` && x.severity === 'error' && /^xml-|^schema$/.test(x.rule));
    assert.deepEqual(lastErrors, [], 'the unmutated document got well-formedness or schema errors from its batch neighbours');
  });
});

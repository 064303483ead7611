/**
 * The lossless round trip as a property (issue 7, ENCODING.md "Nothing lost"): for any text,
 * decode → ingest → entities/dates/features → toTei gives well-formed XML whose diplomatic text
 * equals the source, white space aside. Checked with an independent reader of the diplomatic text
 * (diplomatic.ts) and with the TEI stage's own, on random Unicode, on page-like layouts with
 * markup, controls and certificate phrases, and on mutated corpus files.
 *
 * Runs are bounded (FC_RUNS scales them); on failure fast-check prints the seed and path, and
 * `FC_SEED=<seed> FC_PATH=<path>` replays exactly that case.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { convertCollection } from '../../src/build/pipeline.js';
import { decode } from '../../src/ingest/decode.js';
import type { Source } from '../../src/model/index.js';
import { diplomaticText } from '../../src/tei/index.js';
import { createValidator } from '../../src/validate/index.js';
import { corpusFiles, squeeze, xmlProblem } from '../hostile/helpers.js';
import { chaosText, documentText, mutate, mutation } from './arbitraries.js';
import { diplomaticOf } from './diplomatic.js';

const RUNS = Number(process.env['FC_RUNS'] ?? '1');
function params(numRuns: number): fc.Parameters<unknown> {
  const p: fc.Parameters<unknown> = { numRuns: Math.max(1, Math.round(numRuns * RUNS)), endOnFailure: false };
  p.seed = Number(process.env['FC_SEED'] ?? '42'); // fixed by default: CI is deterministic
  if (process.env['FC_PATH']) p.path = process.env['FC_PATH'];
  return p;
}

const TEI_OPTS = {
  schemaHref: '../schemas/tei-edition.rng',
  authorityHref: { person: 'authority/persons.xml', place: 'authority/places.xml', org: 'authority/orgs.xml' },
  generator: 'tei-edition (property test)',
};

const show = (s: string): string => JSON.stringify(s.length > 400 ? s.slice(0, 400) + '…' : s);

/** First offset at which two strings differ, with a little context, for a readable failure. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `differ at ${i}: expected …${JSON.stringify(a.slice(Math.max(0, i - 20), i + 20))}… got …${JSON.stringify(b.slice(Math.max(0, i - 20), i + 20))}…`;
}

/** Convert `text` as the CLI would (UTF-8 bytes in) and check every promise of the round trip. */
function roundTrip(text: string, name = 'prop-doc'): void {
  const bytes = new TextEncoder().encode(text);
  const d = decode(bytes, `${name}.txt`);
  assert.ok(d.value, `decode refused a text file: ${JSON.stringify(d.diagnostics)} for ${show(text)}`);
  const expected = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  assert.equal(d.value.text, expected, 'decode changed the text');
  const source: Source = { name, path: `${name}.txt`, text: d.value.text, encoding: d.value.encoding };
  const r = convertCollection([source], { entries: [] }, { teiOptions: () => TEI_OPTS });
  const internal = r.diagnostics.filter((x) => x.rule === 'internal-error');
  assert.deepEqual(internal, [], `a stage threw on ${show(text)}`);
  assert.deepEqual(r.value.failed, []);
  const doc = r.value.documents[0];
  assert.ok(doc, 'no document written');
  const problem = xmlProblem(doc.xml);
  assert.equal(problem, null, `TEI not well-formed (${problem}) for ${show(text)}`);
  const want = squeeze(d.value.text);
  const ours = squeeze(diplomaticOf(doc.xml));
  assert.ok(ours === want, `diplomatic text (independent reader) ${firstDifference(want, ours)} for ${show(text)}`);
  const theirs = squeeze(diplomaticText(doc.xml));
  assert.ok(theirs === want, `diplomatic text (tei stage's diplomaticText) ${firstDifference(want, theirs)} for ${show(text)}`);
}

describe('property: lossless round trip', function () {
  it('keeps every character of random page-like documents with markup, controls and certificates', () => {
    fc.assert(fc.property(documentText, (t) => roundTrip(t)), params(120));
  });
  it('keeps every character of random full-Unicode text', () => {
    fc.assert(fc.property(chaosText, (t) => roundTrip(t)), params(80));
  });
  it('keeps every character of corpus files after random line deletions, insertions, duplications, case changes and control characters', () => {
    const files = corpusFiles(12);
    assert.ok(files.length > 10, 'corpus not found beside the repository');
    const cache = new Map<string, string>();
    const read = (f: string): string => {
      let t = cache.get(f);
      if (t === undefined) { t = fs.readFileSync(f, 'utf8'); cache.set(f, t); }
      return t;
    };
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.array(mutation, { minLength: 1, maxLength: 12 }), (f, ms) => roundTrip(mutate(read(f), ms), 'mutated')),
      params(40),
    );
  });
  it('gives TEI valid against the project schema and the editorial rules (lossless included) for random documents', async () => {
    const seed = Number(process.env['FC_SEED'] ?? 42);
    const texts = [...fc.sample(documentText, { numRuns: Math.round(60 * RUNS), seed }), ...fc.sample(chaosText, { numRuns: Math.round(30 * RUNS), seed: seed + 1 })];
    const docs = texts.map((text, i) => {
      const r = convertCollection([{ name: `r${i}`, path: `r${i}.txt`, text, encoding: 'utf-8' }], { entries: [] }, { teiOptions: () => TEI_OPTS });
      assert.ok(r.value.documents[0], `r${i} not converted`);
      return { file: `r${i}.xml`, xml: r.value.documents[0].xml, source: text };
    });
    // ref-resolves is left out: these documents have no authority files beside them
    const errors = (await createValidator({}).validate(docs)).filter((d) => d.severity === 'error' && d.rule !== 'ref-resolves');
    const first = errors[0];
    assert.deepEqual(errors, [], first ? `e.g. ${first.file} from ${show(docs.find((d) => d.file === first.file)!.source)} (FC_SEED=${seed})` : '');
  });
  it('keeps every character of the unmutated corpus sample', () => {
    for (const f of corpusFiles(25)) roundTrip(fs.readFileSync(f, 'utf8'), 'corpus');
  });
});

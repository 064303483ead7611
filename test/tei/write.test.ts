import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentModel } from '../../src/model/index.js';
import { diplomaticText, toTei, toTeiResult } from '../../src/tei/index.js';
import { FIXTURE_OPTIONS, loadWriteFixture, squeeze, teiFixtures } from './helpers.js';

const dir = join(teiFixtures, 'write');
const cases = readdirSync(dir).sort();
const update = process.env.UPDATE_FIXTURES === '1';

describe('tei: model + inline overlay → TEI (fixture folders)', () => {
  for (const c of cases) {
    describe(c, () => {
      const { doc, inlines } = loadWriteFixture(join(dir, c));
      const r = toTeiResult(doc, inlines, FIXTURE_OPTIONS);
      it('writes exactly the expected TEI', () => {
        const file = join(dir, c, 'expected.xml');
        if (update || !existsSync(file)) writeFileSync(file, r.value);
        assert.equal(r.value, readFileSync(file, 'utf8'));
      });
      it('reports exactly the expected diagnostics (rule and line)', () => {
        const file = join(dir, c, 'diagnostics.json');
        const got = r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} [${d.rule}]`);
        if (update || !existsSync(file)) writeFileSync(file, JSON.stringify(got, null, 1) + '\n');
        assert.deepEqual(got, JSON.parse(readFileSync(file, 'utf8')));
      });
      it('keeps the diplomatic text equal to the source, white space aside', () => {
        assert.equal(squeeze(diplomaticText(r.value)), squeeze(doc.source.text));
      });
      it('writes the same bytes when run twice, whatever the order of the inlines', () => {
        assert.equal(toTei(doc, inlines.slice().reverse(), FIXTURE_OPTIONS), r.value);
      });
    });
  }
});

function para(text: string, start: number, end: number): DocumentModel['body'][number]['blocks'][number] {
  void text;
  return { kind: 'p', span: { start, end }, parts: [{ kind: 'text', span: { start, end } }] };
}

function single(text: string): DocumentModel {
  return {
    source: { name: 'unit', path: 'unit.txt', text, encoding: 'utf-8' },
    front: [],
    body: [{ kind: 'div', type: 'document', span: { start: 0, end: text.length }, blocks: [para(text, 0, text.length)] }],
    back: [],
    meta: { idnos: [], custodialEvents: [], language: 'en' },
  };
}

describe('tei: characters and escaping', () => {
  it('writes a lone surrogate as a <g> to a declared <char> and reads it back as that code unit', () => {
    const text = 'broken \ud800 pair and a good \ud83d\ude00 one';
    const xml = toTei(single(text), [], FIXTURE_OPTIONS);
    assert.match(xml, /broken <g ref="#char-D800"\/> pair/);
    assert.match(xml, /<char xml:id="char-D800">/);
    assert.match(xml, /good \ud83d\ude00 one/);
    assert.equal(diplomaticText(xml).trim(), text);
  });
  it('never lets "]]>" or a raw "<" or "&" through into text content', () => {
    const text = 'a ]]> b <c> & d';
    const xml = toTei(single(text), [], FIXTURE_OPTIONS);
    const body = xml.slice(xml.indexOf('<text>'));
    assert.ok(!body.includes(']]>'));
    assert.match(body, /a \]\]&gt; b &lt;c&gt; &amp; d/);
  });
  it('makes the file stem an NCName for the root xml:id', () => {
    const d = single('x');
    d.source.name = '12 Mai/1938';
    assert.match(toTei(d, [], FIXTURE_OPTIONS), /<TEI xmlns="http:\/\/www\.tei-c\.org\/ns\/1\.0" xml:id="d-12-Mai-1938" xml:lang="en">/);
  });
});

describe('tei: the inline overlay', () => {
  const text = 'Mr. Litvinov met the League of Nations in Geneva.';
  const at = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length });
  it('keeps the longest of two overlapping mentions and drops the other with a diagnostic', () => {
    const r = toTeiResult(single(text), [
      { kind: 'entity', type: 'person', span: at('Litvinov met') },
      { kind: 'entity', type: 'org', span: at('met the League of Nations') },
    ], FIXTURE_OPTIONS);
    assert.match(r.value, /Litvinov met <orgName>the League of Nations<\/orgName>|<orgName>met the League of Nations<\/orgName>/);
    assert.ok(!r.value.includes('<persName>'));
    assert.deepEqual(r.diagnostics.map((d) => d.rule), ['tei-mention-dropped']);
  });
  it('nests a placeName inside an orgName but never a persName inside a placeName', () => {
    const r = toTeiResult(single(text), [
      { kind: 'entity', type: 'org', span: at('League of Nations in Geneva') },
      { kind: 'entity', type: 'place', span: at('Geneva') },
      { kind: 'entity', type: 'place', span: at('Litvinov') },
      { kind: 'entity', type: 'person', span: at('Litvinov') },
    ], FIXTURE_OPTIONS);
    assert.match(r.value, /<orgName>League of Nations in <placeName>Geneva<\/placeName><\/orgName>/);
    assert.match(r.value, /Mr\. <persName>Litvinov<\/persName> met/);
    assert.equal(r.diagnostics.length, 1);
  });
  it('ignores empty mentions and mentions outside the source instead of failing', () => {
    const r = toTeiResult(single(text), [
      { kind: 'entity', type: 'person', span: { start: 4, end: 4 } },
      { kind: 'entity', type: 'person', span: { start: 40, end: 400 } },
    ], FIXTURE_OPTIONS);
    assert.ok(!r.value.includes('<persName'));
    assert.equal(squeeze(diplomaticText(r.value)), squeeze(text));
  });
});

describe('tei: defensive against a faulty model', () => {
  const text = 'First block here.\n\nSecond block there.\n\nThird.';
  const span = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length });
  const p = (s: { start: number; end: number }) => ({ kind: 'p' as const, span: s, parts: [{ kind: 'text' as const, span: s }] });
  const model = (blocks: ReturnType<typeof p>[]): DocumentModel => ({
    source: { name: 'faulty', path: 'faulty.txt', text, encoding: 'utf-8' },
    front: [],
    body: [{ kind: 'div', type: 'document', span: { start: 0, end: text.length }, blocks }],
    back: [],
    meta: { idnos: [], custodialEvents: [], language: 'en' },
  });
  it('writes overlapping blocks\' shared text once and says so', () => {
    const r = toTeiResult(model([p({ start: 0, end: span('Second block').end }), p(span('block there.')), p(span('Third.'))]), [], FIXTURE_OPTIONS);
    assert.equal(squeeze(diplomaticText(r.value)), squeeze(text));
    assert.deepEqual(r.diagnostics.map((d) => `${d.line} ${d.rule}`), ['3 tei-overlapping-blocks']);
  });
  it('keeps the text of blocks listed out of source order', () => {
    const r = toTeiResult(model([p(span('Second block there.')), p(span('First block here.')), p(span('Third.'))]), [], FIXTURE_OPTIONS);
    assert.equal(squeeze(diplomaticText(r.value)), squeeze(text).replace('Firstblockhere.', '').replace('Secondblockthere.', 'Firstblockhere.Secondblockthere.'));
    assert.deepEqual(r.diagnostics.map((d) => d.rule), ['tei-overlapping-blocks', 'tei-uncovered-text']);
  });
  it('does not change the model it was given', () => {
    const m = model([p({ start: 0, end: span('Second block').end }), p(span('block there.'))]);
    const before = JSON.stringify(m);
    toTei(m, [], FIXTURE_OPTIONS);
    assert.equal(JSON.stringify(m), before);
  });
});

describe('tei: mentions that cross a boundary', () => {
  const text = 'Document No. 062-PS\nNATIONAL SOCIALIST GERMAN WORKERS PARTY\n\n/s/ Hess\nReich Minister';
  const at = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length });
  const doc: DocumentModel = {
    source: { name: 'clip', path: 'clip.txt', text, encoding: 'utf-8' },
    front: [{ kind: 'fw', fwType: 'stamp', span: at('Document No. 062-PS') }],
    body: [{ kind: 'div', type: 'document', span: { start: at('NATIONAL').start, end: text.length }, blocks: [
      { kind: 'head', span: at('NATIONAL SOCIALIST GERMAN WORKERS PARTY'), parts: [{ kind: 'text', span: at('NATIONAL SOCIALIST GERMAN WORKERS PARTY') }] },
      { kind: 'closer', span: { start: at('/s/').start, end: text.length }, parts: [{ kind: 'signed', span: at('/s/ Hess') }, { kind: 'roleName', span: at('Reich Minister') }] },
    ] }],
    back: [],
    meta: { idnos: [], custodialEvents: [], language: 'en' },
  };
  it('cuts a mention across two blocks down to its largest piece and reports it', () => {
    const r = toTeiResult(doc, [{ kind: 'entity', type: 'org', span: { start: at('PS\nNATIONAL').start, end: at('PARTY').end }, ref: 'nsdap' }], FIXTURE_OPTIONS);
    assert.match(r.value, /<head><orgName ref="authority\/orgs\.xml#nsdap">NATIONAL SOCIALIST GERMAN WORKERS PARTY<\/orgName><\/head>/);
    assert.match(r.value, /<fw type="stamp">Document No\. 062-PS<\/fw>/);
    assert.deepEqual(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`), ['2:1 tei-mention-clipped']);
  });
  it('cuts a mention across two parts of a closer down to the piece inside one part', () => {
    const r = toTeiResult(doc, [{ kind: 'entity', type: 'person', span: { start: at('Hess').start, end: at('Reich').start + 2 }, ref: 'hess' }], FIXTURE_OPTIONS);
    assert.match(r.value, /<signed>\/s\/ <persName ref="authority\/persons\.xml#hess">Hess<\/persName><\/signed>\n<roleName>Reich Minister<\/roleName>/);
    assert.deepEqual(r.diagnostics.map((d) => d.rule), ['tei-mention-clipped']);
  });
  it('drops rather than cuts a mention with a correction, since its corr names the whole', () => {
    const r = toTeiResult(doc, [{ kind: 'entity', type: 'org', span: { start: at('PS\nNATIONAL').start, end: at('PARTY').end }, corr: 'NSDAP' }], FIXTURE_OPTIONS);
    assert.ok(!r.value.includes('<orgName'));
    assert.deepEqual(r.diagnostics.map((d) => d.rule), ['tei-mention-dropped']);
  });
});

describe('tei: references to the authority', () => {
  it('points at the same NCName the authority file gives an id that is not one', async () => {
    const { authorityToTei } = await import('../../src/tei/index.js');
    const text = 'The 1st Army advanced.';
    const xml = toTei(single(text), [{ kind: 'entity', type: 'org', span: { start: 4, end: 12 }, ref: '1st army' }], FIXTURE_OPTIONS);
    const auth = authorityToTei({ entries: [{ id: '1st army', type: 'org', name: '1st Army', variants: [], idnos: [], reviewed: false }] }, 'org');
    const ref = /<orgName ref="authority\/orgs\.xml#([^"]+)">1st Army<\/orgName>/.exec(xml)?.[1];
    assert.equal(ref, 'd-1st-army');
    assert.match(auth, new RegExp(`<org xml:id="${ref}" cert="low">`));
  });
});

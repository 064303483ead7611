/**
 * Conformance: everything the project writes, and everything the project schema allows, is TEI.
 *
 * 1. A containment matrix: every phrase-level element of schemas/tei-edition.rng inside every
 *    element whose content the schema says may hold it, plus the division, header and authority
 *    structures. Each generated document must be valid against the project schema (else the
 *    generator is wrong) AND against tei_all.rng: this is what makes the project schema a subset.
 * 2. The hand-written fixtures of the validate and tei stages.
 * 3. A sample of the development corpus converted with the real pipeline (every 40th document of
 *    each folder; CONFORMANCE_STEP=1 for all 10,000+), with its authority files: valid against
 *    both schemas, and no error from the editorial rules (lossless against its source included).
 *
 * All documents go to xmllint in ONE call per grammar (tei_all takes ~10 s to compile).
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic } from '../../src/model/index.js';
import { authorityIndex, createValidator, PROJECT_SCHEMA_RNG, validateMany, type RngError } from '../../src/validate/index.js';
import { convertSample, corpusSources, CORPUS } from './corpus.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TEI_ALL = join(ROOT, '..', 'shared', 'tei', 'tei_all.rng');
const STEP = Number(process.env['CONFORMANCE_STEP'] ?? '40');

// ------------------------------------------------------------------------------ the matrix

const HEADER = `<teiHeader><fileDesc><titleStmt><title>Matrix</title></titleStmt><publicationStmt><p>Test.</p></publicationStmt>
<sourceDesc><p>Generated.</p></sourceDesc></fileDesc><encodingDesc><charDecl><char xml:id="c1"><localProp name="Name" value="ESCAPE"/><mapping type="standard">U+001B</mapping></char></charDecl></encodingDesc></teiHeader>`;

function doc(body: string, header = HEADER, back = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="m" xml:lang="en">${header}<text><body>${body}</body>${back}</text></TEI>\n`;
}

/** A minimal valid instance of each phrase-level and global element of the project schema. */
const PHRASE: Record<string, string> = {
  g: '<g ref="#c1"/>',
  persName: '<persName ref="authority/persons.xml#a" type="variant">A</persName>',
  placeName: '<placeName ref="#c1">P</placeName>',
  orgName: '<orgName ref="authority/orgs.xml#o">O</orgName>',
  date: '<date when="1938-02-26" cert="medium">d</date>',
  dateRange: '<date notBefore="1938-02" notAfter="1938">d</date>',
  dateFromTo: '<date from="1938" to="1939-01-31">d</date>',
  roleName: '<roleName>Minister</roleName>',
  stamp: '<stamp type="seal">Seal</stamp>',
  seg: '<seg type="blank">_____</seg>',
  choiceSic: '<choice><sic>a</sic><corr>b</corr></choice>',
  choiceReg: '<choice><orig>a</orig><reg>b</reg></choice>',
  choiceExpan: '<choice><abbr>a</abbr><expan>b</expan></choice>',
  corr: '<corr resp="#ed" cert="low">c</corr>',
  reg: '<reg>r</reg>',
  expan: '<expan>e</expan>',
  supplied: '<supplied reason="omitted">s</supplied>',
  unclear: '<unclear reason="illegible">u</unclear>',
  hi: '<hi rend="underline">h</hi>',
  idno: '<idno type="exhibit">2638</idno>',
  title: '<title level="m">T</title>',
  ref: '<ref target="#c1">r</ref>',
  pb: '<pb n="2"/>',
  lb: '<lb/>',
  fw: '<fw type="pageNum" place="top">-2-</fw>',
  note: '<note type="editorial" n="1">n</note>',
  gap: '<gap reason="illegible"><desc>[illegible]</desc></gap>',
};

/** Containers with phrase content, each as a body with a hole. */
const CONTAINERS: Record<string, string> = {
  p: '<p>#</p>',
  head: '<div><head>#</head><p>x</p></div>',
  ab: '<ab type="line">#</ab>',
  signed: '<div><p>x</p><closer><signed>#</signed></closer></div>',
  dateline: '<div><p>x</p><closer><dateline>#</dateline></closer></div>',
  salute: '<div><opener><salute>#</salute></opener><p>x</p></div>',
  closer: '<div><p>x</p><closer>#</closer></div>',
  opener: '<div><opener>#</opener><p>x</p></div>',
  byline: '<div><p>x</p><byline>#</byline></div>',
  trailer: '<div><p>x</p><trailer>#</trailer></div>',
  roleName: '<p><roleName>#</roleName></p>',
  persName: '<p><persName>#</persName></p>',
  placeName: '<p><placeName>#</placeName></p>',
  orgName: '<p><orgName>#</orgName></p>',
  date: '<p><date>#</date></p>',
  stamp: '<p><stamp>#</stamp></p>',
  seg: '<p><seg>#</seg></p>',
  fw: '<p><fw type="catch">#</fw></p>',
  note: '<p><note>#</note></p>',
  noteBlock: '<div><p>x</p><note type="editorial"><p>#</p></note></div>',
  corr: '<p><corr>#</corr></p>',
  reg: '<p><reg>#</reg></p>',
  expan: '<p><expan>#</expan></p>',
  sic: '<p><choice><sic>#</sic><corr>c</corr></choice></p>',
  orig: '<p><choice><reg>r</reg><orig>#</orig></choice></p>',
  abbr: '<p><choice><expan>e</expan><abbr>#</abbr></choice></p>',
  supplied: '<p><supplied>#</supplied></p>',
  unclear: '<p><unclear>#</unclear></p>',
  hi: '<p><hi>#</hi></p>',
  title: '<p><title>#</title></p>',
  ref: '<p><ref>#</ref></p>',
  postscript: '<div><p>x</p><postscript><p>#</p></postscript></div>',
};

/** Structures beyond phrase content: divisions, front/back, header parts, authority lists. */
function structures(): string[] {
  const out: string[] = [];
  for (const sub of ['copy', 'translation', 'source', 'oath', 'authentication', 'other']) {
    out.push(doc('<div type="document"><p>x</p></div>', HEADER, `<back><div type="certificate" subtype="${sub}"><head>C</head><p>x</p><closer><signed>/s/ A</signed><roleName>R</roleName><dateline>Tokyo, <date when="1946">1946</date></dateline></closer></div></back>`));
  }
  for (const t of ['pageNum', 'catch', 'header', 'stamp']) out.push(doc(`<div type="document"><fw type="${t}">f</fw><p>x</p></div>`));
  out.push(doc('<pb n="1"/><div type="document"><head>H</head><dateline>D</dateline><p>x<pb n="2"/></p><ab>y</ab><closer><signed>S</signed></closer><dateline>D2</dateline></div><div type="part"><div type="section"><p>nested</p></div></div>'));
  out.push(doc('<head>Body head</head><p>x</p><ab>y</ab><closer><signed>S</signed></closer>'));
  out.push(doc('<listPerson><person xml:id="a"><persName>A</persName><persName type="variant">Ah</persName><idno type="wikidata">Q1</idno><occupation>diplomat</occupation><note>n</note></person></listPerson><listPlace><place xml:id="p"><placeName>P</placeName><location><geo>1 2</geo></location><idno type="geonames">1</idno><note>n</note></place></listPlace><listOrg><org xml:id="o"><orgName>O</orgName><idno type="wikidata">Q2</idno><note>n</note></org></listOrg>'));
  out.push(`<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">${HEADER}<text><front><fw type="stamp">Exhibit 1</fw><ab>Doc. No. 1</ab><head>F</head><dateline>D</dateline><div type="source"><p>s</p></div></front><body><div type="document"><p>x</p></div></body><back><p>b</p><div type="certificate"><p>c</p></div></back></text></TEI>\n`);
  const fullHeader = `<teiHeader><fileDesc><titleStmt><title type="main">T</title><author>A</author><editor>E</editor><respStmt><resp>Encoded by</resp><name>tei-edition</name></respStmt></titleStmt>
<editionStmt><edition>1</edition></editionStmt><publicationStmt><publisher>P</publisher><pubPlace>X</pubPlace><date when="2026">2026</date><idno type="doi">1</idno><availability status="free"><licence target="https://creativecommons.org/licenses/by/4.0/">CC-BY</licence></availability></publicationStmt>
<notesStmt><note>n</note></notesStmt><sourceDesc><bibl><title>B</title>, <date when="1946">1946</date>, <biblScope unit="page" from="1" to="2">1-2</biblScope></bibl>
<msDesc><msIdentifier><country>Japan</country><settlement>Tokyo</settlement><institution>I</institution><repository>R</repository><collection>C</collection><idno type="exhibit">2638</idno><idno type="defenseDocument">1504</idno><altIdentifier type="file"><idno type="file">f.txt</idno></altIdentifier></msIdentifier>
<msContents><summary>S</summary></msContents><history><origin notBefore="1931" notAfter="1932"><placeName>Tokyo</placeName></origin><provenance when="1946-07-02">p</provenance></history>
<additional><adminInfo><custodialHist><custEvent type="translation" when="1946-07-02"><persName>A</persName>, <roleName>Translator</roleName></custEvent><custEvent type="copy" notBefore="1946"/></custodialHist></adminInfo></additional></msDesc></sourceDesc></fileDesc>
<encodingDesc><projectDesc><p>p</p></projectDesc><editorialDecl><p>e</p></editorialDecl></encodingDesc>
<profileDesc><creation><date when="1931-12-31" cert="medium">December 1931</date> <placeName>Moscow</placeName></creation><langUsage><language ident="en" usage="100">English</language></langUsage>
<textClass><classCode scheme="https://example.org/kinds">memo</classCode><keywords scheme="https://example.org/k"><term type="documentKind">letter</term></keywords></textClass>
<particDesc><listPerson><person xml:id="q"><persName>Q</persName></person></listPerson></particDesc></profileDesc>
<revisionDesc status="draft"><change when="2026-01-01" who="#ed">Generated.</change></revisionDesc></teiHeader>`;
  out.push(doc('<div type="document"><p>x</p></div>', fullHeader));
  out.push(`<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">${HEADER}<standOff><listPerson><person xml:id="s"><persName>S</persName></person></listPerson></standOff></TEI>\n`);
  // limited contexts: header elements with names and dates inside
  for (const child of ['persName', 'placeName', 'orgName', 'date', 'title', 'idno']) {
    const inst = PHRASE[child]!;
    out.push(doc('<p>x</p>', HEADER.replace('<title>Matrix</title>', `<title>Matrix</title><author>${inst}</author>`).replace('</encodingDesc>', `</encodingDesc><profileDesc><creation>${inst}</creation></profileDesc>`)));
    out.push(doc('<p>x</p>', HEADER.replace('<sourceDesc><p>Generated.</p></sourceDesc>', `<sourceDesc><msDesc><msIdentifier><repository>${inst}</repository></msIdentifier><p>m</p></msDesc></sourceDesc>`)));
  }
  return out;
}

function matrix(): { name: string; xml: string }[] {
  const out: { name: string; xml: string }[] = [];
  for (const [c, hole] of Object.entries(CONTAINERS)) {
    for (const [k, inst] of Object.entries(PHRASE)) out.push({ name: `matrix ${k} in ${c}`, xml: doc(hole.replace('#', `x ${inst} y`)) });
  }
  structures().forEach((xml, k) => out.push({ name: `structure ${k}`, xml }));
  return out;
}

// ------------------------------------------------------------------------------ fixtures

function fixtureFiles(): { name: string; xml: string }[] {
  const out: { name: string; xml: string }[] = [];
  const add = (p: string): void => {
    out.push({ name: p.slice(ROOT.length), xml: readFileSync(p, 'utf8') });
  };
  const walk = (dir: string, pick: (name: string) => boolean): void => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, pick);
      else if (pick(e.name)) add(p);
    }
  };
  walk(join(ROOT, 'test/fixtures/validate/conformance'), (n) => n.endsWith('.xml'));
  walk(join(ROOT, 'test/fixtures/validate/_authority'), (n) => n.endsWith('.xml'));
  add(join(ROOT, 'test/fixtures/validate/valid/input.xml'));
  walk(join(ROOT, 'test/fixtures/tei'), (n) => n === 'expected.xml');
  walk(join(ROOT, 'tei'), (n) => n.endsWith('.xml'));
  return out;
}

function firstErrors(names: string[], errs: RngError[][], max = 8): string {
  return errs
    .map((e, k) => (e.length ? `${names[k]}:${e[0]!.line}: ${e[0]!.element ?? ''} ${e[0]!.message}` : ''))
    .filter((s) => s !== '')
    .slice(0, max)
    .join('\n');
}

describe('conformance: the project schema is a subset of TEI and everything written is valid', function () {
  this.timeout(15 * 60 * 1000);
  const docs: { name: string; xml: string; group: 'matrix' | 'fixture' | 'corpus' | 'negative' }[] = [];
  let corpusDocs: { file: string; xml: string; source: string }[] = [];
  let corpusAuthority: { file: string; xml: string }[] = [];
  let project: RngError[][] = [];
  let teiAll: RngError[][] | undefined;

  before(async () => {
    for (const m of matrix()) docs.push({ ...m, group: 'matrix' });
    // Documents both grammars must reject: proof that the batch checks what it claims to.
    docs.push({ name: 'negative date', xml: doc('<p><date when="1938-02-30">x</date></p>'), group: 'negative' });
    docs.push({ name: 'negative element', xml: doc('<p>x <foo/></p>'), group: 'negative' });
    docs.push({ name: 'negative order', xml: doc('<div><p>x</p><head>late</head></div>'), group: 'negative' });
    for (const f of fixtureFiles()) docs.push({ ...f, group: 'fixture' });
    if (existsSync(CORPUS)) {
      const sample = convertSample(corpusSources(STEP));
      corpusDocs = sample.docs;
      corpusAuthority = sample.authority;
      for (const d of sample.docs) docs.push({ name: d.file, xml: d.xml, group: 'corpus' });
      for (const a of sample.authority) docs.push({ name: `authority/${a.file}`, xml: a.xml, group: 'corpus' });
    }
    const xmls = docs.map((d) => d.xml);
    const jobs: Promise<RngError[][]>[] = [validateMany(xmls, PROJECT_SCHEMA_RNG)];
    if (existsSync(TEI_ALL)) jobs.push(validateMany(xmls, readFileSync(TEI_ALL, 'utf8')));
    [project, teiAll] = (await Promise.all(jobs)) as [RngError[][], RngError[][] | undefined];
  });

  for (const group of ['matrix', 'fixture', 'corpus'] as const) {
    it(`validates every ${group} document against schemas/tei-edition.rng`, function () {
      const idx = docs.map((d, k) => (d.group === group ? k : -1)).filter((k) => k >= 0);
      if (group === 'corpus' && idx.length === 0) this.skip();
      assert.ok(idx.length > 0);
      const names = idx.map((k) => docs[k]!.name);
      const errs = idx.map((k) => project[k]!);
      assert.equal(errs.filter((e) => e.length).length, 0, firstErrors(names, errs));
    });

    it(`validates every ${group} document against TEI P5 tei_all.rng`, function () {
      if (!teiAll) this.skip();
      const idx = docs.map((d, k) => (d.group === group ? k : -1)).filter((k) => k >= 0);
      if (group === 'corpus' && idx.length === 0) this.skip();
      const names = idx.map((k) => docs[k]!.name);
      const errs = idx.map((k) => teiAll![k]!);
      assert.equal(errs.filter((e) => e.length).length, 0, firstErrors(names, errs));
    });
  }

  it('finds no error of the editorial rules in the converted corpus sample, lossless against its sources', async function () {
    if (corpusDocs.length === 0) this.skip();
    const v = createValidator({ authority: authorityIndex(corpusAuthority), schemaCheck: false });
    const diags = await v.validate([...corpusDocs.map((d) => ({ file: d.file, xml: d.xml, source: d.source })), ...corpusAuthority]);
    const errors = diags.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.slice(0, 10).map(formatDiagnostic), []);
  });

  it('rejects, in the same batch, documents that neither grammar allows (the check can fail)', function () {
    const idx = docs.map((d, k) => (d.group === 'negative' ? k : -1)).filter((k) => k >= 0);
    for (const k of idx) {
      assert.ok(project[k]!.length > 0, `project schema accepted ${docs[k]!.name}`);
      if (teiAll) assert.ok(teiAll[k]!.length > 0, `tei_all accepted ${docs[k]!.name}`);
    }
  });
});

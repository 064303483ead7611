/**
 * Hostile and unusual input through `tei-edition convert` (a child process, as a user runs it):
 * odd file names, encodings, binary and empty files, control characters, markup, batches with bad
 * documents, determinism and the lock. Binary fixtures are generated here; text fixtures live in
 * test/fixtures/hostile/.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import iconv from 'iconv-lite';
import { diplomaticOf, charDeclarations } from '../property/diplomatic.js';
import { createValidator } from '../../src/validate/index.js';
import { cleanTmp, corpusDir, fixturesDir, listFiles, mkTmp, runCli, squeeze, xmlProblem } from './helpers.js';
import { xmlEvents } from './xmlcheck.js';

const NCNAME = /^[\p{L}_][\p{L}\p{N}._\-\u00b7\u0300-\u036f\u203f\u2040]*$/u;

const LETTER = 'Geneva, 3 March 1938\n\nSir,\n\nI have the honour to report that the Minister called today.\n\n/s/ John Smith\n';

function readTei(dir: string, name: string): string {
  return fs.readFileSync(path.join(dir, `${name}.xml`), 'utf8');
}
function rootId(xml: string): string | undefined {
  const root = xmlEvents(xml).find((e) => e.kind === 'start');
  return root && root.kind === 'start' ? root.attrs['xml:id'] : undefined;
}
/** Assert the TEI of `name` in `dir` is well-formed and carries every non-white-space character of `source`. */
function assertLossless(dir: string, name: string, source: string): string {
  const xml = readTei(dir, name);
  assert.equal(xmlProblem(xml), null, `${name}.xml is not well-formed`);
  assert.equal(squeeze(diplomaticOf(xml)), squeeze(source), `${name}.xml lost or changed text`);
  return xml;
}

describe('hostile input: convert', function () {
  let tmp: string;
  beforeEach(() => { tmp = mkTmp(); });
  afterEach(() => cleanTmp(tmp));

  it('converts files whose names have spaces, &, quotes, markup, a leading dot, non-ASCII and 250 bytes', () => {
    const names = [
      'exhibit 2638 (copy)',
      'Smith & Jones',
      'O\'Brien "draft"',
      '<b onmouseover=alert(1)>',
      '.hidden',
      'Müller–Ōkawa 東京',
      '1938-03-03 memo',
      'a#b%20c?d',
      'x'.repeat(246), // 250-byte file name: the temporary file of an atomic write must not exceed NAME_MAX
    ];
    fs.mkdirSync(path.join(tmp, 'in'));
    for (const n of names) fs.writeFileSync(path.join(tmp, 'in', `${n}.txt`), `${LETTER}${n}\n`);
    const r = runCli(['convert', ...names.map((n) => path.join('in', `${n}.txt`)), '--out', 'tei'], tmp);
    assert.equal(r.status, 0, r.stderr);
    const ids = new Set<string>();
    for (const n of names) {
      const xml = assertLossless(path.join(tmp, 'tei'), n, `${LETTER}${n}\n`);
      const id = rootId(xml);
      assert.ok(id && NCNAME.test(id), `xml:id ${JSON.stringify(id)} of ${JSON.stringify(n)} is not an NCName`);
      ids.add(id);
    }
    assert.equal(ids.size, names.length, 'two files got the same xml:id');
  });

  it('finds sources in a folder whose own name has spaces, & and glob characters', () => {
    const dir = path.join(tmp, 'Box 3 & 4 [1938] {draft} *');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'letter.txt'), LETTER);
    const r = runCli(['convert', dir, '--out', 'tei'], tmp);
    assert.equal(r.status, 0, r.stderr);
    assertLossless(path.join(tmp, 'tei'), 'letter', LETTER);
  });

  it('keeps NUL, ESC and other control characters as <g> pointing at a <char> that records the code point', () => {
    const text = 'MEMORANDUM\u0000\n\nThe Minister\u001b[1m said\u0007 that\u000b the\u007f treaty\u0001 stands.\uFFFF\n\n/s/ J.\u0008 Smith\n';
    fs.writeFileSync(path.join(tmp, 'controls.txt'), text);
    const r = runCli(['convert', 'controls.txt', '--out', 'tei'], tmp);
    assert.equal(r.status, 0, r.stderr);
    const xml = assertLossless(path.join(tmp, 'tei'), 'controls', text);
    const decl = charDeclarations(xml);
    for (const cp of [0x00, 0x1b, 0x07, 0x0b, 0x01, 0x08, 0xffff]) {
      assert.ok([...decl.values()].includes(String.fromCodePoint(cp)), `no <char> declares U+${cp.toString(16)}`);
    }
    assert.match(xml, /<g ref="#[^"]+"\/>/);
  });

  it('refuses a windows-1252 file with file:line:col and the --encoding to use, and reads it with that option', () => {
    const text = 'Geneva, 3 March 1938\r\n\r\nThe Minister\u2019s reply to M. Beneš was \u201cfavourable\u201d \u2014 café.\r\n';
    fs.writeFileSync(path.join(tmp, 'cp1252.txt'), iconv.encode(text, 'windows-1252'));
    const refused = runCli(['convert', 'cp1252.txt', '--out', 'tei'], tmp);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /cp1252\.txt:3:13: error: .*--encoding windows-1252.*\[input-encoding\]/);
    assert.equal(fs.existsSync(path.join(tmp, 'tei', 'cp1252.xml')), false);
    const read = runCli(['convert', 'cp1252.txt', '--out', 'tei', '--encoding', 'windows-1252'], tmp);
    assert.equal(read.status, 0, read.stderr);
    assertLossless(path.join(tmp, 'tei'), 'cp1252', text);
  });

  it('reads UTF-16 with a byte-order mark and UTF-8 with one, and keeps CR line ends and form feeds', () => {
    const text = 'Page one\r\rof the memorandum\f- 2 -\rPage two\r';
    fs.writeFileSync(path.join(tmp, 'u16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    fs.writeFileSync(path.join(tmp, 'bom8.txt'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    const r = runCli(['convert', 'u16.txt', 'bom8.txt', '--out', 'tei'], tmp);
    assert.equal(r.status, 0, r.stderr);
    assertLossless(path.join(tmp, 'tei'), 'u16', text);
    assertLossless(path.join(tmp, 'tei'), 'bom8', text);
    assert.match(readTei(path.join(tmp, 'tei'), 'u16'), /<pb\b/);
  });

  it('goes on after bad documents: converts the good ones, lists what failed and why, and exits 1', () => {
    const src = path.join(tmp, 'src');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'a-good.txt'), LETTER);
    fs.writeFileSync(path.join(src, 'b-image.txt'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]));
    fs.writeFileSync(path.join(src, 'c-zeros.txt'), Buffer.alloc(4096));
    fs.writeFileSync(path.join(src, 'd-latin1.txt'), iconv.encode('Caf\u00e9 de la Paix\n', 'latin1'));
    fs.writeFileSync(path.join(src, 'e-utf16-nobom.txt'), Buffer.from('Memorandum of conversation\n', 'utf16le'));
    fs.writeFileSync(path.join(src, 'f-good.txt'), LETTER.replace('Smith', 'Jones'));
    const r = runCli(['convert', 'src', '--out', 'tei'], tmp);
    assert.equal(r.status, 1, r.stderr);
    assertLossless(path.join(tmp, 'tei'), 'a-good', LETTER);
    assertLossless(path.join(tmp, 'tei'), 'f-good', LETTER.replace('Smith', 'Jones'));
    assert.match(r.stderr, /b-image\.txt:1:1: error: not a text file: this looks like a PNG image.*\[input-binary\]/);
    assert.match(r.stderr, /c-zeros\.txt:1:1: error: not a text file: .*NUL.*\[input-binary\]/);
    assert.match(r.stderr, /d-latin1\.txt:1:4: error: not valid UTF-8.*--encoding windows-1252.*\[input-encoding\]/);
    assert.match(r.stderr, /e-utf16-nobom\.txt:1:1: error: .*--encoding utf-16le.*\[input-encoding\]/);
    for (const bad of ['b-image', 'c-zeros', 'd-latin1', 'e-utf16-nobom']) {
      assert.equal(fs.existsSync(path.join(tmp, 'tei', `${bad}.xml`)), false, `${bad}.xml written for a refused file`);
    }
    const summary = r.stderr.split('\n').filter((l) => /failed/.test(l)).join('\n');
    for (const bad of ['b-image', 'c-zeros', 'd-latin1', 'e-utf16-nobom']) assert.match(summary, new RegExp(bad), `summary does not list ${bad}`);
  });

  it('converts an empty and a white-space-only file to TEI valid against the project schema and tei_all, with an input-empty warning', async () => {
    fs.writeFileSync(path.join(tmp, 'empty.txt'), '');
    fs.writeFileSync(path.join(tmp, 'blank.txt'), ' \r\n\t\f\n  \n');
    const r = runCli(['convert', 'empty.txt', 'blank.txt', '--out', 'tei', '--verbose'], tmp);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /empty\.txt:1:1: warning: .*\[input-empty\]/);
    assert.match(r.stderr, /blank\.txt:1:1: warning: .*\[input-empty\]/);
    const docs = ['empty', 'blank'].map((n) => ({ file: `${n}.xml`, xml: readTei(path.join(tmp, 'tei'), n), source: fs.readFileSync(path.join(tmp, `${n}.txt`), 'utf8') }));
    for (const d of docs) {
      assert.equal(xmlProblem(d.xml), null);
      assert.match(d.xml, /<body>/);
    }
    const teiAll = path.join(corpusDir, '..', 'tei', 'tei_all.rng');
    const validator = createValidator(fs.existsSync(teiAll) ? { teiAll: fs.readFileSync(teiAll, 'utf8') } : {});
    const errors = (await validator.validate(docs)).filter((d) => d.severity === 'error');
    assert.deepEqual(errors, []);
  });

  it('escapes markup of the source in TEI and keeps it as text', () => {
    const text = fs.readFileSync(path.join(fixturesDir, 'markup.txt'), 'utf8');
    fs.copyFileSync(path.join(fixturesDir, 'markup.txt'), path.join(tmp, 'markup.txt'));
    const r = runCli(['convert', 'markup.txt', '--out', 'tei'], tmp);
    assert.equal(r.status, 0, r.stderr);
    const xml = assertLossless(path.join(tmp, 'tei'), 'markup', text);
    const names = new Set(xmlEvents(xml).filter((e) => e.kind === 'start').map((e) => (e.kind === 'start' ? e.name : '')));
    for (const injected of ['script', 'img', 'svg', 'a', 'original', 'x@y', 'b']) assert.equal(names.has(injected), false, `<${injected}> from the source became an element`);
    assert.doesNotMatch(xml, /<!\[CDATA\[ raw/);
    assert.doesNotMatch(xml, /<\?php/);
  });

  it('writes byte-identical files when the same sources are converted twice', () => {
    const text = fs.readFileSync(path.join(fixturesDir, 'markup.txt'), 'utf8');
    fs.mkdirSync(path.join(tmp, 'src'));
    fs.writeFileSync(path.join(tmp, 'src', 'markup.txt'), text);
    fs.writeFileSync(path.join(tmp, 'src', 'letter.txt'), LETTER);
    fs.writeFileSync(path.join(tmp, 'src', 'controls.txt'), 'a\u0000b\u001bc\n');
    assert.equal(runCli(['convert', 'src', '--out', 'one'], tmp).status, 0);
    assert.equal(runCli(['convert', 'src', '--out', 'two', '--jobs', '2'], tmp).status, 0);
    const one = listFiles(path.join(tmp, 'one')).filter((f) => !f.includes('.tei-edition'));
    const two = listFiles(path.join(tmp, 'two')).filter((f) => !f.includes('.tei-edition'));
    assert.deepEqual(one, two);
    assert.ok(one.includes('markup.xml'));
    for (const f of one) {
      assert.ok(fs.readFileSync(path.join(tmp, 'one', f)).equals(fs.readFileSync(path.join(tmp, 'two', f))), `${f} differs between two runs`);
    }
  });

  it('never rewrites a hand-edited authority file that is not well-formed, and says where it is broken', () => {
    fs.writeFileSync(path.join(tmp, 'a.txt'), 'Geneva, 3 March 1938\n\nThe Minister Litvinov met Mr. Smith in Geneva.\n\n/s/ John Smith\n');
    assert.equal(runCli(['convert', 'a.txt', '--out', 'tei'], tmp).status, 0);
    const persons = path.join(tmp, 'tei', 'authority', 'persons.xml');
    const lines = fs.readFileSync(persons, 'utf8').split('\n');
    const k = lines.findIndex((l) => l.includes('<persName type="main">'));
    assert.ok(k >= 0, 'no persName in the generated authority file');
    lines[k] = lines[k]!.replace(/<persName type="main">/, '<persName type="main">Bene&scaron; ');
    const edited = lines.join('\n');
    fs.writeFileSync(persons, edited);
    const col = lines[k]!.indexOf('&scaron;') + 1;
    const r = runCli(['convert', 'a.txt', '--out', 'tei'], tmp);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`persons\\.xml:${k + 1}:${col}: error: .*&scaron;.*\\[xml-wellformed\\]`));
    assert.match(r.stderr, /\[authority-not-written\]/);
    assert.equal(fs.readFileSync(persons, 'utf8'), edited, 'the editor\'s authority file was rewritten');
  });
});

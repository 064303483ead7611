import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanScratch, runCli, scratchDir } from './helpers.js';

/** Edit a generated TEI file as an editor would: correct a name and add an editorial note. */
export function editTei(path: string, name: string, corrected: string, note: string): void {
  const xml = readFileSync(path, 'utf8');
  const at = xml.indexOf(name, xml.indexOf('<body>'));
  assert.ok(at > 0, `${name} not found in the body of ${path}`);
  let edited = `${xml.slice(0, at)}<choice><sic>${name}</sic><corr>${corrected}</corr></choice>${xml.slice(at + name.length)}`;
  const ends = ['</p>', '</ab>', '</head>'].map((t) => edited.indexOf(t, at)).filter((i) => i > 0);
  assert.ok(ends.length > 0, `no paragraph after ${name} in ${path}`);
  const p = Math.min(...ends);
  edited = `${edited.slice(0, p)}<note type="editorial">${note}</note>${edited.slice(p)}`;
  writeFileSync(path, edited);
}

describe('convert', () => {
  after(cleanScratch);

  it('writes the good files of a batch, names the bad one in one line and exits 1', async () => {
    const dir = scratchDir('cli/batch-one-bad');
    const r = await runCli(['convert', 'sources', '--out', 'tei', '--quiet'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(existsSync(join(dir, 'tei', 'letter-a.xml')), 'letter-a.xml written');
    assert.ok(existsSync(join(dir, 'tei', 'memo-c.xml')), 'memo-c.xml (from a subfolder) written');
    assert.ok(!existsSync(join(dir, 'tei', 'scan.xml')), 'nothing written for the binary file');
    assert.ok(!existsSync(join(dir, 'tei', 'letter-a.gold.xml')), 'gold annotations are not sources');
    const errors = r.stderr.split('\n').filter((l) => /: error: /.test(l));
    assert.equal(errors.length, 1, r.stderr);
    assert.match(errors[0]!, /^sources\/scan\.txt:\d+:\d+: error: /);
  });

  it('fills the header from the metadata.csv of the source folder', async () => {
    const dir = scratchDir('cli/batch-one-bad');
    await runCli(['convert', 'sources/sub', '--out', 'tei', '--quiet'], dir);
    const xml = readFileSync(join(dir, 'tei', 'memo-c.xml'), 'utf8');
    assert.match(xml, /Memorandum, on the trade treaty/);
  });

  it('points every TEI file at the schema copied beside it and writes the authority files', async () => {
    const dir = scratchDir('build/edition');
    const r = await runCli(['convert', 'sources', '--out', 'out', '--quiet'], dir);
    assert.equal(r.code, 0, r.stderr);
    const xml = readFileSync(join(dir, 'out', 'letter-a.xml'), 'utf8');
    assert.match(xml, /<\?xml-model href="schemas\/tei-edition\.rng"/);
    assert.ok(existsSync(join(dir, 'out', 'schemas', 'tei-edition.rng')));
    for (const f of ['persons.xml', 'places.xml', 'orgs.xml']) assert.ok(existsSync(join(dir, 'out', 'authority', f)), f);
  });

  it('refuses to overwrite a hand-edited file without --force, saying so, and replaces it with --force', async () => {
    const dir = scratchDir('build/edition');
    assert.equal((await runCli(['convert', 'sources', '--out', 'tei', '--quiet'], dir)).code, 0);
    const path = join(dir, 'tei', 'letter-a.xml');
    editTei(path, 'Litvinov', 'Litvinoff', 'Name checked against the carbon copy.');
    const edited = readFileSync(path, 'utf8');
    const again = await runCli(['convert', 'sources', '--out', 'tei', '--quiet'], dir);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /letter-a\.xml:1:1: error: edited by hand since it was generated: not overwritten \(use --force to replace it\) \[tei-edited\]/);
    assert.equal(readFileSync(path, 'utf8'), edited, 'the edit is intact');
    const forced = await runCli(['convert', 'sources', '--out', 'tei', '--force', '--quiet'], dir);
    assert.equal(forced.code, 0, forced.stderr);
    assert.doesNotMatch(readFileSync(path, 'utf8'), /Litvinoff/);
  });

  it('overwrites its own untouched output without --force', async () => {
    const dir = scratchDir('build/edition');
    assert.equal((await runCli(['convert', 'sources', '--out', 'tei', '--quiet'], dir)).code, 0);
    const r = await runCli(['convert', 'sources', '--out', 'tei', '--quiet'], dir);
    assert.equal(r.code, 0, r.stderr);
  });
});

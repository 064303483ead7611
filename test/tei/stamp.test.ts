import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkStamp, stampTei } from '../../src/tei/index.js';
import { teiFixtures } from './helpers.js';

const generated = readFileSync(join(teiFixtures, 'write', 'certified-diary', 'expected.xml'), 'utf8');

describe('tei: generation stamp (hand-edit detection, issue 4)', () => {
  const stamped = stampTei(generated);
  it('puts the stamp on the line after the XML declaration, before the xml-model PI', () => {
    const lines = stamped.split('\n');
    assert.equal(lines[0], '<?xml version="1.0" encoding="UTF-8"?>');
    assert.match(lines[1]!, /^<\?tei-edition generator="tei-edition 0\.1\.0" digest="sha256:[0-9a-f]{64}"\?>$/);
    assert.match(lines[2]!, /^<\?xml-model /);
  });
  it('recognises its own untouched output as generated', () => {
    assert.equal(checkStamp(stamped), 'generated');
  });
  it('still counts a file as generated after CRLF line ends or a BOM were added', () => {
    assert.equal(checkStamp(stamped.replace(/\n/g, '\r\n')), 'generated');
    assert.equal(checkStamp('\ufeff' + stamped), 'generated');
  });
  it('counts any other change as an edit: a corrected name, an added note, changed white space', () => {
    assert.equal(checkStamp(stamped.replace('>LIEVINOV<', '>LITVINOV<')), 'edited');
    assert.equal(checkStamp(stamped.replace('</p>', '<note type="editorial">checked</note></p>')), 'edited');
    assert.equal(checkStamp(stamped.replace('Mr. Y. thanked', 'Mr. Y.  thanked')), 'edited');
  });
  it('counts a forged or damaged digest as an edit and a file without a stamp as unstamped', () => {
    assert.equal(checkStamp(stamped.replace(/sha256:[0-9a-f]{4}/, 'sha256:0000')), 'edited');
    assert.equal(checkStamp(stamped.replace(/ digest="[^"]*"/, '')), 'edited');
    assert.equal(checkStamp(generated), 'unstamped');
  });
  it('is idempotent: stamping a stamped file gives the same bytes, and restamping an edit makes it generated', () => {
    assert.equal(stampTei(stamped), stamped);
    const edited = stamped.replace('>LIEVINOV<', '>LITVINOV<');
    assert.equal(checkStamp(stampTei(edited)), 'generated');
  });
});

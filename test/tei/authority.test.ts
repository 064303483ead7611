import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { positionOf, type Authority } from '../../src/model/index.js';
import { authorityToTei, readAuthority } from '../../src/tei/index.js';
import { teiFixtures } from './helpers.js';

const dir = join(teiFixtures, 'authority');

describe('tei: authority files', () => {
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.xml')).sort()) {
    it(`reads ${f} into the entries and diagnostics of ${f.replace(/\.xml$/, '.expected.json')}`, () => {
      const got = readAuthority(readFileSync(join(dir, f), 'utf8'), f);
      assert.deepEqual(got, JSON.parse(readFileSync(join(dir, f.replace(/\.xml$/, '.expected.json')), 'utf8')));
    });
  }

  const authority: Authority = {
    entries: [
      { id: 'tokyo', type: 'place', name: 'Tokyo', variants: ['TOKIO'], idnos: [{ type: 'geonames', value: '1850147' }], reviewed: true },
      { id: 'litvinov', type: 'person', name: 'Litvinov', variants: ['LIEVINOV', 'Litvinov'], note: 'Soviet diplomat', idnos: [{ type: 'wikidata', value: 'Q158200' }], reviewed: true },
      { id: 'karakhan', type: 'person', name: 'Karakhan', variants: ['Karahan'], idnos: [], reviewed: false },
      { id: 'cshro', type: 'org', name: 'Central State Historical Record Office', variants: [], idnos: [], reviewed: false },
    ],
  };

  it('writes one entry per entity, sorted by xml:id, with main name, variants, note and idnos', () => {
    const xml = authorityToTei(authority, 'person');
    assert.match(xml, /<listPerson>\n {8}<person xml:id="karakhan" cert="low">\n {10}<persName type="main">Karakhan<\/persName>\n {10}<persName type="variant">Karahan<\/persName>\n {8}<\/person>\n {8}<person xml:id="litvinov">/);
    assert.match(xml, /<persName type="variant">LIEVINOV<\/persName>\n {10}<note>Soviet diplomat<\/note>\n {10}<idno type="wikidata">Q158200<\/idno>/);
    assert.ok(!xml.includes('<persName type="variant">Litvinov</persName>'), 'the main name is not repeated as a variant');
  });

  it('reads back exactly what it wrote, for every entity type', () => {
    const files = authorityToTei(authority);
    const back = [files.persons, files.places, files.orgs].flatMap((x, i) => readAuthority(x, `f${i}.xml`).value.entries);
    const norm = (a: Authority['entries']) => a.map((e) => ({ ...e, variants: e.variants.filter((v) => v !== e.name) })).sort((x, y) => x.id.localeCompare(y.id));
    assert.deepEqual(norm(back), norm(authority.entries));
  });

  it('writes a valid file with no list when a type has no entries', () => {
    const xml = authorityToTei({ entries: [] }, 'org');
    assert.ok(!xml.includes('<listOrg>'));
    assert.deepEqual(readAuthority(xml, 'orgs.xml'), { value: { entries: [] }, diagnostics: [] });
  });
});

describe('tei: authority files with nested entries', () => {
  it('reads a place nested in a place as two entries, in document order', () => {
    const xml = '<TEI><text><body><listPlace><place xml:id="japan"><placeName>Japan</placeName><place xml:id="tokyo"><placeName>Tokyo</placeName><placeName type="variant">TOKIO</placeName></place><idno type="wikidata">Q17</idno></place></listPlace></body></text></TEI>';
    const r = readAuthority(xml, 'places.xml');
    assert.deepEqual(r.value.entries.map((e) => [e.id, e.name, e.variants, e.idnos.map((i) => i.value)]), [['japan', 'Japan', [], ['Q17']], ['tokyo', 'Tokyo', ['TOKIO'], []]]);
    assert.deepEqual(r.diagnostics, []);
  });
  it('reads an entry whose start tag holds an 840,000-character run outside quotes in one linear pass (the FC_SEED=3 fuzz case took minutes)', function () {
    this.timeout(10_000);
    const run = 'A&amp;'.repeat(140_000);
    const xml = `<TEI><text><body><listPerson><person xml:id="p1" n=${run} cert="low"><persName>Xu</persName></person></listPerson></body></text></TEI>`;
    const r = readAuthority(xml, 'persons.xml');
    assert.deepEqual(r.value.entries.map((e) => [e.id, e.name, e.reviewed]), [['p1', 'Xu', false]]);
  });
  it('places every repeated xml:id at its line and column across LF, CRLF and CR line ends', () => {
    const entry = (k: number, eol: string): string => `<person xml:id="p${k % 3}">${eol}<persName>N${k}</persName></person>${eol}`;
    const xml = `<TEI><text><body><listPerson>\n${Array.from({ length: 12 }, (_, k) => entry(k, ['\n', '\r\n', '\r'][k % 3]!)).join('')}</listPerson></body></text></TEI>`;
    const got = readAuthority(xml, 'persons.xml').diagnostics.filter((d) => d.rule === 'authority-duplicate-id');
    const want = [...xml.matchAll(/<person /g)].slice(3).map((m) => positionOf(xml, m.index));
    assert.equal(got.length, 9);
    assert.deepEqual(got.map((d) => [d.line, d.column]), want.map((p) => [p.line, p.column]));
  });
});

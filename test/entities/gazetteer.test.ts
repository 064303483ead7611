import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGazetteer, gazetteer, gazetteerData, gazetteerFromData, gazetteerSource, type GazetteerData, type PlaceEntry } from '../../src/entities/gazetteer.js';
import { lexicon, lexiconData, lexiconSource } from '../../src/entities/lexicon.js';
import { SortedLines, sortedLines } from '../../src/entities/sorted.js';
import { decodeData, encodeData } from '../../src/entities/precomputed.js';

const entitiesDir = join(import.meta.dirname, '..', '..', 'src', 'entities');
const require = (await import('node:module')).createRequire(import.meta.url);

describe('precomputed gazetteer and lexicons', function () {
  this.timeout(60000);
  const built = buildGazetteer();
  const data = gazetteerData();
  const loaded = gazetteerFromData(data);

  it('gives every folded name the same entry as the maps built from the packages, names of one place sharing one object', () => {
    const seen = new Map<PlaceEntry, PlaceEntry>();
    let n = 0;
    for (const [k, e] of built.byName) {
      const got = loaded.byName.get(k);
      assert.deepEqual(got, e, k);
      assert.equal(loaded.byName.has(k), true, k);
      const first = seen.get(e);
      if (first) assert.equal(got, first, `${k} shares its entry`);
      else seen.set(e, got!);
      n++;
    }
    assert.equal([...loaded.byName.entries()].length, n);
    for (const k of ['', 'zzzz not a place', 'tokyo ', ' tokyo', 'Tokyo', '\t', 'a\tb']) assert.equal(loaded.byName.get(k), built.byName.get(k), JSON.stringify(k));
  });

  it('answers the same first words, longest name, abbreviations and demonyms as the maps built from the packages', () => {
    assert.equal(loaded.maxTokens, built.maxTokens);
    for (const [w, n] of built.firstWord) assert.equal(loaded.firstWord.get(w), n, w);
    for (const w of ['', 'zzzz', 'new y']) assert.equal(loaded.firstWord.get(w), built.firstWord.get(w));
    assert.deepEqual([...loaded.abbreviations].map(([a, e]) => [a, e]), [...built.abbreviations]);
    assert.equal(loaded.abbreviations.get('USSR'), loaded.byName.get('soviet union'));
    assert.deepEqual([...loaded.demonyms], [...built.demonyms]);
  });

  it('writes at build time exactly the data the packages give, and the process gazetteer uses it', function () {
    const file = join(entitiesDir, 'gazetteer.data.txt');
    if (!existsSync(file)) this.skip();
    const written = decodeData<GazetteerData>(readFileSync(file));
    assert.equal(written.source, gazetteerSource());
    assert.deepEqual(written, data);
    assert.deepEqual(gazetteer().byName.get('tokyo'), built.byName.get('tokyo'));
  });

  it('writes at build time exactly the lexicons the packages give, and looks words up as the Sets did', function () {
    const d = lexiconData();
    const file = join(entitiesDir, 'lexicon.data.txt');
    if (existsSync(file)) assert.deepEqual(decodeData(readFileSync(file)), d);
    assert.equal(d.source, lexiconSource());
    const names = new Set(Object.keys(require('humannames') as Record<string, number>));
    const english = new Set(require('an-array-of-english-words') as string[]);
    const lex = lexicon();
    for (const w of names) assert.equal(lex.names.has(w), true, w);
    for (const w of english) assert.equal(lex.english.has(w), true, w);
    for (const w of ['', 'Zzzzqx', 'barnes', 'Barnes ', 'House', 'a\tb', '\n']) {
      assert.equal(lex.names.has(w), names.has(w), JSON.stringify(w));
      assert.equal(lex.english.has(w), english.has(w), JSON.stringify(w));
    }
  });
});

describe('precomputed data files', () => {
  it('read back every field as written: long strings with tabs, line breaks and other scripts, short strings, numbers and arrays', () => {
    const data = { source: 'abc', long: `\nkey\tvalue\n${'x'.repeat(300)}\n`, wide: `\nBüchner\tÉmile\n${'ż'.repeat(300)}\n\u{1F600}`, short: 'é\t\n', n: 3, list: [['USSR', 12]], empty: '' };
    assert.deepEqual(decodeData(encodeData(data)), data);
    assert.equal(encodeData(data).indexOf(10) > 0 && /^[\x00-\x7f]*$/.test(encodeData(data).toString('latin1', 0, encodeData(data).indexOf(10))), true, 'the header line is ASCII');
  });
});

describe('sorted lines', () => {
  it('find every key and its value, and nothing else, including keys that sort around tabs and prefixes', () => {
    const rows: [string, string?][] = [['b', '1'], ['a'], ['ab', ''], ['a b', 'x\ty'], ['é', '2'], ['A', '3'], [' ', '4'], ['', '5'], ['abc']];
    const s = new SortedLines(sortedLines(rows));
    for (const [k, v] of rows) assert.equal(s.value(k), v ?? '', JSON.stringify(k));
    for (const k of ['c', 'aa', 'abcd', 'a\t', 'B', '  ', 'e']) assert.equal(s.has(k), false, JSON.stringify(k));
    assert.deepEqual([...s.entries()].map(([k]) => k), ['', ' ', 'A', 'a', 'a b', 'ab', 'abc', 'b', 'é']);
    assert.equal(new SortedLines(sortedLines([])).has(''), false);
  });

  it('refuse keys that would break the lines', () => {
    assert.throws(() => sortedLines([['a\nb']]));
    assert.throws(() => sortedLines([['a\tb']]));
    assert.throws(() => sortedLines([['a'], ['a']]));
  });
});

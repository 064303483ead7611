/**
 * Entities: recognition against a fixture table of real sentences (test/fixtures/entities/sentences.txt,
 * gold annotation syntax), linking and consistency over fixture collections
 * (test/fixtures/entities/collections/NAME/*.txt: the same key must get the same ref, different keys
 * different refs), the OCR-similarity table, authority linking and the review decisions.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { recogniseCollection, ocrSimilar, fold, slug, surnameOf, gazetteer } from '../../src/entities/index.js';
import { applyDecision, emptyDecisions, parseDecisions, reviewList, serialiseDecisions } from '../../src/entities/review.js';
import type { Authority, AuthorityEntry, DocumentModel, EntityMention } from '../../src/model/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'entities');
const MENTION = /\{([plo])(?::([^|{}]+))?\|([^{}]*)\}/g;
const LETTER = { person: 'p', place: 'l', org: 'o' } as const;

function model(name: string, text: string): DocumentModel {
  const span = { start: 0, end: text.length };
  return {
    source: { name, path: `${name}.txt`, text, encoding: 'utf-8' },
    front: [],
    body: [{ kind: 'div', type: 'document', span, blocks: [{ kind: 'p', span, parts: [{ kind: 'text', span }] }] }],
    back: [],
    meta: { idnos: [], custodialEvents: [], language: 'en' },
  };
}

/** Gold syntax → plain text and mentions (type letter, key, offsets). */
function parseGold(gold: string): { text: string; mentions: { t: string; key: string; start: number; end: number }[] } {
  const mentions: { t: string; key: string; start: number; end: number }[] = [];
  let shift = 0;
  for (const m of gold.matchAll(MENTION)) {
    const start = m.index! - shift;
    mentions.push({ t: m[1]!, key: m[2] ?? '', start, end: start + m[3]!.length });
    shift += m[0].length - m[3]!.length;
  }
  return { text: gold.replace(MENTION, (_a, _t, _k, s: string) => s), mentions };
}

/** Mentions written back into the text in the gold syntax (without keys), so a failure shows a readable diff. */
function annotate(text: string, ms: EntityMention[]): string {
  let out = '';
  let pos = 0;
  for (const m of ms) {
    out += text.slice(pos, m.span.start) + `{${LETTER[m.type]}|` + text.slice(m.span.start, m.span.end) + '}';
    pos = m.span.end;
  }
  return out + text.slice(pos);
}

// The gazetteer is built once per process (GeoNames cities and countries); build it before the cases run.
before(function () {
  this.timeout(120000);
  gazetteer();
});

describe('entities: recognition of real sentences (no authority)', () => {
  const lines = fs.readFileSync(path.join(fixtures, 'sentences.txt'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  for (const line of lines) {
    it(`marks ${line.length > 70 ? line.slice(0, 70) + '…' : line}`, () => {
      const { text } = parseGold(line);
      const r = recogniseCollection([model('s', text)], { entries: [] });
      assert.equal(annotate(text, r.value.mentions.get('s') ?? []), line.replace(/\{([plo]):[^|{}]+\|/g, '{$1|'));
    });
  }
});

describe('entities: linking and consistency across a collection', () => {
  for (const dir of fs.readdirSync(path.join(fixtures, 'collections')).sort()) {
    it(`gives one ref per entity and marks every mention in the ${dir} collection`, () => {
      const folder = path.join(fixtures, 'collections', dir);
      const files = fs.readdirSync(folder).filter((f) => f.endsWith('.txt')).sort();
      const golds = files.map((f) => ({ name: f.replace(/\.txt$/, ''), ...parseGold(fs.readFileSync(path.join(folder, f), 'utf8')) }));
      const r = recogniseCollection(golds.map((g) => model(g.name, g.text)), { entries: [] });
      const refByKey = new Map<string, string>();
      const keyByRef = new Map<string, string>();
      for (const g of golds) {
        const got = r.value.mentions.get(g.name) ?? [];
        assert.equal(annotate(g.text, got), fs.readFileSync(path.join(folder, `${g.name}.txt`), 'utf8').replace(/\{([plo]):[^|{}]+\|/g, '{$1|'), `${dir}/${g.name}`);
        for (const m of g.mentions) {
          const s = got.find((x) => x.span.start === m.start && x.span.end === m.end)!;
          const k = `${m.t}:${m.key}`;
          assert.ok(s.ref, `${g.text.slice(m.start, m.end)} has a ref`);
          const ref = `${m.t}:${s.ref}`;
          assert.equal(refByKey.get(k) ?? ref, ref, `${g.text.slice(m.start, m.end)} (${k}) links like the other mentions of its entity`);
          assert.equal(keyByRef.get(ref) ?? k, k, `${g.text.slice(m.start, m.end)} (${k}) is not merged with another entity`);
          refByKey.set(k, ref);
          keyByRef.set(ref, k);
        }
      }
    });
  }

  it('records an evident OCR misreading of a well-attested name as corr', () => {
    const docs = [model('a', 'M. M. LIEVINOV met him.'), model('b', 'Litvinov said so. Litvinov replied. Litvinov asked.')];
    const r = recogniseCollection(docs, { entries: [] });
    const m = r.value.mentions.get('a')![0]!;
    assert.equal(m.ref, 'litvinov');
    assert.equal(m.corr, 'M. M. LITVINOV');
  });

  it('is deterministic: the same collection gives the same mentions and authority', () => {
    const docs = ['a.txt', 'b.txt'].map((f) => model(f, parseGold(fs.readFileSync(path.join(fixtures, 'collections', 'seeds-like', f), 'utf8')).text));
    assert.deepEqual(recogniseCollection(docs, { entries: [] }).value, recogniseCollection(docs, { entries: [] }).value);
  });
});

describe('entities: OCR-tolerant name matching', () => {
  const rows = fs.readFileSync(path.join(fixtures, 'ocr.tsv'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  for (const row of rows) {
    const [a, b, yes] = row.split('\t');
    it(`judges ${a} and ${b} ${yes === 'yes' ? 'one name' : 'different names'}`, () => {
      assert.equal(ocrSimilar(fold(a!), fold(b!)), yes === 'yes');
    });
  }

  it('folds umlauts and their ue spelling alike, and makes NCName slugs', () => {
    assert.equal(fold('Flossenbürg'), fold('Flossenbuerg'));
    assert.equal(fold("Shigemitsu's"), 'shigemitsu');
    assert.equal(slug('League of Nations'), 'league-of-nations');
    assert.equal(slug('588'), 'n-588');
    assert.equal(surnameOf('Veith, Jean'), 'veith');
    assert.equal(surnameOf('M. M. Litvinov'), 'litvinov');
  });
});

const entry = (id: string, type: AuthorityEntry['type'], name: string, variants: string[] = [], reviewed = true): AuthorityEntry => ({ id, type, name, variants, idnos: [], reviewed });

describe('entities: linking to an authority', () => {
  const authority: Authority = { entries: [entry('litvinov', 'person', 'Maxim Litvinov', ['M. M. Litvinov']), entry('yoshizawa', 'person', 'Kenkichi Yoshizawa', ['Yoshisawa'])] };

  it('links OCR variants to the curated entry and lists the fuzzy match for review', () => {
    const r = recogniseCollection([model('a', 'M. M. LIEVINOV met Mr. Yoshizawa. Oshisawa said nothing.')], authority);
    assert.deepEqual(r.value.mentions.get('a')!.map((m) => m.ref), ['litvinov', 'yoshizawa', 'yoshizawa']);
    assert.ok(r.value.review.some((x) => x.kind === 'fuzzy' && x.id === 'litvinov'));
  });

  it('adds entities met for the first time as unreviewed entries, never merged into existing ones', () => {
    const r = recogniseCollection([model('a', 'Mr. Hirota said that Mr. Yoshisawa agreed.')], authority);
    const hirota = r.value.authority.entries.find((e) => e.id === 'hirota');
    assert.ok(hirota && !hirota.reviewed);
    assert.equal(r.value.authority.entries.filter((e) => e.type === 'person').length, 3);
    assert.equal(r.value.authority.entries.find((e) => e.id === 'litvinov')!.reviewed, true);
  });

  it('does not tag a name an editor rejected', () => {
    const r = recogniseCollection([model('a', 'Mr. Following said so.')], { entries: [] }, { rejected: [{ type: 'person', name: 'Following' }] });
    assert.deepEqual(r.value.mentions.get('a'), []);
  });
});

describe('entities: review decisions', () => {
  const authority: Authority = {
    entries: [entry('litvinov', 'person', 'Maxim Litvinov'), entry('lievinov', 'person', 'LIEVINOV', [], false), entry('following', 'person', 'Following', [], false)],
  };

  it('lists unreviewed entries with the contexts of their mentions', () => {
    const list = reviewList(authority, new Map([['lievinov', ['tei/a.xml:3:5']]]));
    assert.deepEqual(list.map((e) => [e.id, e.reason, e.contexts]), [['following', 'new', []], ['lievinov', 'new', ['tei/a.xml:3:5']]]);
  });

  it('accepts an entry by marking it reviewed', () => {
    const r = applyDecision(authority, emptyDecisions(), { action: 'accept', id: 'lievinov' });
    assert.equal(r.authority.entries.find((e) => e.id === 'lievinov')!.reviewed, true);
  });

  it('merges an entry into another: its names become variants of the target, and later runs link them there', () => {
    const r = applyDecision(authority, emptyDecisions(), { action: 'merge', id: 'lievinov', into: 'litvinov' });
    assert.equal(r.authority.entries.some((e) => e.id === 'lievinov'), false);
    assert.deepEqual(r.authority.entries.find((e) => e.id === 'litvinov')!.variants, ['LIEVINOV']);
    assert.deepEqual(r.decisions.merged, [{ from: 'lievinov', into: 'litvinov' }]);
    const again = recogniseCollection([model('a', 'Professor LIEVINOV came.')], r.authority);
    assert.equal(again.value.mentions.get('a')![0]!.ref, 'litvinov');
  });

  it('rejects an entry: removed, and its name recorded so that it is not tagged again', () => {
    const r = applyDecision(authority, emptyDecisions(), { action: 'reject', id: 'following' });
    assert.equal(r.authority.entries.some((e) => e.id === 'following'), false);
    const kept = parseDecisions(serialiseDecisions(r.decisions));
    assert.deepEqual(kept.rejected, [{ type: 'person', name: 'Following' }]);
    const again = recogniseCollection([model('a', 'Mr. Following said so.')], r.authority, kept);
    assert.deepEqual(again.value.mentions.get('a'), []);
  });

  it('refuses unknown ids and merges across types, and reads a malformed decisions file as empty', () => {
    assert.match(applyDecision(authority, emptyDecisions(), { action: 'accept', id: 'nobody' }).error ?? '', /no entry/);
    const mixed: Authority = { entries: [...authority.entries, entry('tokyo', 'place', 'Tokyo')] };
    assert.match(applyDecision(mixed, emptyDecisions(), { action: 'merge', id: 'tokyo', into: 'litvinov' }).error ?? '', /cannot merge/);
    assert.deepEqual(parseDecisions('{not json'), emptyDecisions());
  });
});

describe('entities: invariants on arbitrary text', () => {
  it('returns sorted, non-overlapping mentions inside the text, each with a ref, for any mix of names, marks and white space', async () => {
    const fc = (await import('fast-check')).default;
    const pieces = ['Mr. ', 'Dr ', 'Y. ', 'S. M. ', 'Bruce', 'Litvinov', 'LIEVINOV', "'s ", 'U.S.S.R.', 'U S S R', ' of the ', 'Ministry', 'Office',
      'Foreign', ' said ', '/s/ ', ', ', '.\n', '\n\n', 'Tokyo', 'Berlin', 'Japanese', 'League of Nations', '[1] ', ' who ', 'Hill 588', '\t', '\u0000', 'é', '', ':'];
    fc.assert(fc.property(fc.array(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((a) => a.join('')), { minLength: 1, maxLength: 3 }), (texts) => {
      const docs = texts.map((t, i) => model(`d${i}`, t));
      const r = recogniseCollection(docs, { entries: [] });
      for (const d of docs) {
        const ms = r.value.mentions.get(d.source.name)!;
        let last = 0;
        for (const m of ms) {
          if (m.span.start < last || m.span.end <= m.span.start || m.span.end > d.source.text.length || !m.ref) return false;
          last = m.span.end;
        }
      }
      return new Set(r.value.authority.entries.map((e) => e.id)).size === r.value.authority.entries.length;
    }), { numRuns: 200, seed: 42 });
  });
});

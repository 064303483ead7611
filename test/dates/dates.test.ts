/**
 * Dates: the normaliser against a fixture table of real expressions (test/fixtures/dates/normalise.tsv)
 * and findDates against fixture folders written in the gold annotation syntax of the corpus
 * (`{d:VALUE|surface}`, test/fixtures/dates/find/NAME/expected.txt with case.json).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { findDates, normaliseDate } from '../../src/dates/index.js';
import type { DateValue, DocumentModel, Source } from '../../src/model/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'dates');

/** A DateValue as the gold files and score.py write it, `~` appended when @cert is set. */
function show(v: DateValue | undefined): string {
  if (!v) return '-';
  const s = v.when ?? (v.from && v.to ? `${v.from}/${v.to}` : v.notBefore && v.notAfter ? `${v.notBefore}/${v.notAfter}` : '?');
  return v.cert ? `${s}~` : s;
}

function model(text: string, date?: string, furniture: { start: number; end: number }[] = []): DocumentModel {
  const source: Source = { name: 't', path: 't.txt', text, encoding: 'utf-8' };
  const span = { start: 0, end: text.length };
  return {
    source,
    front: furniture.map((f) => ({ kind: 'fw' as const, fwType: 'pageNum' as const, span: f })),
    body: [{ kind: 'div', type: 'document', span, blocks: [{ kind: 'p', span, parts: [{ kind: 'text', span }] }] }],
    back: [],
    meta: { idnos: [], custodialEvents: [], language: 'en', ...(date ? { date: { when: date } } : {}) },
  };
}

/** Render mentions into the text in the gold syntax, so a failure shows a readable diff. */
function annotate(text: string, mentions: { span: { start: number; end: number }; value: DateValue }[]): string {
  let out = '';
  let pos = 0;
  for (const m of mentions) {
    const v = show(m.value).replace(/~$/u, '');
    out += text.slice(pos, m.span.start) + `{d:${v}|${text.slice(m.span.start, m.span.end)}}`;
    pos = m.span.end;
  }
  return out + text.slice(pos);
}

describe('normaliseDate', () => {
  const rows = fs.readFileSync(path.join(fixtures, 'normalise.tsv'), 'utf8').split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));
  assert.ok(rows.length > 40, 'the fixture table is there');
  for (const row of rows) {
    const [expr, docDate, expected] = row.split('\t');
    const ctx = docDate && docDate !== '-' ? ` in a document of ${docDate}` : '';
    it(`reads ${JSON.stringify(expr)}${ctx} as ${expected === '-' ? 'no date' : expected}`, () => {
      const v = normaliseDate(expr!, docDate && docDate !== '-' ? { docDate: { when: docDate } } : {});
      assert.equal(show(v), expected);
    });
  }

  it('prefers the narrative date over the document date for a missing year', () => {
    const v = normaliseDate('10th February', { docDate: { when: '1940-06-01' }, narrative: { when: '1936-12-17' } });
    assert.equal(show(v), '1937-02-10~');
  });
});

describe('findDates', () => {
  const cases = fs.readdirSync(path.join(fixtures, 'find')).sort();
  assert.ok(cases.length >= 5, 'the fixture folders are there');
  for (const name of cases) {
    const dir = path.join(fixtures, 'find', name);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'case.json'), 'utf8')) as { description: string; docDate?: string };
    it(meta.description, () => {
      const expected = fs.readFileSync(path.join(dir, 'expected.txt'), 'utf8');
      const text = expected.replace(/\{d:[^|{}]+\|([^{}]*)\}/gu, '$1');
      const got = findDates(model(text, meta.docDate));
      assert.equal(annotate(text, got), expected);
    });
  }

  it('does not read a page number in page furniture as a year', () => {
    const text = 'He came in 1938 and left.\n1938\nIn 1939 he returned.';
    const fw = text.indexOf('\n1938\n') + 1;
    const got = findDates(model(text, '1940-01-01', [{ start: fw, end: fw + 4 }]));
    assert.deepEqual(got.map((m) => text.slice(m.span.start, m.span.end) + '@' + m.span.start), ['1938@11', '1939@34']);
  });

  it('starts the narrative afresh from the document date in each of the source\'s notes', () => {
    const body = 'Washington, 12 August 1961. In December 1961 the Assembly met; on 15 December it voted.\n';
    const note = '6 On 25 May, Kennedy spoke; the Act was passed on 31 August.\n';
    const text = body + note;
    const doc = model(text, '1961-08-12');
    doc.back.push({ kind: 'div', type: 'source', span: { start: body.length, end: text.length },
      blocks: [{ kind: 'note', n: '6', span: { start: body.length, end: text.length }, parts: [{ kind: 'text', span: { start: body.length, end: text.length } }] }] });
    assert.equal(annotate(text, findDates(doc)),
      'Washington, {d:1961-08-12|12 August 1961}. In {d:1961-12|December 1961} the Assembly met; on {d:1961-12-15|15 December} it voted.\n' +
      '6 On {d:1961-05-25|25 May}, Kennedy spoke; the Act was passed on {d:1961-08-31|31 August}.\n');
  });

  it('marks what it inferred with cert and leaves explicit dates without it', () => {
    const text = 'Berlin, 20 July 1935. Settled 1 August.';
    const got = findDates(model(text));
    assert.deepEqual(got.map((m) => show(m.value)), ['1935-07-20', '1935-08-01~']);
  });

  it('returns ordered, non-overlapping spans inside the text and valid ISO values for any text', () => {
    const pieces = ['7', '12th', ' and ', ' or ', ', ', 'August', 'Aug.', 'May', '1938', '38', "'42", '.', '/', '-', 'the ', 'of ',
      'between ', 'from ', ' to ', 'VI', 'inst.', 'Showa', ' ', '\n', 'No. ', 'in ', '\u00a0', 'x'];
    const iso = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/u;
    fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 })), { maxLength: 60 }), (parts) => {
      const text = parts.join('');
      const got = findDates(model(text, '1940-06-15'));
      let last = 0;
      for (const m of got) {
        assert.ok(m.span.start >= last && m.span.end > m.span.start && m.span.end <= text.length, 'span in order');
        last = m.span.end;
        const v = m.value;
        for (const x of [v.when, v.from, v.to]) if (x !== undefined) assert.match(x, iso);
        if (v.from !== undefined) assert.ok(v.to !== undefined && v.from < v.to, 'an interval runs forward');
      }
    }), { numRuns: 300, seed: 42 });
  });

  it('uses the document date from the context before the one in the model', () => {
    const text = 'Received on 26th January.';
    const got = findDates(model(text, '1950-01-01'), { docDate: { when: '1940-02-07' } });
    assert.deepEqual(got.map((m) => show(m.value)), ['1940-01-26~']);
  });
});

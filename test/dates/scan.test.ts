/**
 * The date grammar's fast search (each pattern tried only where a month name, an ordinal day or an
 * era name can begin) against the plain one (every pattern at every offset): same candidates, same
 * offsets, whatever stands around the month names.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { monthStarts, scan, scanBareDays } from '../../src/dates/grammar.js';

/** Both searches over one text, as findDates runs them. */
function both(text: string, anyCase = false): { fast: unknown; plain: unknown } {
  const fast = scan(text, { anyCase });
  const plain = scan(text, { anyCase, everywhere: true });
  return { fast: [...fast, ...scanBareDays(text, fast)], plain: [...plain, ...scanBareDays(text, plain, { everywhere: true })] };
}

const TOKENS = [
  'January', 'JAN.', 'jan', 'Febr.', 'fevrier', 'March', 'MAERZ', 'März', 'April', 'avril', 'May', 'may', 'June', 'Juin', 'July',
  'juillet', 'Aug.', 'Août', 'AOUT', 'Sept.', 'september', 'Oct', 'Okt.', 'November', 'Dec.', 'Décembre', 'DEZ', 'Summary', 'Germany',
  'mayor', 'the', 'The', 'THE', 'of', 'OF', 'day', 'DAY', 'in', 'last', 'next', 'mid-', 'first', 'twenty-third', 'twenty', 'Thirty', 'third', 'tenth', 'Showa', 'inst.', 'ult.',
  'prox.', 'result', '7', '7th', '22nd', '3oth', '1938', '41', "'42", '12', '1.', 'I.', 'VIII', '/', '.', ',', '-', '–', '(', ')',
  '[', ']', ' ', ' ', ' ', '\n', '\t', 'é', 'x', '_', 'ſ', 'O\u212aT',
];

describe('date grammar: where patterns are tried', () => {
  it('finds the start of every month name, whatever stands before it', () => {
    for (const before of ['', ' ', '3', '(', '—', 'of', 'x', '_', '.']) {
      for (const month of ['August', 'AUG', 'sept', 'März', 'Décembre', 'août', 'Okt']) {
        const text = `${before}${month} 1938`;
        const starts = monthStarts(text);
        assert.ok(starts, text);
        assert.ok(starts.any.includes(before.length), `${text}: ${JSON.stringify(starts)}`);
        const word = !/[A-Za-z]$/.test(before);
        assert.equal(starts.words.includes(before.length), word, text);
      }
    }
  });

  it('scans the whole text when a character only Unicode case folding reads as a month letter is present', () => {
    // `OKT` typed with the Kelvin sign (U+212A) is `Okt.` to the patterns, but not to a plain search for `okt`
    const text = 'Berlin, 12 O\u212aT. 1938';
    assert.equal(monthStarts(text), undefined);
    assert.deepEqual(scan(text).map((c) => [c.start, c.end, c.a]), [[8, 20, { day: 12, month: 10, year: 1938 }]]);
  });

  it('finds the same dates at the same offsets as trying every pattern everywhere, on sentences of the corpus', () => {
    for (const text of [
      'On 7th August, 1938 the Minister of 22Jan 1941 wrote; the 7th, 8th or 9th of August and in September last.',
      'the twenty-third day of May, 1945; the first of February; July 7, Showa 12; the 24th inst. and 5th ult.',
      'between 7 and 12 August 1939 — (March 1941) —March 1941, Dec 19.41, 6.I.41 and mid-December; 7 dayMay 1938',
      'October-November 1944, July or August of 1942, in November/ December 1937, 1 Dezember 1939, 5. Juni 1941',
    ]) {
      const { fast, plain } = both(text);
      assert.deepEqual(fast, plain, text);
      const any = both(text, true);
      assert.deepEqual(any.fast, any.plain, text);
    }
  });

  it('finds the same dates at the same offsets as trying every pattern everywhere, on random mixtures of month names, numbers and punctuation', () => {
    const text = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((ts) => ts.join(''));
    fc.assert(
      fc.property(text, fc.boolean(), (t, anyCase) => {
        const { fast, plain } = both(t, anyCase);
        assert.deepEqual(fast, plain);
      }),
      { seed: Number(process.env['FC_SEED'] ?? '1'), numRuns: 3000 },
    );
  });
});

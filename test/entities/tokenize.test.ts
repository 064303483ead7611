import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOKEN_PATTERN, tokenize } from '../../src/entities/text.js';
import { CollectionScan, scanTexts } from '../../src/entities/passes.js';

const sentences = readFileSync(join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'entities', 'sentences.txt'), 'utf8');
const tricky = "abc\u00e9def Ab\u00e9 \ud835\udc1a\ud835\udc1b x\ud800y cafe\u0301 \u0301x \u01c5ab ab\u02b0c \u0130stanbul i\u0307x O'Neil's- d'-x --a rock'n'roll 12a3 \u00a0x\u2003y\u3000z \ufeffq \u2028 r\u0663\u0664 \ud83d\ude00 \t\v\f x'\ud835\udc1a a-\ud835\udc1a \ud800 STALIN’S Dr. R.G. Casey\r\nLine\rTwo\fThree";

/** Strings of 1–20 characters from an alphabet of the cases that matter (marks, astral letters, lone surrogates, Unicode spaces), from a fixed seed. */
function randomStrings(count: number): string[] {
  const alphabet = ['a', 'B', ' ', '\n', "'", '’', '-', '1', '.', '\u0301', '\u00e9', '\u00a0', '\ud835\udc1a', '\ud800', 'ß', '\u2003', 'Я', '\r', '\f'];
  let seed = 7;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    const n = 1 + Math.floor(rnd() * 20);
    for (let j = 0; j < n; j++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    out.push(s);
  }
  return out;
}

describe('the entity tokenizer read by hand', () => {
  it('finds exactly the tokens of its defining pattern, on real sentences, hard cases and random strings', () => {
    for (const t of [sentences, tricky, ...randomStrings(5000)]) {
      const expected = [...t.matchAll(TOKEN_PATTERN)].map((m) => `${m.index}:${m[0]}`);
      assert.deepEqual(tokenize(t).map((x) => `${x.start}:${x.text}`), expected, JSON.stringify(t));
    }
  });

  it('marks words, capitals, all-caps words and line starts as the Unicode classes say', () => {
    const toks = tokenize('STALIN’S Élan é\nÉTAT 12 x');
    assert.deepEqual(toks.map((t) => [t.text, t.isWord, t.cap, t.allCaps, t.line, t.lineStart]), [
      ['STALIN’S', true, true, true, 0, true], ['Élan', true, true, false, 0, false], ['é', true, false, false, 0, false],
      ['ÉTAT', true, true, true, 1, true], ['12', false, false, false, 1, false], ['x', true, false, false, 1, false],
    ]);
  });
});

describe('the collection scan', () => {
  it('counts the words written wholly in lower case as the Unicode pattern finds them, whatever the batching', () => {
    const texts = [sentences, tricky, ...randomStrings(300)];
    const expected = new Map<string, number>();
    for (const t of texts) for (const m of t.matchAll(/(?<![\p{L}])\p{Ll}+(?![\p{L}])/gu)) expected.set(m[0], (expected.get(m[0]) ?? 0) + 1);
    const common = [...expected].filter(([, n]) => n >= 2).map(([w]) => w).sort();
    const one = new CollectionScan();
    one.add(0, scanTexts(texts));
    assert.deepEqual([...one.finish().common].sort(), common);
    const many = new CollectionScan();
    for (let i = 0; i < texts.length; i += 7) many.add(i / 7, scanTexts(texts.slice(i, i + 7)));
    assert.deepEqual([...many.finish().common].sort(), common);
  });
});

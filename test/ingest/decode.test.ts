import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { decode, firstInvalidUtf8 } from '../../src/ingest/decode.js';
import { positionOf, type Diagnostic } from '../../src/model/index.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const cat = (...parts: (Uint8Array | number[])[]): Uint8Array => {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
};
function utf16(s: string, be: boolean): Uint8Array {
  const b = Buffer.from(s, 'utf16le');
  if (be) b.swap16();
  return new Uint8Array(b);
}
function only(ds: Diagnostic[], rule: string): Diagnostic {
  const hits = ds.filter((d) => d.rule === rule);
  assert.equal(hits.length, 1, `expected one ${rule} diagnostic, got ${JSON.stringify(ds)}`);
  return hits[0]!;
}
/** A deterministic pseudo-random byte stream (xorshift), so the "binary" fixture is the same on every run. */
function pseudoRandomBytes(n: number, seed = 0x2545f491): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

const SAMPLE = 'Exhibit 2638\nGeneva, 3 März 1938 — “certified”\n\f2\nLitvinov 𝔄 end\n';

describe('decode: Unicode encodings', () => {
  it('reads UTF-8 without a byte-order mark unchanged', () => {
    const r = decode(utf8(SAMPLE), 'a.txt');
    assert.deepEqual(r.value, { text: SAMPLE, encoding: 'utf-8' });
    assert.deepEqual(r.diagnostics, []);
  });
  it('removes a UTF-8 byte-order mark and keeps everything after it', () => {
    const r = decode(cat([0xef, 0xbb, 0xbf], utf8(SAMPLE)), 'a.txt');
    assert.equal(r.value?.text, SAMPLE);
    assert.equal(r.value?.encoding, 'utf-8');
  });
  it('keeps a U+FEFF that is not at the start of the file', () => {
    const r = decode(utf8('a\uFEFFb'), 'a.txt');
    assert.equal(r.value?.text, 'a\uFEFFb');
  });
  it('reads UTF-16 little-endian with a byte-order mark, astral characters included', () => {
    const r = decode(cat([0xff, 0xfe], utf16(SAMPLE, false)), 'a.txt');
    assert.deepEqual(r.value, { text: SAMPLE, encoding: 'utf-16le' });
  });
  it('reads UTF-16 big-endian with a byte-order mark', () => {
    const r = decode(cat([0xfe, 0xff], utf16(SAMPLE, true)), 'a.txt');
    assert.deepEqual(r.value, { text: SAMPLE, encoding: 'utf-16be' });
  });
  it('reads UTF-32 little-endian with a byte-order mark', () => {
    const cps = [...SAMPLE].map((c) => c.codePointAt(0)!);
    const b = new Uint8Array(4 + cps.length * 4);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, 0xfeff, true);
    cps.forEach((cp, i) => dv.setUint32(4 + i * 4, cp, true));
    assert.deepEqual(decode(b, 'a.txt').value, { text: SAMPLE, encoding: 'utf-32le' });
  });
  it('refuses UTF-16 whose length is odd (truncated) instead of dropping the last byte', () => {
    const r = decode(cat([0xff, 0xfe], utf16('abc', false), [0x41]), 'a.txt');
    assert.equal(r.value, null);
    assert.match(only(r.diagnostics, 'input-encoding').message, /truncated/);
  });
  it('refuses UTF-16 with an unpaired surrogate and points at its line', () => {
    const body = utf16('ok\nno ', false);
    const r = decode(cat([0xff, 0xfe], body, [0x00, 0xd8], utf16('x', false)), 'a.txt');
    assert.equal(r.value, null);
    const d = only(r.diagnostics, 'input-encoding');
    assert.deepEqual([d.line, d.column], [2, 4]);
    assert.match(d.message, /surrogate/);
  });
});

describe('decode: line ends and page breaks', () => {
  it('keeps CRLF, lone CR and form feeds, so positions match the file', () => {
    const text = 'one\r\ntwo\rthree\n\fpage two\r\n';
    const r = decode(utf8(text), 'a.txt');
    assert.equal(r.value?.text, text);
    assert.deepEqual(positionOf(r.value!.text, r.value!.text.indexOf('three')), { line: 3, column: 1 });
    assert.deepEqual(positionOf(r.value!.text, r.value!.text.indexOf('page')), { line: 4, column: 2 });
  });
});

describe('decode: other encodings', () => {
  const cp1252 = iconv.encode('Line one\r\nCaf\u00e9 \u201cquoted\u201d \u2014 M\u00fcller\r\n', 'windows-1252');
  it('refuses windows-1252 text and points at the first bad byte, naming the option to use', () => {
    const r = decode(cp1252, 'docs/letter.txt');
    assert.equal(r.value, null);
    const d = only(r.diagnostics, 'input-encoding');
    assert.equal(d.file, 'docs/letter.txt');
    assert.equal(d.severity, 'error');
    assert.deepEqual([d.line, d.column], [2, 4]);
    assert.match(d.message, /--encoding windows-1252/);
    assert.match(d.message, /0xE9/);
  });
  it('reads windows-1252 text when --encoding names it', () => {
    const r = decode(cp1252, 'a.txt', { encoding: 'windows-1252' });
    assert.deepEqual(r.value, { text: 'Line one\r\nCaf\u00e9 \u201cquoted\u201d \u2014 M\u00fcller\r\n', encoding: 'windows-1252' });
    assert.deepEqual(r.diagnostics, []);
  });
  it('refuses an encoding name it does not know, with examples of names it does', () => {
    const r = decode(utf8('abc'), 'a.txt', { encoding: 'klingon-8' });
    assert.equal(r.value, null);
    assert.match(only(r.diagnostics, 'input-encoding').message, /unknown encoding 'klingon-8'.*windows-1252/);
  });
  it('reads UTF-16 without a byte-order mark when --encoding utf-16le is given', () => {
    const r = decode(utf16(SAMPLE, false), 'a.txt', { encoding: 'utf-16le' });
    assert.deepEqual(r.value, { text: SAMPLE, encoding: 'utf-16le' });
  });
  it('recognises UTF-16 without a byte-order mark and says which --encoding to use', () => {
    const le = decode(utf16('Memorandum of conversation\n', false), 'a.txt');
    assert.equal(le.value, null);
    assert.match(only(le.diagnostics, 'input-encoding').message, /--encoding utf-16le/);
    const be = decode(utf16('Memorandum of conversation\n', true), 'a.txt');
    assert.match(only(be.diagnostics, 'input-encoding').message, /--encoding utf-16be/);
  });
  it('warns when --encoding contradicts the byte-order mark, and obeys the option', () => {
    const r = decode(cat([0xef, 0xbb, 0xbf], utf8('abc')), 'a.txt', { encoding: 'windows-1252' });
    assert.equal(r.value?.text, '\u00ef\u00bb\u00bfabc');
    assert.equal(only(r.diagnostics, 'input-encoding').severity, 'warning');
  });
  it('refuses malformed UTF-8 of every kind: overlong, surrogate, above U+10FFFF, stray continuation, truncated', () => {
    const cases: [number[], number][] = [
      [[0x61, 0xc0, 0xaf], 1], // overlong '/'
      [[0x61, 0xe0, 0x80, 0xaf], 1], // overlong 3-byte
      [[0x61, 0xed, 0xa0, 0x80], 1], // UTF-8 encoded surrogate
      [[0x61, 0xf4, 0x90, 0x80, 0x80], 1], // above U+10FFFF
      [[0x61, 0x80], 1], // stray continuation byte
      [[0x61, 0x62, 0xe2, 0x80], 2], // truncated at end of file
      [[0x61, 0xf5, 0x80, 0x80, 0x80], 1], // F5 never appears
    ];
    for (const [bytes, at] of cases) {
      assert.equal(firstInvalidUtf8(Uint8Array.from(bytes)), at, `bytes ${bytes.map((b) => b.toString(16))}`);
      assert.equal(decode(Uint8Array.from(bytes), 'a.txt').value, null);
    }
    assert.equal(firstInvalidUtf8(utf8('\u0000\u007f\u0080\u07ff\u0800\uffff\u{10000}\u{10ffff}')), -1);
  });
  it('reads a file as UTF-8 exactly when the byte-by-byte check finds no bad byte, and then as Node reads it', () => {
    // (decode takes the native strict decoder's word for valid files; the two must agree on every file)
    const lead = fc.constantFrom(0x61, 0x0a, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff);
    const cont = fc.integer({ min: 0x80, max: 0xbf });
    const file = fc.array(fc.oneof(lead, cont, cont), { maxLength: 24 }).map((bs) => Uint8Array.from([0x61, ...bs]));
    fc.assert(
      fc.property(file, (bytes) => {
        const r = decode(bytes, 'a.txt');
        const valid = firstInvalidUtf8(bytes) === -1;
        assert.equal(r.value !== null, valid);
        if (r.value) assert.equal(r.value.text, Buffer.from(bytes).toString('utf8'));
      }),
      { seed: Number(process.env['FC_SEED'] ?? '1'), numRuns: 5000 },
    );
  });
  it('points at the column of the bad byte counted in UTF-16 units after astral characters', () => {
    const r = decode(cat(utf8('ok\n𝔄b'), [0xff]), 'a.txt');
    const d = only(r.diagnostics, 'input-encoding');
    assert.deepEqual([d.line, d.column], [2, 4]);
  });
});

describe('decode: binary files', () => {
  it('refuses a PNG image as binary, saying what it is', () => {
    const png = cat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], pseudoRandomBytes(200));
    const r = decode(png, 'scan.txt');
    assert.equal(r.value, null);
    assert.match(only(r.diagnostics, 'input-binary').message, /PNG image/);
  });
  it('refuses a .docx (ZIP) saved with a .txt name, saying to save as plain text', () => {
    const r = decode(cat([0x50, 0x4b, 0x03, 0x04], utf8('word/document.xml')), 'a.txt');
    assert.match(only(r.diagnostics, 'input-binary').message, /plain text/);
  });
  it('refuses random bytes as binary', () => {
    const r = decode(pseudoRandomBytes(4096), 'a.txt');
    assert.equal(r.value, null);
    only(r.diagnostics, 'input-binary');
  });
  it('refuses a zero-filled file (an interrupted copy) as binary', () => {
    const r = decode(new Uint8Array(1024), 'a.txt');
    assert.equal(r.value, null);
    assert.match(only(r.diagnostics, 'input-binary').message, /NUL/);
  });
});

describe('decode: control characters in text', () => {
  it('keeps NUL, ESC, other C0 controls and DEL in an otherwise ordinary text file', () => {
    const text = 'Exhibit\u0000 12\u001b[0m signed\u0007 /s/\u0008\u007f\u000b\u001f end\n'.repeat(3);
    const r = decode(utf8(text), 'a.txt');
    assert.equal(r.value?.text, text);
    assert.deepEqual(r.diagnostics, []);
  });
  it('keeps the noncharacters U+FFFE and U+FFFF and C1 controls', () => {
    const text = 'a\uFFFEb\uFFFFc\u0085d\u009b';
    assert.equal(decode(utf8(text), 'a.txt').value?.text, text);
  });
});

describe('decode: empty and blank files', () => {
  it('reads an empty file as empty text with an input-empty warning', () => {
    const r = decode(new Uint8Array(0), 'empty.txt');
    assert.deepEqual(r.value, { text: '', encoding: 'utf-8' });
    const d = only(r.diagnostics, 'input-empty');
    assert.equal(d.severity, 'warning');
    assert.deepEqual([d.file, d.line, d.column], ['empty.txt', 1, 1]);
  });
  it('warns about a file of only spaces, tabs, line ends and form feeds, keeping them', () => {
    const r = decode(utf8(' \t\r\n\f\n  '), 'blank.txt');
    assert.equal(r.value?.text, ' \t\r\n\f\n  ');
    assert.equal(only(r.diagnostics, 'input-empty').severity, 'warning');
  });
  it('warns about a file holding only a byte-order mark', () => {
    const r = decode(Uint8Array.from([0xef, 0xbb, 0xbf]), 'bom.txt');
    assert.equal(r.value?.text, '');
    only(r.diagnostics, 'input-empty');
  });
  it('does not warn about a file with one visible character', () => {
    assert.deepEqual(decode(utf8('\n\n.\n'), 'a.txt').diagnostics, []);
  });
});

describe('decode: size', () => {
  it('decodes a single line of eight million characters', () => {
    const text = 'x'.repeat(8_000_000) + 'é';
    const r = decode(utf8(text), 'a.txt');
    assert.equal(r.value?.text.length, text.length);
  });
  it('decodes a 24 MB file and finds a bad byte at its very end on the right line', () => {
    const line = 'The Ambassador called on the Minister for External Affairs today.\r\n';
    const n = Math.ceil(24_000_000 / line.length);
    const body = utf8(line.repeat(n));
    const ok = decode(body, 'big.txt');
    assert.equal(ok.value?.text.length, line.length * n);
    const bad = decode(cat(body, [0x92]), 'big.txt');
    const d = only(bad.diagnostics, 'input-encoding');
    assert.deepEqual([d.line, d.column], [n + 1, 1]);
  });
});

/**
 * Reading page numbers back from a PDF's named destinations (the measuring pass of the print
 * edition), on PDF text shaped as Chromium writes it: nested page tree, `/Dests` dictionary.
 */
import assert from 'node:assert/strict';
import { cssString, pdfDestinations, runningHead, stablePdf } from '../../src/render/index.js';

function pdf(objects: Record<number, string>): Uint8Array {
  let s = '%PDF-1.4\n';
  for (const [n, body] of Object.entries(objects)) s += `${n} 0 obj\n${body}\nendobj\n`;
  return Buffer.from(`${s}trailer\n<</Root 9 0 R>>\n%%EOF\n`, 'latin1');
}

describe('render: PDF named destinations', () => {
  it('numbers pages in the order of the page tree, not of the object numbers', () => {
    const bytes = pdf({
      1: '<</Type /Page\n/Parent 5 0 R>>',
      2: '<</Type /Page\n/Parent 5 0 R>>',
      3: '<</Type /Page\n/Parent 6 0 R>>',
      4: '<</Type /Page\n/Parent 6 0 R>>',
      5: '<</Type /Pages\n/Count 2\n/Kids [2 0 R 1 0 R]>>',
      6: '<</Type /Pages\n/Count 2\n/Kids [4 0 R 3 0 R]>>',
      7: '<</Type /Pages\n/Count 4\n/Kids [6 0 R 5 0 R]>>',
      8: '<</exhibit-m1 [1 0 R /XYZ 318 708.4 0]\n/letter-doc [4 0 R /XYZ 0 800 0]\n/idx#2Dperson [2 0 R /XYZ 0 0 0]>>',
      9: '<</Type /Catalog\n/Pages 7 0 R\n/Dests 8 0 R>>',
    });
    const r = pdfDestinations(bytes);
    assert.equal(r.pageCount, 4);
    assert.deepEqual(r.pages, { 'exhibit-m1': 4, 'letter-doc': 1, 'idx-person': 3 });
  });

  it('finds no destinations in a PDF without a catalog', () => {
    assert.deepEqual(pdfDestinations(Buffer.from('%PDF-1.4\n%%EOF', 'latin1')), { pages: {}, pageCount: 0 });
  });

  it('cuts a long running head at a word boundary so that it fits one line', () => {
    assert.equal(runningHead('Short title'), 'Short title');
    const head = runningHead('M. M. LIEVINOV\'S DIARY. Talk with Yoshisawa, Japanese Foreign Minister over a cup of coffee on December 1931.');
    assert.equal(head, 'M. M. LIEVINOV\'S DIARY. Talk with Yoshisawa, Japanese Foreign Minister over a …');
  });

  it('replaces the clock in the PDF info dictionary by a fixed date of the same length', () => {
    const input = "1 0 obj\n<</Producer (Skia/PDF m156)\n/CreationDate (D:20261123043614+00'00')\n/ModDate (D:20261123043614+00'00')>>\nendobj\n";
    const out = Buffer.from(stablePdf(Buffer.from(input, 'latin1'))).toString('latin1');
    assert.equal(out.length, input.length);
    assert.equal(out, input.replace(/20261123043614/g, '19700101000000'));
  });

  it('quotes running heads safely for CSS inside a style element', () => {
    assert.equal(cssString('A "title" \\ </style>\n'), '"A \\"title\\" \\\\ \\3c /style\\3e "');
  });
});

import assert from 'node:assert/strict';
import {
  certificateOpening,
  endsSentence,
  idStamp,
  isDateline,
  isNameLine,
  isPageNumber,
  isRoleLine,
  nameThenRole,
  signatureAt,
  stampLine,
} from '../../src/ingest/classify.js';
import { scanLines } from '../../src/ingest/lines.js';

describe('ingest line recognisers', function () {
  it('reads page numbers standing alone, with or without dashes', function () {
    assert.equal(isPageNumber('4-'), '4');
    assert.equal(isPageNumber('28'), '28');
    assert.equal(isPageNumber('- 12 -'), '12');
    assert.equal(isPageNumber('— 3 —'), '3');
    assert.equal(isPageNumber('4. The managers'), undefined);
    assert.equal(isPageNumber('1939'.repeat(2)), undefined);
  });

  it('reads exhibit, defence document and document stamps as identifiers', function () {
    assert.deepEqual(idStamp('Exhibit 2638'), { type: 'exhibit', value: '2638' });
    assert.deepEqual(idStamp('Def. Doc. #1504'), { type: 'defenseDocument', value: '1504' });
    assert.deepEqual(idStamp('Def. Doc. # 1504'), { type: 'defenseDocument', value: '1504' });
    assert.deepEqual(idStamp('Doc. No. 2369'), { type: 'document', value: '2369' });
    assert.deepEqual(idStamp('Document No. 1573-PS'), { type: 'document', value: '1573-PS' });
    assert.deepEqual(idStamp('IPS No. 2369'), { type: 'document', value: '2369' });
    assert.equal(idStamp('No. 7/1942'), undefined);
    assert.equal(idStamp('Exhibit 2638 was then shown to the witness.'), undefined);
  });

  it('finds signature marks and where they start', function () {
    assert.equal(signatureAt('/s/ Papen'), 0);
    assert.equal(signatureAt('Lt. Col. TARANENKO /s/'), 19);
    assert.equal(signatureAt('Signature: /s/ A. Kunin'), 11);
    assert.equal(signatureAt('Signed: Heydrich'), 0);
    assert.equal(signatureAt('(sig:) Reinkmann'), 0);
    assert.equal(signatureAt('The order was signed by the minister himself.'), -1);
  });

  it('recognises datelines of place and date, and dates alone', function () {
    for (const t of ['Vienna, 26 Feb 1938', 'Berlin, 18 Jun. 1941', '2 July, 1946.', '3 December 1946.', 'LONDON, 8 November 1939', 'Cablegram 550 CANBERRA, 25 August 1941', 'Munich 33, Brown House, January 17, 1939', 'Circular Cablegram F3 LONDON, 10 February 1939, 2 a.m.']) {
      assert.ok(isDateline(t), t);
    }
    for (const t of ['OF AUGUST 7, 1938.', 'The meeting was held on 26 Feb 1938', 'Your husband died of an infection in the camp on December 28, 1941.']) {
      assert.ok(!isDateline(t), t);
    }
  });

  it('sees a sentence end through closing quotes, brackets and trailing white space of any kind, and nowhere else', function () {
    for (const t of ['He left.', 'Was it?', 'as follows:', '(see above)', 'Note [1]', 'He said "no"', 'the ‘end’', 'Done. \t', 'Done.\u00a0', 'Done!\u2003 ']) {
      assert.ok(endsSentence(t), JSON.stringify(t));
    }
    for (const t of ['', ' ', 'the Minister of', 'Done. and then', 'a.m', 'Yours,', '.x', 'Done.\u200b']) {
      assert.ok(!endsSentence(t), JSON.stringify(t));
    }
  });

  it('reads a dateline behind its note references and editorial brackets, with or without trailing white space', function () {
    for (const t of ['LONDON, 8 November 1939 [1]', 'LONDON, 8 November 1939 [1](#f1)  ', 'Tokyo, 5 January [1940]\t']) {
      assert.ok(isDateline(t), JSON.stringify(t));
    }
  });

  it('tells names, ranks and name-with-rank lines apart', function () {
    assert.ok(isNameLine('Litvinov.'));
    assert.ok(isNameLine('HENRY H. MIZE'));
    assert.ok(isNameLine('Professor Maksakov'));
    assert.ok(isNameLine('S. M. B[RUCE]'));
    assert.ok(isNameLine('G.F.PEARCE'));
    assert.ok(!isNameLine('SECRET'));
    assert.ok(!isNameLine('Lt. Col. JAGD'));
    assert.ok(isRoleLine('Lt. Col. JAGD'));
    assert.ok(isRoleLine('Chancellery clerk.'));
    assert.ok(isRoleLine('DIRECTOR OF THE STATE CENTRAL RECORD'));
    assert.ok(!isRoleLine('The shooting took place by means of a measuring apparatus.'));
    assert.equal(nameThenRole('J. A. LYONS Prime Minister'), 'J. A. LYONS'.length);
    assert.equal(nameThenRole('The Prime Minister said so'), -1);
  });

  it('recognises stamps and seals, open when they continue on the next line', function () {
    assert.equal(stampLine('[Stamp of Registrar, Flossenbuerg/Oberpfalz]'), 'closed');
    assert.equal(stampLine('/Seal of the Central Government Historical Archives'), 'open');
    assert.equal(stampLine('[Seal]'), 'closed');
    assert.equal(stampLine('Seal the envelope'), undefined);
  });

  it('classifies the openings of certificates by kind', function () {
    const k = (t: string): string | undefined => certificateOpening(t)?.type;
    assert.equal(k('The copy is correct.'), 'copy');
    assert.equal(k('Copy on ten sheets made from the original diary recording the conversation'), 'copy');
    assert.equal(k('CERTIFICATE OF TRANSLATION OF THE ABOVE DOCUMENT:'), 'translation');
    assert.equal(k('I, A. V. Kunin, hereby certify that I am thoroughly conversant with the Russian and English languages'), 'translation');
    assert.equal(k('I, Lt. Colonel TARANENKO, G. I., do hereby certify that a copy of the diary was delivered to me by the Office'), 'source');
    assert.equal(k('I, N. Petrov, hereby certify that the attached document is a true copy of the original kept in the archives.'), 'copy');
    assert.equal(k('Subscribed and sworn to before me this 13th day of May 1945.'), 'oath');
    assert.equal(k('Certified correct: /s/ Signature'), 'authentication');
    assert.equal(k('Authenticated [illegible]'), 'authentication');
    assert.equal(k('C E R T I F I C A T E'), 'other');
    assert.equal(k('The Chancellor admitted this without qualifications.'), undefined);
  });

  it('scans lines with exact spans, counting blank-line groups and keeping form feeds', function () {
    const text = 'one\r\n\r\n two \fthree\nfour';
    const toks = scanLines(text);
    assert.deepEqual(
      toks.map((t) => [t.kind, text.slice(t.span.start, t.span.end), t.group]),
      [
        ['line', 'one', 0],
        ['line', 'two', 1],
        ['ff', '\f', 2],
        ['line', 'three', 3],
        ['line', 'four', 3],
      ],
    );
  });

  it('keeps a vertical tab as a character of the line, not as white space', function () {
    const toks = scanLines('\u000bA\n');
    assert.equal(toks.length, 1);
    assert.equal(toks[0]!.span.start, 0);
  });
});

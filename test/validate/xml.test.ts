import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { findForbiddenDeclaration, parseXml, textContent, lineIndex, lineCol } from '../../src/validate/xml.js';
import { isoDateProblem } from '../../src/validate/rules.js';
import { parseXmllintOutput } from '../../src/validate/rng.js';

describe('validate: the safe XML parser', () => {
  it('refuses an external entity (XXE) before reading anything, pointing at the DOCTYPE', () => {
    const xml = '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<a>&x;</a>';
    const p = parseXml(xml);
    assert.equal(p.root, null);
    assert.equal(p.problems.length, 1);
    assert.equal(p.problems[0]!.rule, 'xml-doctype-forbidden');
    assert.equal(p.problems[0]!.offset, xml.indexOf('<!DOCTYPE'));
  });

  it('refuses an entity declaration even without a DOCTYPE keyword in capitals', () => {
    assert.equal(findForbiddenDeclaration('<a><!entity x "y"></a>')?.rule, 'xml-doctype-forbidden');
    assert.equal(findForbiddenDeclaration('<a>DOCTYPE is a word</a>'), undefined);
  });

  it('refuses a billion-laughs document at once instead of expanding it', () => {
    let decl = '<!ENTITY l0 "lol">';
    for (let k = 1; k < 10; k++) decl += `<!ENTITY l${k} "${`&l${k - 1};`.repeat(10)}">`;
    const p = parseXml(`<!DOCTYPE a [${decl}]><a>&l9;</a>`);
    assert.equal(p.problems[0]!.rule, 'xml-doctype-forbidden');
  });

  it('expands the predefined entities and character references but nothing else', () => {
    const p = parseXml('<a x="&quot;1&#x41;&#66;">&lt;b&gt; &amp; &apos;</a>');
    assert.deepEqual(p.problems, []);
    assert.equal(p.root!.attrs[0]!.value, '"1AB');
    assert.equal(textContent(p.root!), "<b> & '");
    assert.match(parseXml('<a>&nbsp;</a>').problems[0]!.message, /&nbsp; is not defined/);
  });

  it('rejects a character reference to a character XML 1.0 forbids', () => {
    assert.match(parseXml('<a>&#x1B;</a>').problems[0]!.message, /forbids/);
  });

  it('rejects a forbidden control character wherever it stands: in a processing instruction, a comment or a tag', () => {
    for (const x of ['<?xml-model href="a\u000Eb"?><a/>', '<a><!-- \u0001 --></a>', '<a b="\u001F"/>', '<a>\u0000</a>']) {
      const p = parseXml(x);
      assert.equal(p.problems.length, 1, JSON.stringify(x));
      assert.match(p.problems[0]!.message, /not allowed in XML 1\.0/);
      assert.equal(p.problems[0]!.offset, x.search(/[\u0000-\u001F]/));
    }
  });

  it('reports an undeclared namespace prefix', () => {
    assert.match(parseXml('<a><x:b/></a>').problems[0]!.message, /prefix 'x'/);
  });

  it('reports a second root element and text after the root', () => {
    assert.match(parseXml('<a/><b/>').problems[0]!.message, /second root/);
    assert.match(parseXml('<a/>text').problems[0]!.message, /after the root/);
  });

  it('finds line and column across LF, CRLF and CR line ends', () => {
    const t = 'a\r\nb\rc\nd';
    const li = lineIndex(t);
    assert.deepEqual(lineCol(li, t.indexOf('b')), { line: 2, column: 1 });
    assert.deepEqual(lineCol(li, t.indexOf('c')), { line: 3, column: 1 });
    assert.deepEqual(lineCol(li, t.indexOf('d')), { line: 4, column: 1 });
  });

  it('parses any text written with escapes back to the same text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const clean = s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\r]/g, '').replace(/[\uD800-\uDFFF]/g, '');
        const esc = clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
        const p = parseXml(`<a>${esc}</a>`);
        assert.deepEqual(p.problems, []);
        assert.equal(textContent(p.root!), clean);
      }),
    );
  });
});

describe('validate: ISO dates', () => {
  it('accepts every real calendar day in the three precisions', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(2999, 11, 31)), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        assert.equal(isoDateProblem(iso), undefined);
        assert.equal(isoDateProblem(iso.slice(0, 7)), undefined);
        assert.equal(isoDateProblem(iso.slice(0, 4)), undefined);
      }),
    );
  });

  it('rejects 30 February, 29 February of a common year, month 13 and day 00', () => {
    for (const bad of ['1938-02-30', '1900-02-29', '1938-13-01', '1938-01-00', '1938-04-31', '38-02-01', '1938/02/01']) {
      assert.ok(isoDateProblem(bad), bad);
    }
    assert.equal(isoDateProblem('2000-02-29'), undefined);
  });
});

describe('validate: reading xmllint output', () => {
  it('assigns errors to documents by their batch index and keeps the element name', () => {
    const out = [
      'd1.xml:12: element date: Relax-NG validity error : Element date failed to validate attributes',
      'd1.xml fails to validate',
      'd0.xml validates',
      'd2.xml:3: element p: Relax-NG validity error : Did not expect element para there',
    ].join('\n');
    const { perDoc } = parseXmllintOutput(out, 3);
    assert.deepEqual(perDoc[0], []);
    assert.deepEqual(perDoc[1], [{ line: 12, element: 'date', message: 'Element date failed to validate attributes', parser: false }]);
    assert.equal(perDoc[2]![0]!.message, 'Did not expect element para there');
  });
});

/**
 * The checkers the hostile tests rely on must themselves be able to fail: an XSS detector that
 * never fires, or a well-formedness check that accepts anything, would make every test pass.
 */
import { strict as assert } from 'node:assert';
import xmllint from 'xmllint-wasm';
import { diplomaticOf } from '../property/diplomatic.js';
import { codeOutsideStrings, squeeze, tokenizeHtml, xmlProblem } from './helpers.js';

/** Documents on which the strict check and libxml2 must agree: well-formed ones and every kind of breakage. */
const SAMPLES: string[] = [
  '<a>ok &amp; &#x1F600;</a>',
  '<?xml version="1.0" encoding="UTF-8"?>\n<?xml-model href="x.rng"?><a xmlns="urn:u" xml:id="i"><!-- c --><![CDATA[ <&> ]]><b c=\'1\' d="&lt;"/></a>\n',
  '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
  '<a xmlns:p="urn:u"><p:b p:c="1"/></a>',
  '<a>x</a><b/>',
  '<a>]]></a>',
  '<a>&foo;</a>',
  '<a b="<"/>',
  '<a><!-- x -- y --></a>',
  '<a b="1" b="2"/>',
  '<a>&</a>',
  '<a>&amp</a>',
  'text<a/>',
  '<a/>text',
  '<a><?xml x?></a>',
  ' <?xml version="1.0"?><a/>',
  '<1a/>',
  '<a><p:b/></a>',
  '<a>&#0;</a>',
  '<a>&#xFFFE;</a>',
  '<a>\u0001</a>',
  '<a></b>',
  '<a><b></a></b>',
  '<a',
  '<a b=c/>',
  '',
  '<a xmlns:p="urn:u" xmlns:q="urn:u" p:x="1" q:x="2"/>',
];

describe('hostile-test checkers', () => {
  it('the HTML tokenizer sees an injected script element and an event-handler attribute', () => {
    const t = tokenizeHtml('<p>a</p><script>alert("PWNED")</script><img src=x onerror=alert("PWNED-2")><p>b &lt;script&gt;</p>');
    assert.deepEqual(t.tags.map((x) => x.name), ['p', 'script', 'img', 'p']);
    assert.equal(t.raw[0]?.text, 'alert("PWNED")');
    assert.deepEqual(t.tags[2]?.attrs, [['src', 'x'], ['onerror', 'alert("PWNED-2")']]);
    assert.equal(t.text, 'ab <script>');
  });
  it('the HTML tokenizer treats escaped markup as text and ends a script at </script', () => {
    const t = tokenizeHtml('<script>var s = "</script><b>x</b>";</script>');
    assert.deepEqual(t.tags.map((x) => x.name), ['script', 'b']);
    assert.equal(t.raw[0]?.text, 'var s = "');
  });
  it('finds code outside string literals but not inside them', () => {
    assert.deepEqual(codeOutsideStrings('x = "PWNED"; // PWNED\n/* PWNED */ y = \'PW\\\'NED\'', 'PWNED'), []);
    assert.deepEqual(codeOutsideStrings('x = ""; PWNED()', 'PWNED'), [8]);
  });
  it('the XML check refuses forbidden characters, forbidden character references and broken markup', () => {
    assert.equal(xmlProblem('<a>ok &amp; &#x1F600;</a>'), null);
    assert.match(xmlProblem('<a>\u0000</a>') ?? '', /U\+0000/);
    assert.match(xmlProblem('<a>\uFFFF</a>') ?? '', /U\+FFFF/);
    assert.match(xmlProblem('<a>&#27;</a>') ?? '', /&#27;/);
    assert.notEqual(xmlProblem('<a><b></a></b>'), null);
    assert.notEqual(xmlProblem('<a>x</a><b/>'), null);
  });
  it('the XML check agrees with libxml2 on well-formed documents and on every kind of breakage', async () => {
    let stderr = '';
    try {
      const lint = await xmllint.validateXML({
        xml: SAMPLES.map((contents, k) => ({ fileName: `s${k}.xml`, contents: contents === '' ? ' ' : contents })),
        normalization: 'c14n',
      });
      stderr = lint.rawOutput;
    } catch (e) {
      stderr = (e as Error).message; // xmllint-wasm rejects with libxml2's stderr when a file fails
    }
    const libxmlBad = new Set([...stderr.matchAll(/^(s[0-9]+\.xml):/gm)].map((m) => m[1]!));
    const disagree = SAMPLES.map((s, k) => ({ s, ours: xmlProblem(s) === null, libxml: !libxmlBad.has(`s${k}.xml`) && s !== '' }))
      .filter((x) => x.ours !== x.libxml);
    assert.deepEqual(disagree, []);
  });
  it('the independent diplomatic reader skips editorial additions, reads <g> as its declared character, and refuses an undeclared <g>', () => {
    const tei = (body: string, decl = '<charDecl><char xml:id="c0"><mapping type="codepoint">U+0000</mapping></char></charDecl>'): string =>
      `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><encodingDesc>${decl}</encodingDesc><title>Header &amp; title</title></teiHeader><text><body><p>${body}</p></body></text></TEI>`;
    assert.equal(
      diplomaticOf(tei('a<choice><sic>Smiht</sic><corr>Smith</corr></choice> b<g ref="#c0"/>c<note type="editorial">added</note><note>kept</note>&lt;<supplied>s</supplied><reg>r</reg><expan>e</expan>')),
      'aSmiht b\u0000ckept<',
    );
    assert.throws(() => diplomaticOf(tei('x<g ref="#nope"/>')), /no <char> declaration/);
  });
  it('squeezes XML white space and form feeds but keeps vertical tab and U+FEFF', () => {
    assert.equal(squeeze(' a\t\r\n\fb \u000B\uFEFF'), 'ab\u000B\uFEFF');
  });
});

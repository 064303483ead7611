/**
 * Document page and plain text: fixture folders under test/fixtures/render/NAME/ hold input.xml
 * (TEI per ENCODING.md), expected.txt (the plain text, exactly) and expect.json (HTML features that
 * must or must not appear).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { createRenderer, escapeXml, loadResources, namesFor, type DocumentParams, type Renderer } from '../../src/render/index.js';
import { transform } from '../../src/render/saxon.js';
import { FIXTURES, fixtureEdition } from './helpers.js';

interface Expect {
  html: { contains: string[]; absent: string[] };
}

describe('render: document page and plain text', function () {
  this.timeout(60_000);
  let renderer: Renderer;
  const fixture = fixtureEdition();

  before(async () => {
    renderer = await createRenderer({ authority: fixture.authority, editionTitle: 'Fixture Edition' });
  });

  for (const dir of readdirSync(FIXTURES).sort()) {
    const input = join(FIXTURES, dir, 'input.xml');
    if (!existsSync(input)) continue;
    it(`renders ${dir} to exactly the expected plain text`, () => {
      const out = renderer.renderDocument(readFileSync(input, 'utf8'), { name: dir });
      assert.deepEqual(out.diagnostics, []);
      assert.equal(out.text, readFileSync(join(FIXTURES, dir, 'expected.txt'), 'utf8'));
    });
    it(`renders ${dir} to a page with the expected features and nothing unescaped`, () => {
      const out = renderer.renderDocument(readFileSync(input, 'utf8'), { name: dir });
      const expect = JSON.parse(readFileSync(join(FIXTURES, dir, 'expect.json'), 'utf8')) as Expect;
      for (const s of expect.html.contains) assert.ok(out.html.includes(s), `${dir}.html lacks ${s}`);
      for (const s of expect.html.absent) assert.ok(!out.html.includes(s), `${dir}.html has ${s}`);
    });
  }

  it('numbers mentions m1…mN in document order, as the summaries of the tei stage do', () => {
    for (const d of fixture.docs) {
      const { html } = renderer.renderDocument(d.xml, { name: d.name });
      const ids = [...html.matchAll(/class="ent ent-(\w+)[^"]*" id="(m\d+)"|<a class="ent ent-(\w+)" id="(m\d+)"/g)].map((m) => m[2] ?? m[4]);
      assert.deepEqual(ids, d.summary.mentions.map((m) => m.anchor), d.name);
      assert.ok(ids.length > 5);
    }
  });

  it('never puts a link inside a link: a place inside an organisation is marked, the organisation linked', () => {
    const d = fixture.docs.find((x) => x.name === 'letter')!;
    const { html } = renderer.renderDocument(d.xml, { name: d.name });
    const org = html.indexOf('<a class="ent ent-org" id="m8"');
    assert.ok(org > 0);
    const inner = html.slice(org, html.indexOf('</a>', org));
    assert.ok(inner.includes('<span class="ent ent-place" id="m9" title="Geneva">Geneva</span>'));
    assert.ok(!/<a\b[^>]*>(?:(?!<\/a>).)*<a\b/s.test(html), 'no <a> opens before the previous one closes');
  });

  it('shows a header date that is only an ISO value as readers write it', () => {
    const tei = (d: string) =>
      `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt></fileDesc>` +
      `<profileDesc><creation>${d}</creation></profileDesc></teiHeader><text><body><div type="document"><p>x</p></div></body></text></TEI>`;
    const date = (d: string) => /<dt>Date<\/dt><dd>([^<]*)/.exec(renderer.renderDocument(tei(d), { name: 'x' }).html)?.[1];
    assert.equal(date('<date when="1937-02-02">1937-02-02</date>'), '2 February 1937');
    assert.equal(date('<date when="1937-02">1937-02</date>'), 'February 1937');
    assert.equal(date('<date when="1937-02-02">Feb. 2nd</date>'), 'Feb. 2nd ');
  });

  it('links previous and next documents with their titles', () => {
    const d = fixture.docs[0]!;
    const { html } = renderer.renderDocument(d.xml, { name: d.name, prev: { name: 'a-doc', title: 'A <doc>' }, next: { name: 'z-doc' } });
    assert.ok(html.includes('<a rel="prev" href="a-doc.html">'));
    assert.ok(html.includes('Previous: A &lt;doc&gt;</a>'));
    assert.ok(html.includes('<a rel="next" href="z-doc.html">Next: z-doc'));
  });

  it('reports TEI that is not well-formed as a diagnostic instead of throwing', () => {
    const out = renderer.renderDocument('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text>', { name: 'broken' });
    assert.equal(out.html, '');
    assert.equal(out.diagnostics[0]?.rule, 'render-failed');
    assert.equal(out.diagnostics[0]?.file, 'broken.xml');
  });

  it('escapes any source text in the page and keeps it whole in the plain text', () => {
    const tei = (s: string) =>
      `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>${escapeXml(s)}</title></titleStmt></fileDesc></teiHeader>` +
      `<text><body><div type="document"><p>${escapeXml(s)}</p></div></body></text></TEI>`;
    const chunk = fc.constantFrom('<script>alert(1)</script>', '&', ']]>', '"', "'", '<!--', '</p>', 'a', ' ', 'é', '\u2028');
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 12 }), (parts) => {
        const s = parts.join('');
        const out = renderer.renderDocument(tei(s), { name: 'x' });
        assert.deepEqual(out.diagnostics, []);
        assert.equal((out.html.match(/<script/g) ?? []).length, 1, 'only the edition.js script element');
        assert.ok(!out.html.includes(']]>') && !out.html.includes('<!--'));
        assert.ok(out.text.includes(s.replace(/[ \t\r\n]+/g, ' ').replace(/^ | $/g, '')), JSON.stringify(s));
      }),
      { numRuns: 40 },
    );
  });

  it('renders a batch exactly as the documents rendered one at a time, neighbours and entity names included', async () => {
    const res = await loadResources();
    const names = new Map(fixture.authority.entries.map((e) => [`${e.type}:${e.id}`, e.name]));
    // Each document twice under different names, so that numbering and names must restart per document.
    const docs = [...fixture.docs, ...fixture.docs].map((d, i, all) => {
      const params: DocumentParams = { name: `${d.name}-${i}` };
      if (i > 0) params.prev = { name: `${all[i - 1]!.name}-${i - 1}`, title: all[i - 1]!.summary.title };
      if (i < all.length - 1) params.next = { name: `${all[i + 1]!.name}-${i + 1}` };
      return { xml: d.xml, params };
    });
    const batch = renderer.renderDocuments(docs);
    assert.equal(batch.length, docs.length);
    docs.forEach((d, i) => {
      // One document a transform, through the stylesheets' source-document entry (the print edition's path).
      const html = transform(res.document, d.xml, {
        name: d.params.name,
        'edition-title': 'Fixture Edition',
        names: namesFor(d.xml, names),
        prev: d.params.prev?.name ?? '',
        'prev-title': d.params.prev?.title ?? '',
        next: d.params.next?.name ?? '',
        'next-title': d.params.next?.title ?? '',
      });
      assert.deepEqual(batch[i]!.diagnostics, []);
      assert.equal(batch[i]!.html, html, d.params.name);
      assert.equal(batch[i]!.text, transform(res.text, d.xml), d.params.name);
      assert.ok(html.includes(' id="m1"') && html.includes(`download="${d.params.name}.txt"`));
      if (d.params.prev) assert.ok(html.includes(`<a rel="prev" href="${d.params.prev.name}.html">`));
    });
    assert.ok(batch.some((r) => r.html.includes('title="Geneva"')), 'names from the authority on hover');
  });

  it('renders the rest of a batch when one of its documents is not well-formed, and reports that one', () => {
    const [a, b] = fixture.docs;
    const out = renderer.renderDocuments([
      { xml: a!.xml, params: { name: 'a' } },
      { xml: '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text>', params: { name: 'broken' } },
      { xml: b!.xml, params: { name: 'b' } },
    ]);
    assert.deepEqual(out.map((r) => r.diagnostics.map((d) => `${d.file} ${d.rule}`)), [[], ['broken.xml render-failed', 'broken.xml render-failed'], []]);
    assert.equal(out[0]!.html, renderer.renderDocument(a!.xml, { name: 'a' }).html);
    assert.equal(out[2]!.text, renderer.renderDocument(b!.xml, { name: 'b' }).text);
  });
});

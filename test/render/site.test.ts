/**
 * Collection pages, indexes, chronology, search index and whole-edition text, built from the
 * fixture edition (test/fixtures/render/*) as the build stage would build them.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import {
  collectionXml,
  createRenderer,
  dateKey,
  dateLabel,
  escapeXml,
  invertedName,
  orderDocuments,
  type Renderer,
  type SiteFile,
} from '../../src/render/index.js';
import { fixtureEdition } from './helpers.js';

const require = createRequire(import.meta.url);

describe('render: site pages, indexes and search', function () {
  this.timeout(60_000);
  const fixture = fixtureEdition();
  const summaries = fixture.docs.map((d) => d.summary);
  let renderer: Renderer;
  let files: Map<string, string>;

  before(async () => {
    renderer = await createRenderer({ authority: fixture.authority, editionTitle: fixture.edition.title });
    files = new Map(renderer.renderSite(summaries, fixture.edition).map((f: SiteFile) => [f.path, f.content]));
  });

  it('writes the collection, index, chronology and search pages with their assets', () => {
    for (const p of ['index.html', 'persons.html', 'places.html', 'orgs.html', 'dates.html', 'search.html', 'search-index.js', 'edition.txt', 'assets/edition.css', 'assets/edition.js', 'assets/search.js', 'assets/minisearch.js']) {
      assert.ok(files.has(p), p);
    }
  });

  it('lists every document in the collection table with date, title, identifiers, kind and counts', () => {
    const html = files.get('index.html')!;
    assert.equal((html.match(/<tr>/g) ?? []).length, 1 + summaries.length);
    assert.ok(html.includes('<a href="exhibit.html">Record of a conversation with Shigemitsu, 7 August 1938</a>'));
    assert.ok(html.includes('<time datetime="1938-08-07">7 August 1938</time>'));
    assert.ok(html.includes('Exh. 2638; Def. Doc. 1504; Doc. 2369'));
    assert.ok(html.includes('<td>cablegram</td>'));
    assert.ok(/<strong>2<\/strong> documents/.test(html));
    assert.ok(html.includes('<a rel="license" href="https://creativecommons.org/licenses/by/4.0/">'));
  });

  it('escapes the edition metadata it is given', () => {
    const html = files.get('index.html')!;
    assert.ok(html.includes('Fixture Edition &lt;of&gt; "Documents" &amp; Certificates'));
    assert.ok(html.includes('B. &lt;script&gt;alert(2)&lt;/script&gt; Editor'));
    assert.ok(!html.includes('<script>alert'));
    assert.ok(files.get('places.html')!.includes('Changkufeng &lt;Lake Khasan&gt; &amp; "hill"'));
  });

  it('gives every entity a document page links to an entry with that id in its index page', () => {
    for (const d of fixture.docs) {
      const { html } = renderer.renderDocument(d.xml, { name: d.name });
      const links = [...html.matchAll(/href="(persons|places|orgs|dates)\.html#([^"]+)"/g)];
      assert.ok(links.length > 3);
      for (const [, page, id] of links) assert.ok(files.get(`${page}.html`)!.includes(`id="${id}"`), `${page}.html#${id}`);
    }
  });

  it('shows the normalised name, spellings, external identifiers as links and every occurrence in context', () => {
    const html = files.get('persons.html')!;
    const entry = html.slice(html.indexOf('<article class="entry" id="litvinov"'), html.indexOf('</article>', html.indexOf('id="litvinov"')));
    assert.ok(entry.includes('<h3 id="litvinov-h">Litvinov, Maxim</h3>'));
    assert.ok(entry.includes('Spellings in the sources:</span> Lievinov</p>'), 'LITVINOV only differs in case');
    assert.ok(entry.includes('<a class="ext" href="https://www.wikidata.org/wiki/Q153385" rel="external">wikidata Q153385</a>'));
    assert.ok(entry.includes('3 mentions in 2 documents'));
    assert.ok(entry.includes('<a href="exhibit.html#m1">'));
    assert.ok(entry.includes('<a href="letter.html#m4">'));
    assert.ok(entry.includes('<mark>Litvinov</mark>'));
    assert.ok(html.includes('Proposed by the converter; not yet reviewed by an editor.'), 'unreviewed entry marked');
  });

  it('orders the chronology by date and links each date to its mentions', () => {
    const html = files.get('dates.html')!;
    const order = ['d-1938-08-04', 'd-1938-08-07', 'd-1938-09-28--1938-09-30', 'd-1946-07-02'].map((id) => html.indexOf(`id="${id}"`));
    assert.ok(order.every((i) => i > 0));
    assert.deepEqual([...order].sort((a, b) => a - b), order);
    assert.ok(html.includes('<h2 id="y-1946">1946</h2>'));
    assert.ok(html.includes('<a href="exhibit.html#m8">'));
  });

  it('keeps index pages bounded: contexts per entry stop at the limit, documents are still counted', () => {
    const xml = collectionXml('persons', summaries, fixture.authority, fixture.edition, { contextsPerEntry: 1, documentsPerEntry: 10 });
    const entry = xml.slice(xml.indexOf('<entry id="litvinov"'), xml.indexOf('</entry>', xml.indexOf('<entry id="litvinov"')));
    assert.equal((entry.match(/<occ /g) ?? []).length, 1);
    assert.equal((entry.match(/<doc /g) ?? []).length, 2);
    const fewer = collectionXml('persons', summaries, fixture.authority, fixture.edition, { contextsPerEntry: 10, documentsPerEntry: 1 });
    const e2 = fewer.slice(fewer.indexOf('<entry id="litvinov"'), fewer.indexOf('</entry>', fewer.indexOf('<entry id="litvinov"')));
    assert.equal((e2.match(/<doc /g) ?? []).length, 1);
    assert.ok(e2.includes('<more documents="1" occurrences="1"/>'));
  });

  it('builds a search index the browser script can load and query', () => {
    const MiniSearch = require('minisearch') as { loadJS: (js: unknown, opts: unknown) => { search: (q: string, o?: unknown) => { id: number }[] } };
    const sandbox: { window: { TEI_EDITION_SEARCH?: { index: unknown; options: unknown; documents: { name: string }[] } } } = { window: {} };
    vm.runInNewContext(files.get('search-index.js')!, sandbox);
    const data = sandbox.window.TEI_EDITION_SEARCH!;
    const ms = MiniSearch.loadJS(data.index, data.options);
    const hits = ms.search('Changkufeng', { prefix: true });
    assert.deepEqual(hits.map((h) => data.documents[h.id]!.name), ['exhibit']);
    assert.deepEqual(ms.search('cablegram').map((h) => data.documents[h.id]!.name), ['letter']);
  });

  it('writes the whole edition as plain text, every document under its title', () => {
    const txt = files.get('edition.txt')!;
    assert.ok(txt.startsWith('Fixture Edition <of> "Documents" & Certificates\n'));
    assert.ok(txt.indexOf('Record of a conversation with Shigemitsu') < txt.indexOf('Bruce to Lyons, cablegram 42'));
    assert.ok(txt.includes('The copy is correct.'));
  });

  it('keys, labels and orders dates as readers and the XSLT expect', () => {
    assert.equal(dateKey({ when: '1938-08-07' }), '1938-08-07');
    assert.equal(dateKey({ notBefore: '1938-09-01', notAfter: '1938-09-30' }), '1938-09-01--1938-09-30');
    assert.equal(dateLabel({ when: '1938-08' }), 'August 1938');
    assert.equal(dateLabel({ from: '1938-09-28', to: '1938-09-30' }), '28 September 1938 – 30 September 1938');
    assert.deepEqual(orderDocuments([{ ...summaries[1]!, date: undefined }, summaries[0]!]).map((s) => s.name), ['exhibit', 'letter']);
    assert.equal(invertedName('Stanley Melbourne Bruce'), 'Bruce, Stanley Melbourne');
    assert.equal(invertedName('Veith, Jean'), 'Veith, Jean');
    assert.equal(escapeXml('a\u0000<b>&"\uD800'), 'a\uFFFD&lt;b&gt;&amp;&quot;\uFFFD');
  });
});

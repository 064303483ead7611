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
  datePageKey,
  entityPageKey,
  indexNavXml,
  SEARCH_OPTIONS,
  searchIndexFiles,
  serialisedIndex,
  searchShardCount,
  searchShardOf,
  type SiteFile,
  DEFAULT_LIMITS,
  loadResources,
  framePage,
  frameKey,
  INDEX_PAGES,
  indexNavs,
  indexNavsHtml,
  indexPageBody,
  indexPageContent,
  indexPageHtml,
  indexPageTitle,
  indexPageXml,
  renderFrames,
  renderPages,
  type PageDoc,
} from '../../src/render/index.js';
import type { Authority } from '../../src/model/index.js';
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
    // indexes split into pages (as in a large edition), though the fixture has few entries
    files = new Map(renderer.renderSite(summaries, fixture.edition, { ...DEFAULT_LIMITS, onePageEntries: 0 }).map((f: SiteFile) => [f.path, f.content]));
  });

  it('lists a small index on one page, by initial, without page files', () => {
    const small = new Map(renderer.renderSite(summaries, fixture.edition).map((f: SiteFile) => [f.path, f.content]));
    assert.ok(![...small.keys()].some((p) => /^(persons|places|orgs|dates)-/.test(p)));
    const persons = small.get('persons.html')!;
    assert.ok(persons.includes('<nav class="letters" aria-label="Initial letters"><ul><li><a href="#letter-'), 'a list of initials');
    assert.ok(persons.includes('<h3 id="litvinov-h">Litvinov, Maxim</h3>'), 'the names themselves');
    assert.ok(!persons.includes('index-redirects'), 'no redirects: the entries are on the page');
    assert.ok(small.get('dates.html')!.includes('<article class="entry day" id="d-1938-08-04"'));
    assert.ok(/<p class="counts">\d+ entries in 2 documents/.test(persons));
  });

  it('lays out the index pages as xslt/site.xsl lays out the same entries, hostile text and all', async () => {
    const nasty = 'A & B <i>"x"</i>\tline\r\nnext \u0001 \u0085 \u2028 é';
    const docs: PageDoc[] = [
      { doc: { name: 'd 1', title: nasty, date: '7 August 1938' }, mentions: [
        { type: 'person', ref: 'p1', text: 'Smith', context: `… ${nasty} Smith says …`, anchor: 'm1' },
        { type: 'person', ref: 'zz-unknown', text: nasty, context: nasty, anchor: 'm2' },
        { type: 'date', value: { when: '1938-08-07', cert: 'low' }, text: '7 Aug', context: 'on 7 Aug', anchor: 'm3' },
        { type: 'date', value: { notBefore: '1938-08-01', notAfter: '1938-08-31' }, text: 'August', context: 'in August', anchor: 'm4' },
      ] },
    ];
    const authority: Authority = { entries: [{ type: 'person', id: 'p1', name: `John ${nasty} Smith`, reviewed: false, variants: ['Smyth', nasty], idnos: [{ type: 'wikidata', value: 'Q1' }, { type: 'url', value: 'https://example.org/é?a=1&b=2' }, { type: 'x\ty', value: 'v<1>' }], note: nasty } as never] };
    const res = await loadResources();
    for (const [kind, key] of [['person', 'jo'], ['date', '1938-08']] as const) {
      const parts = indexPageHtml(kind, key, docs, authority);
      const keys = ['a', key, 'zz'];
      const viaXslt = renderPages(res, [{ path: 'p', ...{ xml: indexPageXml(kind, key, indexPageBody(kind, key, docs, authority).body, fixture.edition, { documents: 1, certificates: 0 }, indexNavs(kind, keys).get(key)!), slots: indexPageBody(kind, key, docs, authority).slots } }], fixture.edition)[0]!.content;
      const frame = renderFrames(res, [frameKey(INDEX_PAGES[kind], indexPageTitle(kind, key), fixture.edition)], fixture.edition);
      const viaTs = framePage([...frame.values()][0]!, indexPageTitle(kind, key), indexPageContent(parts, indexNavsHtml(kind, keys).get(key)!));
      assert.equal(viaTs, viaXslt, kind);
    }
  });

  it('writes the collection, index, chronology and search pages with their assets', () => {
    for (const p of ['index.html', 'persons.html', 'persons-li.html', 'places.html', 'orgs.html', 'dates.html', 'dates-1938-08.html', 'search.html', 'search-index-00.js', 'edition.txt', 'assets/edition.css', 'assets/edition.js', 'assets/search.js', 'assets/minisearch.js']) {
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
    assert.ok(files.get('places-ch.html')!.includes('Changkufeng &lt;Lake Khasan&gt; &amp; "hill"'));
  });

  /** The index page an overview sends `PAGE.html#ANCHOR` to, as its redirect script does. */
  function redirect(page: string, anchor: string): string | undefined {
    const html = files.get(`${page}.html`)!;
    const json = /<script type="application\/json" id="index-redirects">([^<]*)<\/script>/.exec(html)?.[1];
    assert.ok(json, `${page}.html has no redirect map`);
    const target = (JSON.parse(json) as Record<string, string>)[anchor];
    return target === undefined ? undefined : `${target}.html`;
  }

  it('gives every entity a document page links to an entry with that id, reached through the overview page', () => {
    for (const d of fixture.docs) {
      const { html } = renderer.renderDocument(d.xml, { name: d.name });
      const links = [...html.matchAll(/href="(persons|places|orgs|dates)\.html#([^"]+)"/g)];
      assert.ok(links.length > 3);
      for (const [, page, id] of links) {
        const target = redirect(page!, id!);
        assert.ok(target && files.get(target)!.includes(`id="${id}"`), `${page}.html#${id} → ${target}`);
      }
    }
  });

  it('splits an index into pages by the first two letters (persons by surname) with an overview that lists them by initial', () => {
    assert.equal(redirect('persons', 'litvinov'), 'persons-li.html');
    const overview = files.get('persons.html')!;
    assert.ok(overview.includes('<h2 id="letter-l">L</h2><ul class="index-overview"><li><a href="persons-li.html">Li</a>'), 'the overview lists the pages of L');
    assert.ok(!overview.includes('<article'), 'the overview holds no entries');
    const li = files.get('persons-li.html')!;
    assert.ok(li.includes('<title>Persons: Li'), 'the page is titled by its letters');
    assert.ok(li.includes('aria-current="page">Li</a>'), 'the navigation marks the current page');
    assert.ok(li.includes('<a rel="prev" href="persons-bru.html">') || /<a rel="prev" href="persons-[a-k][a-z]?\.html">/.test(li), 'a link to the previous page');
    for (const [path, html] of files) if (/^persons-/.test(path)) assert.equal(new Set([...html.matchAll(/<h2 id="letter-([^"]+)"/g)].map((m) => m[1])).size, 1, path);
  });

  it('gives each index page a navigation that depends on its neighbours only', () => {
    const keys = ['1937-12', '1938-01', '1938-03', '1946-07', 'undated'];
    const nav = indexNavXml('date', '1938-03', keys);
    assert.ok(nav.includes('<own><p key="1938-01" href="dates-1938-01.html" label="January 1938"/><p key="1938-03" href="dates-1938-03.html" label="March 1938" current="true"/></own>'), nav);
    assert.ok(nav.includes('<prev><p key="1938-01"') && nav.includes('<next><p key="1946-07"'), nav);
    assert.equal(indexNavXml('date', '1938-03', ['1937-12', '1938-01', '1938-03', '1946-07', '1950-01', 'undated']), nav, 'a page of another year does not change it');
    assert.equal(entityPageKey('person', 'x', { type: 'person', id: 'x', name: 'Robert Menzies', reviewed: true, variants: [], idnos: [] } as never), 'me');
    assert.equal(entityPageKey('place', 'x', undefined), 'x');
    assert.equal(entityPageKey('org', '_1', { type: 'org', id: '_1', name: '3rd Division', reviewed: true, variants: [], idnos: [] } as never), 'other');
    assert.equal(datePageKey({ when: '1938' }), '1938');
    assert.equal(datePageKey({ notBefore: '1938-09-01', notAfter: '1938-09-30' }), '1938-09');
    assert.equal(datePageKey(undefined), 'undated');
  });

  it('shows the normalised name, spellings, external identifiers as links and every occurrence in context', () => {
    const html = files.get('persons-li.html')!;
    const entry = html.slice(html.indexOf('<article class="entry" id="litvinov"'), html.indexOf('</article>', html.indexOf('id="litvinov"')));
    assert.ok(entry.includes('<h3 id="litvinov-h">Litvinov, Maxim</h3>'));
    assert.ok(entry.includes('Spellings in the sources:</span> Lievinov</p>'), 'LITVINOV only differs in case');
    assert.ok(entry.includes('<a class="ext" href="https://www.wikidata.org/wiki/Q153385" rel="external">wikidata Q153385</a>'));
    assert.ok(entry.includes('3 mentions in 2 documents'));
    assert.ok(entry.includes('<a href="exhibit.html#m1">'));
    assert.ok(entry.includes('<a href="letter.html#m4">'));
    assert.ok(entry.includes('<mark>Litvinov</mark>'));
    const all = [...files].filter(([p]) => /^persons-/.test(p)).map(([, h]) => h).join('');
    assert.ok(all.includes('Proposed by the converter; not yet reviewed by an editor.'), 'unreviewed entry marked');
  });

  it('orders the chronology by date, one page per month, and links each date to its mentions', () => {
    const ids = ['d-1938-08-04', 'd-1938-08-07', 'd-1938-09-28--1938-09-30', 'd-1946-07-02'];
    assert.deepEqual(ids.map((id) => redirect('dates', id)), ['dates-1938-08.html', 'dates-1938-08.html', 'dates-1938-09.html', 'dates-1946-07.html']);
    const aug = files.get('dates-1938-08.html')!;
    assert.ok(aug.indexOf('id="d-1938-08-04"') > 0 && aug.indexOf('id="d-1938-08-04"') < aug.indexOf('id="d-1938-08-07"'));
    assert.ok(aug.includes('<a href="exhibit.html#m8">'));
    const overview = files.get('dates.html')!;
    assert.ok(overview.includes('<h2 id="y-1946">1946</h2>'));
    assert.ok(overview.indexOf('dates-1938-08.html') < overview.indexOf('dates-1938-09.html') && overview.indexOf('dates-1938-09.html') < overview.indexOf('dates-1946-07.html'));
    assert.ok(overview.includes('<a href="dates-1938-08.html">August 1938</a>'));
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

  it('builds a search index in shards the browser script can load and query', () => {
    const MiniSearch = require('minisearch') as { loadJS: (js: unknown, opts: unknown) => { search: (q: string, o?: unknown) => { id: number }[] } };
    type Shard = { shard: number; index: unknown; options: unknown; documents: { name: string }[] };
    const sandbox: { window: { TEI_EDITION_SEARCH?: { shards: Shard[] } } } = { window: {} };
    const shardFiles = [...files.keys()].filter((p) => /^search-index-\d\d\.js$/.test(p)).sort();
    assert.deepEqual(shardFiles, ['search-index-00.js'], 'a small edition has one shard');
    for (const f of shardFiles) vm.runInNewContext(files.get(f)!, sandbox);
    const [data] = sandbox.window.TEI_EDITION_SEARCH!.shards;
    const ms = MiniSearch.loadJS(data!.index, data!.options);
    const hits = ms.search('Changkufeng', { prefix: true });
    assert.deepEqual(hits.map((h) => data!.documents[h.id]!.name), ['exhibit']);
    assert.deepEqual(ms.search('cablegram').map((h) => data!.documents[h.id]!.name), ['letter']);
    assert.ok(files.get('search.html')!.includes('<script src="search-index-00.js" defer>'), 'search.html loads the shard');
  });

  it('serialises a search index that searches exactly as one built by MiniSearch.add', () => {
    type MS = { add: (d: unknown) => void; search: (q: string, o?: unknown) => unknown[]; toJSON: () => { index: [string, unknown][] } & Record<string, unknown> };
    const MiniSearch = require('minisearch') as { new (o: unknown): MS; loadJS: (js: unknown, opts: unknown) => MS };
    const docs = [
      ...summaries.map((s) => ({ title: s.title, idnos: 'Exh. 2638', text: s.text })),
      { title: 'Ærøskøbing café', idnos: '', text: 'Café ÆRØ, the the THE naïve naive — 1938-08-07; Zürich… zurich' },
      { title: '', idnos: '', text: '' },
    ];
    const real = new MiniSearch(SEARCH_OPTIONS);
    docs.forEach((d, id) => real.add({ id, ...d }));
    const mine = MiniSearch.loadJS(serialisedIndex(docs), SEARCH_OPTIONS);
    for (const q of ['the', 'Litvinov', 'cafe', 'café', 'zur', 'naive', 'Changkufeng hill', 'Shigemitsu 1938', 'nothing-here']) {
      for (const o of [{}, { prefix: true, fuzzy: 0.15, combineWith: 'AND', boost: { title: 3 } }]) assert.deepEqual(mine.search(q, o), real.search(q, o), `${q} ${JSON.stringify(o)}`);
    }
    const a = mine.toJSON();
    const b = real.toJSON();
    assert.deepEqual(new Map(a.index), new Map(b.index));
    assert.deepEqual({ ...a, index: [] }, { ...b, index: [] });
  });

  it('splits a large collection into shards by a hash of the name, each document in exactly one', () => {
    assert.equal(searchShardCount(2), 1);
    assert.equal(searchShardCount(10_332), 64);
    assert.equal(searchShardCount(600), 4);
    const many = Array.from({ length: 600 }, (_, i) => ({ ...summaries[i % 2]!, name: `doc-${i}` }));
    const shards = searchIndexFiles(many);
    assert.deepEqual(shards.map((f) => f.path), ['search-index-00.js', 'search-index-01.js', 'search-index-02.js', 'search-index-03.js']);
    const seen: string[] = [];
    for (const f of shards) {
      const sandbox: { window: { TEI_EDITION_SEARCH?: { shards: { documents: { name: string }[] }[] } } } = { window: {} };
      vm.runInNewContext(f.content, sandbox);
      const docs = sandbox.window.TEI_EDITION_SEARCH!.shards[0]!.documents.map((d) => d.name);
      assert.ok(docs.length > 100 && docs.length < 200, `${f.path}: ${docs.length}`);
      for (const n of docs) assert.equal(searchShardOf(n, 4), shards.indexOf(f));
      seen.push(...docs);
    }
    assert.deepEqual(seen.sort(), many.map((s) => s.name).sort());
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

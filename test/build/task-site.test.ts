/**
 * The site task re-assembles its parts from per-document pieces kept in the cache: after a change
 * it must write exactly what a build from scratch writes, touching only the pages the change is on.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SummaryStore } from '../../src/build/cache.js';
import { partHashes, SITE_PARTS, type SitePart } from '../../src/build/site-parts.js';
import { runSite, type SiteDone } from '../../src/build/task-site.js';
import { nodeHost } from '../../src/cli/node-host.js';
import type { Authority, DocSummary } from '../../src/model/index.js';
import { authorityFiles } from '../../src/build/stages.js';
import { orderDocuments } from '../../src/render/index.js';
import { cleanScratch, scratchDir } from '../cli/helpers.js';
import { fixtureEdition } from '../render/helpers.js';

describe('build: the site task', function () {
  this.timeout(120_000);
  const fixture = fixtureEdition();
  after(cleanScratch);

  /** The fixture documents and copies of them under other names and titles (enough for several pages and shards). */
  function collection(): DocSummary[] {
    const out = fixture.docs.map((d) => d.summary);
    for (let i = 0; i < 40; i++) {
      const s = fixture.docs[i % 2]!.summary;
      out.push({ ...s, name: `copy-${String(i).padStart(2, '0')}`, title: `${s.title} (copy ${i})` });
    }
    return out;
  }

  async function site(dir: string, summaries: DocSummary[], parts: readonly SitePart[] = SITE_PARTS, prefetchAt?: number, onePageEntries = 0): Promise<SiteDone> {
    const store = new SummaryStore(nodeHost, join(dir, 'cache'));
    for (const s of summaries) await store.put(s);
    await store.flush();
    const names = orderDocuments(summaries).map((s) => s.name);
    const records: Record<string, Record<string, string>> = {};
    for (const s of summaries) records[s.name] = partHashes(s);
    const done = await runSite(nodeHost, { kind: 'site', parts: [...parts], cacheDir: join(dir, 'cache'), names, records, toolKey: 'test', authorityDir: join(dir, 'authority'), edition: fixture.edition, distDir: join(dir, 'dist'), onePageEntries, ...(prefetchAt === undefined ? {} : { prefetchAt }) });
    assert.deepEqual(done.diagnostics, []);
    return done;
  }

  function files(dir: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const f of readdirSync(join(dir, 'dist'), { recursive: true, withFileTypes: true })) {
      if (f.isFile()) {
        const path = join(f.parentPath, f.name);
        out.set(path.slice(join(dir, 'dist').length + 1), readFileSync(path, 'utf8'));
      }
    }
    return out;
  }

  /** A copy with one more sentence, which names a new date. */
  function changed(all: DocSummary[], name: string): DocSummary[] {
    return all.map((s) =>
      s.name !== name
        ? s
        : { ...s, text: `${s.text} It was signed on 1 May 1940.`, mentions: [...s.mentions, { type: 'date', value: { when: '1940-05-01' }, text: '1 May 1940', context: '… It was signed on 1 May 1940.', anchor: 'm99' }] },
    );
  }

  it('writes after a change exactly what a build from scratch writes, and only the pages the change is on', async () => {
    const all = collection();
    const warm = scratchDir();
    await site(warm, all);
    const before = files(warm);
    assert.ok([...before.keys()].filter((p) => /^search-index-\d\d\.js$/.test(p)).length === 1);
    const after = changed(all, 'copy-07');
    const done = await site(warm, after, ['search-index', 'edition-text', 'dates']);
    const cold = scratchDir();
    await site(cold, after);
    assert.deepEqual(files(warm), files(cold));
    // the new month, its neighbours (their previous/next links), the overview, the text and the one shard
    assert.deepEqual(done.written.sort(), ['dates-1938-09.html', 'dates-1940-05.html', 'dates-1946-07.html', 'dates.html', 'edition.txt', 'search-index-00.js']);
    assert.ok(!before.has('dates-1940-05.html'));
  });

  it('writes a small index as one page, and after a change or a switch to pages exactly what a build from scratch writes', async () => {
    const all = collection();
    const warm = scratchDir();
    await site(warm, all, SITE_PARTS, undefined, 1000);
    const one = files(warm);
    assert.ok(![...one.keys()].some((p) => /^(persons|places|orgs|dates)-/.test(p)), 'no page files');
    assert.ok(one.get('dates.html')!.includes('<article class="entry day"'), 'the overview lists the dates');
    const after = changed(all, 'copy-07');
    const done = await site(warm, after, ['search-index', 'edition-text', 'dates'], undefined, 1000);
    assert.deepEqual(done.written.sort(), ['dates.html', 'edition.txt', 'search-index-00.js']);
    const cold = scratchDir();
    await site(cold, after, SITE_PARTS, undefined, 1000);
    assert.deepEqual(files(warm), files(cold));
    // the same index grown past the limit: split into pages, the one page's content gone
    await site(warm, after, SITE_PARTS, undefined, 0);
    const split = scratchDir();
    await site(split, after, SITE_PARTS, undefined, 0);
    assert.deepEqual(files(warm), files(split));
    // and back
    await site(warm, after, SITE_PARTS, undefined, 1000);
    assert.deepEqual(files(warm), files(cold));
  });

  it('follows a changed authority entry to its new page, and writes what a build from scratch writes', async () => {
    const all = collection();
    const writeAuthority = (dir: string, authority: Authority) => {
      mkdirSync(join(dir, 'authority'), { recursive: true });
      for (const [f, xml] of authorityFiles(authority)) writeFileSync(join(dir, 'authority', f), xml);
    };
    const warm = scratchDir();
    writeAuthority(warm, fixture.authority);
    await site(warm, all);
    const before = files(warm);
    // Litvinov renamed: his entry moves from the Li page to the Wa page; the files' size changes with the name
    const renamed: Authority = { entries: fixture.authority.entries.map((e) => (e.id === 'litvinov' ? { ...e, name: 'Wallach, Meir' } : e)) };
    writeAuthority(warm, renamed);
    await site(warm, all, ['persons']);
    const cold = scratchDir();
    writeAuthority(cold, renamed);
    await site(cold, all);
    assert.deepEqual(files(warm), files(cold));
    assert.ok(before.get('persons-li.html')?.includes('id="litvinov"') && files(warm).get('persons-wa.html')?.includes('id="litvinov"'));
  });

  it('writes the same site when it reads every summary shard once as when it reads the summaries document by document', async () => {
    const all = collection();
    const byDoc = scratchDir();
    await site(byDoc, all, SITE_PARTS, Number.MAX_SAFE_INTEGER);
    const onePass = scratchDir();
    await site(onePass, all, SITE_PARTS, 0);
    assert.deepEqual(files(onePass), files(byDoc));
    // and after a change made through the one pass, what a build from scratch writes
    const after = changed(all, 'copy-07');
    await site(onePass, after, SITE_PARTS, 0);
    const cold = scratchDir();
    await site(cold, after, SITE_PARTS, Number.MAX_SAFE_INTEGER);
    assert.deepEqual(files(onePass), files(cold));
    assert.equal(files(cold).size > 10, true);
  });

  it('leaves alone the index pages on which a changed document puts the same mentions as before', async () => {
    const all = collection();
    const warm = scratchDir();
    await site(warm, all);
    const pages = join(warm, 'cache', 'site', 'pages');
    const stamp = () => new Map(readdirSync(pages).map((f) => [f, statSync(join(pages, f)).mtimeMs]));
    const before = stamp();
    await new Promise((r) => setTimeout(r, 20));
    await site(warm, changed(all, 'copy-07'), ['dates']);
    const after = stamp();
    const touched = [...after].filter(([f, t]) => before.get(f) !== t).map(([f]) => f);
    assert.deepEqual(touched, ['dates-1940-05.txt']);
    assert.ok([...before.keys()].filter((f) => f.startsWith('dates-')).length > 1, 'the document is on other month pages too');
  });

  it('removes the pages no document is on any more, and reads the pieces of the others back', async () => {
    const all = changed(collection(), 'copy-07');
    const warm = scratchDir();
    await site(warm, all);
    const fewer = all.filter((s) => s.name !== 'copy-07');
    const done = await site(warm, fewer);
    const cold = scratchDir();
    await site(cold, fewer);
    assert.deepEqual(files(warm), files(cold));
    assert.ok(!files(warm).has('dates-1940-05.html'));
    assert.ok(done.written.includes('index.html'), 'the banner counts changed');
  });
});

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runBuild } from '../../src/cli/commands/build.js';
import type { BuildReport } from '../../src/build/edition.js';
import type { CliContext } from '../../src/cli/context.js';
import { editTei } from './convert.test.js';
import { cleanScratch, runCli, scratchDir } from './helpers.js';

function quietCtx(cwd: string): CliContext & { err: string[] } {
  const err: string[] = [];
  return { stdout: { write: () => {} }, stderr: { write: (s) => void err.push(s) }, cwd, isTTY: false, env: {}, exitCode: 0, err };
}

async function build(dir: string) {
  const ctx = quietCtx(dir);
  const r = await runBuild({ quiet: true, jobs: 1 }, false, ctx);
  assert.ok(r.report, ctx.err.join(''));
  return { ...r, report: r.report!, stderr: ctx.err.join('') };
}

function files(dir: string, base = dir, out: string[] = []): string[] {
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) files(p, base, out);
    else out.push(relative(base, p));
  }
  return out;
}

describe('build', () => {
  after(cleanScratch);

  it('builds sources into TEI and a site with pages, indexes and search', async () => {
    const dir = scratchDir('build/edition');
    const r = await build(dir);
    assert.deepEqual(r.report.converted, ['letter-a', 'letter-b', 'memo-c']);
    assert.deepEqual(r.report.failed, []);
    const dist = files(join(dir, 'dist'));
    for (const f of ['index.html', 'persons.html', 'places.html', 'orgs.html', 'dates.html', 'search.html', 'search-index-00.js', 'edition.txt', 'letter-a.html', 'letter-a.txt', 'letter-a.xml', 'authority/persons.xml', 'schemas/tei-edition.rng']) {
      assert.ok(dist.includes(f), `dist/${f}`);
    }
  });

  it('keeps a hand-edited TEI file as the master and shows the edit in the HTML', async () => {
    const dir = scratchDir('build/edition');
    await build(dir);
    const tei = join(dir, 'tei', 'letter-a.xml');
    editTei(tei, 'Litvinov', 'Litvinoff', 'Name checked against the carbon copy.');
    const edited = readFileSync(tei, 'utf8');
    // The source changes too: a converter would overwrite the TEI if it did not respect the edit.
    appendFileSync(join(dir, 'sources', 'letter-a.txt'), '\nA later line.\n');
    const r = await build(dir);
    assert.deepEqual(r.report.keptEdited, ['letter-a']);
    assert.ok(!r.report.converted.includes('letter-a'));
    assert.deepEqual(r.report.rendered, ['letter-a']);
    assert.equal(readFileSync(tei, 'utf8'), edited, 'the edited TEI is untouched');
    const html = readFileSync(join(dir, 'dist', 'letter-a.html'), 'utf8');
    assert.match(html, /Litvinoff/);
    assert.match(html, /Name checked against the carbon copy\./);
  });

  it('reports a hand edit that deleted source text as an error of that document, keeping the edit', async () => {
    const dir = scratchDir('build/edition');
    await build(dir);
    const tei = join(dir, 'tei', 'letter-b.xml');
    const xml = readFileSync(tei, 'utf8');
    assert.ok(xml.includes('undertook to report'));
    writeFileSync(tei, xml.replace('undertook to report', 'undertook'));
    const r = await build(dir);
    assert.equal(r.code, 1);
    assert.deepEqual(r.report.invalid, ['letter-b']);
    assert.ok(r.report.diagnostics.some((d) => d.rule === 'lossless' && d.file.endsWith('letter-b.xml') && d.severity === 'error'));
    assert.doesNotMatch(readFileSync(tei, 'utf8'), /undertook to report/);
  });

  it('rebuilds only the changed document, and nothing when nothing changed', async () => {
    const dir = scratchDir('build/edition');
    await build(dir);
    const none = await build(dir);
    assert.deepEqual(none.report.converted, []);
    assert.deepEqual(none.report.validated, []);
    assert.deepEqual(none.report.rendered, []);
    assert.equal(none.report.siteRebuilt, false);
    appendFileSync(join(dir, 'sources', 'memo-c.txt'), '\nThe note was typed twice.\n');
    const one = await build(dir);
    assert.deepEqual(one.report.converted, ['memo-c']);
    assert.deepEqual(one.report.validated, ['memo-c']);
    assert.deepEqual(one.report.rendered, ['memo-c']);
    // Only the site parts that read what changed: the text (and the contexts of mentions near it),
    // not the collection table (same title, date, counts) nor the organisations (none near).
    assert.ok(one.report.siteParts.includes('search-index') && one.report.siteParts.includes('edition-text'), one.report.siteParts.join());
    assert.ok(!one.report.siteParts.includes('index') && !one.report.siteParts.includes('orgs'), one.report.siteParts.join());
    assert.match(readFileSync(join(dir, 'dist', 'memo-c.txt'), 'utf8'), /typed twice/);
    assert.match(readFileSync(join(dir, 'dist', 'search-index-00.js'), 'utf8'), /typed/);
    appendFileSync(join(dir, 'sources', 'memo-c.txt'), '\nA copy went to Canberra on 21 May 1938.\n');
    const two = await build(dir);
    assert.ok(two.report.siteParts.includes('dates') && two.report.siteParts.includes('places'), two.report.siteParts.join());
    assert.ok(!two.report.siteParts.includes('orgs'));
  });

  it('reconverts a document whose metadata.csv row changed while its source file did not', async () => {
    const dir = scratchDir('build/edition');
    const csv = join(dir, 'sources', 'metadata.csv');
    writeFileSync(csv, 'file,title\nletter-a.txt,The first title given\n');
    await build(dir);
    const source = statSync(join(dir, 'sources', 'letter-a.txt')).mtimeMs;
    writeFileSync(csv, 'file,title\nletter-a.txt,The title corrected\n');
    // the quick state no longer matches (the row is part of its digest): the records decide
    const r = await build(dir);
    assert.equal(statSync(join(dir, 'sources', 'letter-a.txt')).mtimeMs, source);
    assert.deepEqual(r.report.converted, ['letter-a']);
    assert.match(readFileSync(join(dir, 'tei', 'letter-a.xml'), 'utf8'), /The title corrected/);
    assert.match(readFileSync(join(dir, 'dist', 'letter-a.html'), 'utf8'), /The title corrected/);
    // and a build after it, with the row as it is now, has nothing to convert
    const again = await build(dir);
    assert.deepEqual(again.report.converted, []);
  });

  it('writes the authority in its own form again at the next conversion after an editor reformatted it, and leaves it alone otherwise', async () => {
    const dir = scratchDir('build/edition');
    await build(dir);
    const persons = join(dir, 'tei', 'authority', 'persons.xml');
    const own = readFileSync(persons, 'utf8');
    appendFileSync(join(dir, 'sources', 'memo-c.txt'), '\nThe note was typed twice.\n');
    const quiet = await build(dir);
    assert.equal(quiet.report.authorityWritten, false);
    assert.equal(readFileSync(persons, 'utf8'), own);
    // the same entries, with an editor's comment
    writeFileSync(persons, `${own}<!-- checked against the carbon copies -->\n`);
    appendFileSync(join(dir, 'sources', 'memo-c.txt'), '\nA copy was filed.\n');
    const r = await build(dir);
    assert.deepEqual(r.report.converted, ['memo-c']);
    assert.equal(r.report.authorityWritten, true);
    assert.equal(readFileSync(persons, 'utf8'), own);
  });

  it('removes the pages of a document whose source and TEI are gone', async () => {
    const dir = scratchDir('build/edition');
    await build(dir);
    const { rmSync, existsSync } = await import('node:fs');
    rmSync(join(dir, 'sources', 'letter-b.txt'));
    rmSync(join(dir, 'tei', 'letter-b.xml'));
    const r = await build(dir);
    assert.deepEqual(r.report.removed, ['letter-b']);
    assert.ok(!existsSync(join(dir, 'dist', 'letter-b.html')));
  });

  it('gives byte-identical output for two builds of the same sources', async () => {
    const a = scratchDir('build/edition');
    const b = scratchDir('build/edition');
    await build(a);
    await build(b);
    for (const sub of ['tei', 'dist']) {
      const fa = files(join(a, sub));
      assert.deepEqual(fa, files(join(b, sub)));
      for (const f of fa) assert.ok(readFileSync(join(a, sub, f)).equals(readFileSync(join(b, sub, f))), `${sub}/${f} differs`);
    }
  });

  it('lets command-line folders override the configuration', async () => {
    const dir = scratchDir('build/edition');
    writeFileSync(join(dir, 'tei-edition.json'), JSON.stringify({ title: 'T', sources: 'nowhere', pdf: false }));
    const r = await runCli(['build', '--sources', 'sources', '--tei', 'tei2', '--dist', 'site', '--quiet', '--jobs', '1'], dir);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.ok(statSync(join(dir, 'tei2', 'letter-a.xml')).isFile());
    assert.ok(statSync(join(dir, 'site', 'letter-a.html')).isFile());
  });
});

describe('build in worker threads', () => {
  after(cleanScratch);

  it('writes the same bytes with a pool of two workers as in-process', async () => {
    const make = () => {
      const dir = scratchDir('build/edition');
      // Enough documents for the worker pool (small runs stay in-process).
      for (let i = 0; i < 70; i++) {
        writeFileSync(join(dir, 'sources', `note-${String(i).padStart(3, '0')}.txt`), `NOTE ${i}\n\n     Mr Lyons saw Mr Bruce in London on ${(i % 28) + 1} June 1938 about item ${i}.\n`);
      }
      return dir;
    };
    const a = make();
    const b = make();
    const ra = await runCli(['build', '--quiet', '--jobs', '1'], a);
    const rb = await runCli(['build', '--quiet', '--jobs', '2'], b);
    assert.equal(ra.code, rb.code, `${ra.stderr}\n${rb.stderr}`);
    for (const sub of ['tei', 'dist']) {
      const fa = files(join(a, sub));
      assert.deepEqual(fa, files(join(b, sub)));
      for (const f of fa) assert.ok(readFileSync(join(a, sub, f)).equals(readFileSync(join(b, sub, f))), `${sub}/${f} differs`);
    }
  });

  it('renders the pages of a small rebuild on a helper thread, with the same bytes as in-process', async () => {
    const a = scratchDir('build/edition');
    const b = scratchDir('build/edition');
    assert.equal((await runCli(['build', '--quiet', '--jobs', '1'], a)).code, 0);
    assert.equal((await runCli(['build', '--quiet', '--jobs', '2'], b)).code, 0);
    for (const dir of [a, b]) appendFileSync(join(dir, 'sources', 'letter-a.txt'), '\nMr Bruce saw Mr Lyons in Geneva on 3 May 1938.\n');
    const ra = await runCli(['build', '--quiet', '--jobs', '1'], a);
    const rb = await runCli(['build', '--quiet', '--jobs', '2'], b);
    assert.equal(ra.code, rb.code, `${ra.stderr}\n${rb.stderr}`);
    // the helper's warm-up page is in the cache folder of the build with two jobs only
    const { existsSync } = await import('node:fs');
    assert.ok(existsSync(join(b, '.tei-edition-cache', 'warm')) && !existsSync(join(a, '.tei-edition-cache', 'warm')));
    assert.match(readFileSync(join(b, 'dist', 'letter-a.html'), 'utf8'), />3 May 1938</);
    for (const sub of ['tei', 'dist']) {
      const fa = files(join(a, sub));
      assert.deepEqual(fa, files(join(b, sub)));
      for (const f of fa) assert.ok(readFileSync(join(a, sub, f)).equals(readFileSync(join(b, sub, f))), `${sub}/${f} differs`);
    }
  });
});

describe('build with nothing to do', () => {
  after(cleanScratch);

  const withoutTimings = (r: { report: BuildReport }): Omit<BuildReport, 'timings'> => {
    const { timings: _t, ...rest } = r.report;
    return rest;
  };

  it('answers from its saved state with the report the full check gives, hand-edited and invalid documents included', async () => {
    const dir = scratchDir('build/edition');
    await build(dir);
    editTei(join(dir, 'tei', 'letter-a.xml'), 'Litvinov', 'Litvinoff', 'Name checked.');
    const teiB = join(dir, 'tei', 'letter-b.xml');
    writeFileSync(teiB, readFileSync(teiB, 'utf8').replace('undertook to report', 'undertook'));
    await build(dir);
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, '.tei-edition-cache', 'quick.json'));
    const full = await build(dir);
    assert.ok(Object.keys(full.report.timings).length > 1, 'the full check ran');
    const fast = await build(dir);
    assert.deepEqual(Object.keys(fast.report.timings), ['plan'], 'answered from the saved state');
    assert.deepEqual(withoutTimings(fast), withoutTimings(full));
    assert.deepEqual(fast.report.invalid, ['letter-b']);
    assert.deepEqual(fast.report.keptEdited, ['letter-a', 'letter-b']);
    assert.equal(fast.code, full.code);
    assert.equal(fast.stderr.replace(/ in [\d.]+ s\n/, ''), full.stderr.replace(/ in [\d.]+ s\n/, ''));
  });

  it('still notices a deleted page, a hand-edited TEI file and a changed source', async () => {
    const dir = scratchDir('build/edition');
    await build(dir);
    assert.deepEqual(Object.keys((await build(dir)).report.timings), ['plan']);
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'dist', 'letter-a.html'));
    assert.deepEqual((await build(dir)).report.rendered, ['letter-a']);
    editTei(join(dir, 'tei', 'memo-c.xml'), 'treaty', 'agreement', 'Word as on the carbon.');
    const edited = await build(dir);
    assert.deepEqual(edited.report.validated, ['memo-c']);
    assert.deepEqual(edited.report.keptEdited, ['memo-c']);
    appendFileSync(join(dir, 'sources', 'letter-b.txt'), '\nA line added later.\n');
    assert.deepEqual((await build(dir)).report.converted, ['letter-b']);
    assert.deepEqual(Object.keys((await build(dir)).report.timings), ['plan']);
  });
});

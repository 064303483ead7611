/**
 * Browser tests in headless Chromium (Debian's chromium via playwright-core): the fixture site
 * served from a tiny localhost server; follow an entity link to its index entry, toggle the view,
 * filter the collection table, search; no console errors and no request leaving the machine.
 * The print PDF: index and contents page numbers checked against the PDF's own text (pdftotext).
 * Screenshots go to $RENDER_SCREENSHOTS (default: a temporary folder) for a person to look at.
 * In CI (CI=true) a missing Chromium or pdftotext fails; locally the tests skip with a message.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM, type PdfResult } from '../../src/render/index.js';
import { buildFixtureSite, type FixtureEdition } from './helpers.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
const haveChromium = existsSync(chromiumPath);
const havePdftotext = spawnSync('pdftotext', ['-v']).error === undefined;
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.txt': 'text/plain; charset=utf-8', '.xml': 'application/xml', '.pdf': 'application/pdf' };

function requireTool(ok: boolean, what: string, ctx: Mocha.Context): void {
  if (ok) return;
  if (process.env.CI === 'true') throw new Error(`${what} is required in CI (apt-get install chromium poppler-utils)`);
  console.warn(`      (skipped: ${what} not found; apt-get install chromium poppler-utils)`);
  ctx.skip();
}

describe('render: the built site and PDF in headless Chromium', function () {
  this.timeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'tei-edition-site-'));
  const shots = process.env.RENDER_SCREENSHOTS ?? join(dir, 'screenshots');
  let fixture: FixtureEdition;
  let server: Server;
  let base = '';
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const outside: string[] = [];
  let pdf: PdfResult | undefined;

  before(async function () {
    requireTool(haveChromium, `Chromium (${chromiumPath})`, this);
    const built = await buildFixtureSite(dir);
    fixture = built.fixture;
    const r = await built.renderer.renderPdf(fixture.docs.map((d) => ({ name: d.name, teiXml: d.xml, summary: d.summary })), fixture.edition);
    assert.deepEqual(r.diagnostics, []);
    pdf = r.value;
    writeFileSync(join(dir, 'edition.pdf'), pdf!.pdf);
    server = createServer((req, res) => {
      const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
      const file = join(dir, path === '/' ? 'index.html' : path);
      if (!file.startsWith(dir) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(base) || url.startsWith('data:')) return route.continue();
      outside.push(url);
      return route.abort();
    });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    mkdirSync(shots, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    server?.close();
    // screenshots kept elsewhere: the built site can go; else keep it for a person to look at
    if (process.env.RENDER_SCREENSHOTS) rmSync(dir, { recursive: true, force: true });
  });

  it('follows a person link in a document to the entry of that person, through the overview page to the page of its letters', async () => {
    await page.goto(`${base}/exhibit.html`);
    await page.screenshot({ path: join(shots, 'document.png'), fullPage: true });
    const link = page.locator('a.ent-person', { hasText: 'Shigemitsu' }).first();
    assert.equal(await link.getAttribute('title'), 'Mamoru Shigemitsu');
    assert.equal(await link.getAttribute('href'), 'persons.html#shigemitsu');
    await link.click();
    await page.waitForURL(/persons-sh\.html#shigemitsu$/);
    const target = page.locator(':target');
    assert.equal(await target.getAttribute('id'), 'shigemitsu');
    assert.match((await target.locator('h3').textContent()) ?? '', /Shigemitsu, Mamoru/);
    await page.screenshot({ path: join(shots, 'persons.png'), fullPage: true });
    await page.goto(`${base}/persons.html`);
    await page.screenshot({ path: join(shots, 'persons-overview.png'), fullPage: true });
    await page.goto(`${base}/dates.html#d-1938-08-07`);
    await page.waitForURL(/dates-1938-08\.html#d-1938-08-07$/);
    assert.equal(await page.locator(':target').getAttribute('id'), 'd-1938-08-07');
  });

  it('toggles between the reading view and the diplomatic view with furniture and source spellings', async () => {
    await page.goto(`${base}/exhibit.html`);
    const catchword = page.locator('.fw-catch').first();
    const sic = page.locator('.sic.diplomatic-only').first();
    assert.equal(await catchword.isVisible(), false);
    assert.equal(await sic.isVisible(), false);
    const toggle = page.locator('#view-toggle');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    assert.equal(await catchword.isVisible(), true);
    assert.equal(await sic.isVisible(), true);
    assert.equal(await page.locator('.corr.editorial').first().isVisible(), false);
    await page.screenshot({ path: join(shots, 'document-diplomatic.png'), fullPage: true });
    await toggle.click();
    assert.equal(await catchword.isVisible(), false);
  });

  it('filters and sorts the collection table', async () => {
    await page.goto(`${base}/index.html`);
    await page.fill('#doc-filter', 'cablegram');
    assert.equal(await page.locator('#doc-table tbody tr:visible').count(), 1);
    assert.match((await page.locator('#doc-count').textContent()) ?? '', /1 of 2 documents/);
    await page.fill('#doc-filter', '');
    await page.click('th button[data-sort="1"]');
    const titles = await page.locator('#doc-table tbody td:nth-child(2)').allTextContents();
    assert.deepEqual(titles, [...titles].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    await page.screenshot({ path: join(shots, 'index.png'), fullPage: true });
  });

  it('finds documents by full-text search in the browser, without a server', async () => {
    await page.goto(`${base}/search.html`);
    await page.fill('#q', 'changkuf');
    await page.waitForSelector('#search-results li');
    const hrefs = await page.locator('#search-results li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.equal(hrefs.length, 1);
    assert.match(hrefs[0]!, /^exhibit\.html/);
    await page.screenshot({ path: join(shots, 'search.png'), fullPage: true });
  });

  it('searches every shard of a sharded index and ranks the hits of all shards together', async () => {
    const { renderPages, searchIndexFiles, searchPageXml, loadResources } = await import('../../src/render/index.js');
    const [exhibit, letter] = fixture.docs.map((d) => d.summary);
    const many = Array.from({ length: 600 }, (_, i) => ({ ...(i % 2 ? letter! : exhibit!), name: `many-${String(i).padStart(3, '0')}`, title: `Copy ${i}` }));
    many[417] = { ...many[417]!, title: 'Changkufeng, the title' };
    const shards = searchIndexFiles(many);
    assert.equal(shards.length, 4);
    const sub = join(dir, 'many');
    mkdirSync(join(sub, 'assets'), { recursive: true });
    const res = await loadResources();
    for (const [path, content] of Object.entries(res.assets)) writeFileSync(join(sub, path), content);
    for (const f of shards) writeFileSync(join(sub, f.path), f.content);
    const [searchPage] = renderPages(res, [{ path: 'search.html', xml: searchPageXml(fixture.edition, { documents: many.length, certificates: 0 }, shards.length) }], fixture.edition);
    writeFileSync(join(sub, 'search.html'), searchPage!.content);
    await page.goto(`${base}/many/search.html?q=changkufeng`);
    await page.waitForSelector('#search-results li');
    assert.match((await page.locator('#search-status').textContent()) ?? '', /^301 documents match/, '300 copies of the exhibit and the letter titled so');
    const hrefs = await page.locator('#search-results li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.equal(hrefs.length, 200, 'the first 200 hits are listed');
    assert.match(hrefs[0]!, /^many-417\.html/, 'the title match ranks first, whichever shard holds it');
    assert.equal(new Set(hrefs).size, 200);
  });

  it('gives every page a language, landmarks, a skip link, one h1 and headings that never skip a level', async () => {
    const pages = ['index.html', 'persons.html', 'persons-sh.html', 'places.html', 'orgs.html', 'dates.html', 'dates-1938-08.html', 'search.html', ...fixture.docs.map((d) => `${d.name}.html`)];
    for (const p of pages) {
      await page.goto(`${base}/${p}`);
      // a string, evaluated in the page: the test is compiled without the DOM library
      const facts = (await page.evaluate(`({
        lang: document.documentElement.lang,
        main: document.querySelectorAll('main').length,
        banner: document.querySelectorAll('body > header').length,
        nav: document.querySelectorAll('nav').length,
        skip: document.querySelector('a.skip')?.getAttribute('href') ?? '',
        levels: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1])),
        unnamedInputs: [...document.querySelectorAll('input')].filter((i) => !i.labels || i.labels.length === 0).length,
      })`)) as { lang: string; main: number; banner: number; nav: number; skip: string; levels: number[]; unnamedInputs: number };
      assert.equal(facts.lang, 'en', p);
      assert.equal(facts.main, 1, p);
      assert.equal(facts.banner, 1, p);
      assert.ok(facts.nav >= 1, p);
      assert.equal(facts.skip, '#main', p);
      assert.equal(facts.levels.filter((l) => l === 1).length, 1, `${p}: one h1`);
      facts.levels.forEach((l, i) => assert.ok(i === 0 || l <= facts.levels[i - 1]! + 1, `${p}: h${l} after h${facts.levels[i - 1]}`));
      assert.equal(facts.unnamedInputs, 0, `${p}: every input has a label`);
    }
  });

  it('logged no console errors and sent no request off the machine', () => {
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(outside, []);
  });

  it('prints index page numbers on which the mentions really stand, and contents numbers where documents begin', function () {
    requireTool(havePdftotext, 'pdftotext (poppler-utils)', this);
    const file = join(dir, 'edition.pdf');
    const pages = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f');
    assert.equal(pages.length - 1, pdf!.pageCount);
    // the folio printed at the foot of page N is N
    for (let n = 2; n <= pdf!.pageCount; n++) assert.match(pages[n - 1]!.trimEnd(), new RegExp(`\\b${n}$`), `folio of page ${n}`);
    const indexPage = pages.findIndex((p) => p.includes('Index of persons') && p.includes('Bruce, Stanley Melbourne'));
    assert.ok(indexPage > 1, 'index of persons after the contents');
    const line = pages[indexPage]!.split('\n').find((l) => l.includes('Bruce, Stanley Melbourne'))!;
    const n = Number(/\)\s+(\d+)/.exec(line)![1]);
    assert.ok(pages[n - 1]!.includes('S. M. B[RUCE]'), `Bruce is on page ${n}`);
    assert.ok(pages[n - 1]!.includes('Bruce to Lyons, cablegram 42'), 'running head of his document');
    const toc = pages[1]!.split('\n').find((l) => l.includes('Record of a conversation with Shigemitsu'))!;
    const start = Number(/(\d+)\s*$/.exec(toc)![1]);
    assert.ok(pages[start - 1]!.includes('RECORD OF A CONVERSATION WITH SHIGEMITSU'));
    assert.ok(!pages[start - 2]!.includes('RECORD OF A CONVERSATION WITH SHIGEMITSU'));
    assert.ok(Buffer.from(pdf!.pdf).toString('latin1').includes('/CreationDate (D:19700101000000'), 'no clock in the PDF');
    execFileSync('pdftoppm', ['-r', '60', '-png', file, join(shots, 'pdf')]);
  });
});

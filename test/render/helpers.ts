/**
 * Test helpers for the render stage: the fixture edition (hand-written TEI per ENCODING.md,
 * summarised by the tei stage) and a built site in a temporary folder.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Authority, DocSummary } from '../../src/model/index.js';
import { summarise } from '../../src/tei/index.js';
import { createRenderer, DEFAULT_LIMITS, orderDocuments, type EditionInfo, type Renderer } from '../../src/render/index.js';

export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'fixtures', 'render');

export interface FixtureDoc {
  name: string;
  xml: string;
  summary: DocSummary;
}

export interface FixtureEdition {
  docs: FixtureDoc[];
  authority: Authority;
  edition: EditionInfo;
}

/** Every fixture folder with an input.xml is a document of the fixture edition, in reading order. */
export function fixtureEdition(): FixtureEdition {
  const docs: FixtureDoc[] = [];
  for (const d of readdirSync(FIXTURES).sort()) {
    const f = join(FIXTURES, d, 'input.xml');
    if (!existsSync(f)) continue;
    const xml = readFileSync(f, 'utf8');
    const r = summarise(xml, `${d}.xml`) as unknown as { value: DocSummary };
    docs.push({ name: d, xml, summary: { ...r.value, name: d } });
  }
  const order = orderDocuments(docs.map((d) => d.summary)).map((s) => s.name);
  docs.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  const authority = JSON.parse(readFileSync(join(FIXTURES, 'site', 'authority.json'), 'utf8')) as Authority;
  const edition = JSON.parse(readFileSync(join(FIXTURES, 'site', 'edition.json'), 'utf8')) as EditionInfo;
  return { docs, authority, edition };
}

/** Build the fixture edition's site into `dir` as the build stage would; returns the renderer. */
export async function buildFixtureSite(dir: string): Promise<{ renderer: Renderer; fixture: FixtureEdition }> {
  const fixture = fixtureEdition();
  const renderer = await createRenderer({ authority: fixture.authority, editionTitle: fixture.edition.title });
  mkdirSync(join(dir, 'assets'), { recursive: true });
  fixture.docs.forEach((d, i) => {
    const prev = fixture.docs[i - 1];
    const next = fixture.docs[i + 1];
    const out = renderer.renderDocument(d.xml, {
      name: d.name,
      prev: prev && { name: prev.name, title: prev.summary.title },
      next: next && { name: next.name, title: next.summary.title },
    });
    writeFileSync(join(dir, `${d.name}.html`), out.html);
    writeFileSync(join(dir, `${d.name}.txt`), out.text);
    writeFileSync(join(dir, `${d.name}.xml`), d.xml);
  });
  // indexes split into pages with overviews, as in a large edition (a small one is one page per index)
  for (const f of renderer.renderSite(fixture.docs.map((d) => d.summary), fixture.edition, { ...DEFAULT_LIMITS, onePageEntries: 0 })) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  return { renderer, fixture };
}

/**
 * The tei task (src/build/task-tei.ts) on an in-memory file system: writes overlap the checks, a
 * failed write leaves its document unchecked, and the authority's validator is reused or rebuilt
 * as its files change (its id index kept in the cache folder).
 */
import { strict as assert } from 'node:assert';
import type { BuildHost } from '../../src/build/host.js';
import { runTeiTask, type TeiContext, type TeiItem } from '../../src/build/task-tei.js';
import { ingest } from '../../src/ingest/index.js';

const SOURCE = 'Department of External Affairs\n\nCanberra, 4 March 1938\n\nThe Minister noted the report of Mr Bruce in London.\n';

function memoryHost(opts: { failWrites?: (path: string) => boolean } = {}): BuildHost & { files: Map<string, string>; reads: string[] } {
  const files = new Map<string, string>();
  const reads: string[] = [];
  let clock = 1;
  const mtimes = new Map<string, number>();
  return {
    files,
    reads,
    async readBytes(p) {
      const x = files.get(p);
      return x === undefined ? undefined : new TextEncoder().encode(x);
    },
    async readText(p) {
      reads.push(p);
      return files.get(p);
    },
    async stat(p) {
      const x = files.get(p);
      return x === undefined ? undefined : { size: x.length, mtimeMs: mtimes.get(p) ?? 0 };
    },
    async writeFile(p, d) {
      await new Promise((r) => setTimeout(r, 1));
      if (opts.failWrites?.(p)) throw new Error('disk full');
      files.set(p, typeof d === 'string' ? d : new TextDecoder().decode(d));
      mtimes.set(p, clock++);
    },
    async remove(p) {
      files.delete(p);
    },
    async list() {
      return [];
    },
  };
}

function item(name: string, text = SOURCE): TeiItem {
  const model = ingest({ name, path: `/src/${name}.txt`, text, encoding: 'utf-8' }).value;
  return {
    name,
    teiPath: `/tei/${name}.xml`,
    displayPath: `tei/${name}.xml`,
    write: { model, inlines: [], options: { schemaHref: '../schemas/tei-edition.rng', authorityHref: { person: 'authority/persons.xml', place: 'authority/places.xml', org: 'authority/orgs.xml' }, generator: 'test' } },
  };
}

const ctx: TeiContext = { validate: true, summarise: true, authorityDir: '/tei/authority', cacheDir: '/cache' };

describe('build: the tei task', () => {
  it('writes, validates and summarises every document of a batch', async () => {
    const host = memoryHost();
    const done = await runTeiTask(host, [item('a'), item('b')], ctx);
    assert.deepEqual(done.map((d) => [d.name, d.ok, d.validated, d.valid, !!d.summary, !!d.teiStat, !!d.teiHash]), [
      ['a', true, true, true, true, true, true],
      ['b', true, true, true, true, true, true],
    ]);
    assert.ok(host.files.get('/tei/a.xml')?.includes('<TEI'));
  });

  it('reports a failed write with the TEI writing diagnostics only, and checks the rest of the batch', async () => {
    const host = memoryHost({ failWrites: (p) => p.endsWith('/b.xml') });
    const done = await runTeiTask(host, [item('a'), item('b'), item('c')], ctx);
    const b = done[1]!;
    assert.equal(b.ok, false);
    assert.equal(b.validated, false);
    assert.equal(b.summary, undefined);
    assert.equal(b.teiHash, undefined);
    assert.equal(b.teiStat, undefined);
    assert.deepEqual(b.diagnostics.map((d) => d.rule), ['io-write']);
    assert.match(b.diagnostics[0]!.message, /cannot write: disk full/);
    assert.deepEqual(done.filter((d) => d !== b).map((d) => [d.ok, d.validated, !!d.summary]), [
      [true, true, true],
      [true, true, true],
    ]);
  });

  it('reads the authority files again only when they change, and keeps their id index in the cache folder', async () => {
    const host = memoryHost();
    const persons = (id: string) => `<?xml version="1.0" encoding="UTF-8"?><TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><listPerson><person xml:id="${id}"><persName>X</persName></person></listPerson></body></text></TEI>`;
    await host.writeFile('/tei/authority/persons.xml', persons('bruce'));
    const withRef = item('r');
    const at = SOURCE.indexOf('Bruce');
    withRef.write!.inlines = [{ kind: 'entity', type: 'person', span: { start: at, end: at + 5 }, ref: 'bruce' }];
    let done = await runTeiTask(host, [withRef], { ...ctx, authorityKey: 'k1' });
    assert.equal(done[0]!.valid, true, JSON.stringify(done[0]!.diagnostics));
    assert.ok(host.files.get('/cache/authority-ids.json')?.includes('bruce'));
    host.reads.length = 0;
    await runTeiTask(host, [item('s')], { ...ctx, authorityKey: 'k1' });
    assert.ok(!host.reads.some((p) => p.includes('/authority/')), 'unchanged authority files are not read again');
    await host.writeFile('/tei/authority/persons.xml', persons('menzies'));
    done = await runTeiTask(host, [withRef], { ...ctx, authorityKey: 'k2' });
    assert.ok(done[0]!.diagnostics.some((d) => d.rule === 'ref-resolves'), 'a reference to a removed entry is reported');
  });
});

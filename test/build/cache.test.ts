import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyManifest, loadManifest, markChanged, saveManifest } from '../../src/build/cache.js';
import type { Manifest } from '../../src/build/cache.js';
import { nodeHost } from '../../src/cli/node-host.js';
import { cleanScratch, scratchDir } from '../cli/helpers.js';

/** A manifest of `n` documents, saved whole once and loaded back (as a build finds it). */
async function savedManifest(dir: string, n: number): Promise<Manifest> {
  const m = emptyManifest('key');
  for (let i = 0; i < n; i++) m.docs[`d${i}`] = { teiHash: `h${i}`, title: `Document ${i}` };
  m.authority = { a: '1' };
  await saveManifest(nodeHost, dir, m);
  return loadManifest(nodeHost, dir, 'key');
}

describe('build cache manifest', () => {
  after(cleanScratch);

  it('journals a changed record instead of rewriting the manifest, and reads it back', async () => {
    const dir = scratchDir();
    const m = await savedManifest(dir, 20);
    const before = statSync(join(dir, 'manifest.json')).mtimeMs;
    m.docs['d3']!.renderKey = 'r3';
    markChanged(m, 'd3');
    m.siteKey = 'site';
    await saveManifest(nodeHost, dir, m);
    assert.equal(statSync(join(dir, 'manifest.json')).mtimeMs, before);
    assert.ok(readFileSync(join(dir, 'manifest.log'), 'utf8').includes('"d3"'));
    const back = await loadManifest(nodeHost, dir, 'key');
    assert.deepEqual(back, m);
  });

  it('forgets a removed record and keeps the authority hashes as last saved', async () => {
    const dir = scratchDir();
    const m = await savedManifest(dir, 20);
    delete m.docs['d5'];
    markChanged(m, 'd5');
    m.authority = { a: '2', b: '1' };
    await saveManifest(nodeHost, dir, m);
    const back = await loadManifest(nodeHost, dir, 'key');
    assert.equal('d5' in back.docs, false);
    assert.deepEqual(back.authority, { a: '2', b: '1' });
  });

  it('writes nothing when no record was marked and no other field changed', async () => {
    const dir = scratchDir();
    const m = await savedManifest(dir, 20);
    await saveManifest(nodeHost, dir, m);
    assert.equal(existsSync(join(dir, 'manifest.log')), false);
  });

  it('rewrites the whole manifest when many records changed, leaving no journal behind', async () => {
    const dir = scratchDir();
    const m = await savedManifest(dir, 20);
    for (let i = 0; i < 10; i++) {
      m.docs[`d${i}`]!.valid = true;
      markChanged(m, `d${i}`);
    }
    await saveManifest(nodeHost, dir, m);
    assert.equal(existsSync(join(dir, 'manifest.log')), false);
    assert.deepEqual(await loadManifest(nodeHost, dir, 'key'), m);
  });

  it('ignores journal lines of an earlier whole rewrite and a line cut short', async () => {
    const dir = scratchDir();
    const m = await savedManifest(dir, 20);
    const stale = JSON.stringify({ g: (m.generation ?? 0) - 1, docs: { d1: { title: 'stale' } } });
    writeFileSync(join(dir, 'manifest.log'), `${stale}\n{"g":${m.generation},"docs":{"d2":{"tit`);
    const back = await loadManifest(nodeHost, dir, 'key');
    assert.equal(back.docs['d1']!.title, 'Document 1');
    assert.equal(back.docs['d2']!.title, 'Document 2');
  });
});

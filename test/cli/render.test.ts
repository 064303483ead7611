import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanScratch, runCli, scratchDir } from './helpers.js';

describe('render', () => {
  after(cleanScratch);

  it('renders only the formats asked for, skipping authority and schema files', async () => {
    const dir = scratchDir('build/edition');
    assert.equal((await runCli(['convert', 'sources', '--out', 'tei', '--quiet'], dir)).code, 0);
    const r = await runCli(['render', 'tei', '--out', 'site', '--format', 'text', '--quiet'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(join(dir, 'site', 'memo-c.txt'), 'utf8'), /Department of Commerce/);
    assert.ok(!existsSync(join(dir, 'site', 'memo-c.html')));
    assert.ok(!existsSync(join(dir, 'site', 'persons.txt')), 'authority files are not documents');
  });

  it('renders the good files when one is not well-formed, names the bad one and exits 1', async () => {
    const dir = scratchDir('build/edition');
    assert.equal((await runCli(['convert', 'sources', '--out', 'tei', '--quiet'], dir)).code, 0);
    writeFileSync(join(dir, 'tei', 'broken.xml'), '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text>');
    const r = await runCli(['render', 'tei', '--out', 'site', '--quiet'], dir);
    assert.equal(r.code, 1);
    assert.ok(existsSync(join(dir, 'site', 'letter-a.html')));
    assert.match(r.stderr, /broken\.xml:\d+:\d+: error: /);
  });
});

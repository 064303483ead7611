import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { acquireLock } from '../../src/cli/lock.js';
import { cleanScratch, fixtures, runCli, scratchDir } from './helpers.js';

describe('CLI usage, configuration and lock', () => {
  after(cleanScratch);

  it('prints help for every command and exits 0', async () => {
    for (const cmd of [[], ['convert'], ['render'], ['build']]) {
      const r = await runCli([...cmd, '--help'], scratchDir());
      assert.equal(r.code, 0, cmd.join(' '));
      assert.match(r.stdout, /Usage: tei-edition/);
      assert.match(r.stdout, /Exit codes:/);
    }
  });

  it('exits 2 with usage when no command is given', async () => {
    const r = await runCli([], scratchDir());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Usage:/);
  });

  it('exits 2 for an unknown command, a missing --out and an unknown render format', async () => {
    const dir = scratchDir();
    assert.equal((await runCli(['frobnicate'], dir)).code, 2);
    const noOut = await runCli(['convert', 'x.txt'], dir);
    assert.equal(noOut.code, 2);
    assert.match(noOut.stderr, /--out/);
    const fmt = await runCli(['render', dir, '--out', 'o', '--format', 'pdf'], dir);
    assert.equal(fmt.code, 2);
    assert.match(fmt.stderr, /unknown format pdf/);
  });

  it('exits 2 naming an input that does not exist', async () => {
    const r = await runCli(['convert', 'missing.txt', '--out', 'tei'], scratchDir());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /missing\.txt: no such file or folder/);
  });

  it('exits 2 when a sources folder named with --sources does not exist', async () => {
    const r = await runCli(['build', '--sources', 'nowhere', '--quiet'], scratchDir());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nowhere: no such folder/);
  });

  it('exits 2 when a configuration named with --config does not exist', async () => {
    const r = await runCli(['build', '--config', 'nope.json'], scratchDir());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read configuration nope\.json/);
  });

  const configs = join(fixtures, 'cli', 'config');
  for (const c of readdirSync(configs).sort()) {
    it(`exits 3 on an invalid configuration (${c.replace(/-/g, ' ')}) naming the problem`, async () => {
      const dir = scratchDir(join('cli', 'config', c));
      const r = await runCli(['build', '--quiet'], dir);
      assert.equal(r.code, 3, r.stderr);
      for (const line of readFileSync(join(configs, c, 'expected.txt'), 'utf8').split('\n').filter(Boolean)) {
        assert.ok(r.stderr.includes(line), `expected "${line}" in:\n${r.stderr}`);
      }
    });
  }

  it('refuses a second build on the same folder with exit 4 and says why', async () => {
    const dir = scratchDir();
    const release = await acquireLock(join(dir, 'tei'));
    assert.ok(release);
    try {
      const r = await runCli(['build', '--quiet'], dir);
      assert.equal(r.code, 4);
      assert.match(r.stderr, /another tei-edition build is running/);
      const c = await runCli(['convert', dir, '--out', 'tei', '--quiet'], dir);
      assert.equal(c.code, 4);
    } finally {
      await release!();
    }
    const again = await runCli(['build', '--quiet', '--no-pdf'], dir);
    assert.notEqual(again.code, 4);
  });
});

import { strict as assert } from 'node:assert';
import { readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { codeCacheStats, installCodeCache, saveCodeCache, uninstallCodeCache } from '../../src/cli/code-cache.js';
import { cleanScratch, scratchDir } from './helpers.js';

const require = createRequire(import.meta.url);

describe('code cache of large CommonJS modules', () => {
  after(cleanScratch);
  afterEach(uninstallCodeCache);

  it('runs a selected module as Node would, writes its cache after the run and uses it at the next load', () => {
    const dir = scratchDir();
    const mod = join(dir, 'big.cjs');
    writeFileSync(mod, "const path = require('node:path');\nexports.name = path.basename(__filename);\nexports.twice = (n) => 2 * n;\nexports.self = module.exports === exports;\n");
    const cache = join(dir, 'cache');
    installCodeCache(cache, (f) => f === mod);
    const first = require(mod) as { name: string; twice(n: number): number; self: boolean };
    assert.deepEqual([first.name, first.twice(21), first.self], ['big.cjs', 42, true]);
    assert.deepEqual(codeCacheStats(), { accepted: 0, compiled: 1 });
    saveCodeCache();
    assert.equal(readdirSync(cache).filter((f) => f.endsWith('.v8')).length, 1);
    delete require.cache[mod];
    const second = require(mod) as { twice(n: number): number };
    assert.equal(second.twice(4), 8);
    assert.deepEqual(codeCacheStats(), { accepted: 1, compiled: 1 });
  });

  it('leaves the modules it was not asked for to Node', () => {
    const dir = scratchDir();
    const mod = join(dir, 'small.cjs');
    writeFileSync(mod, 'exports.x = 1;\n');
    installCodeCache(join(dir, 'cache'), () => false);
    assert.equal((require(mod) as { x: number }).x, 1);
    assert.deepEqual(codeCacheStats(), { accepted: 0, compiled: 0 });
  });
});

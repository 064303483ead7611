import { strict as assert } from 'node:assert';
import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { walkFiles } from '../../src/cli/walk.js';
import { cleanScratch, scratchDir } from './helpers.js';

describe('walkFiles', () => {
  after(cleanScratch);

  it('lists the files with the suffix under every folder, dot-folders included and skipped folders left out, in path order', () => {
    const dir = scratchDir();
    for (const f of ['b.txt', 'a/c.txt', 'a/z.xml', '.hidden/d.txt', 'node_modules/e.txt', 'deep/er/f.txt', 'A.txt']) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), 'x');
    }
    const got = walkFiles(dir, { suffix: '.txt', skipDirs: ['node_modules'] }).map((f) => f.path.slice(dir.length + 1));
    assert.deepEqual(got, ['.hidden/d.txt', 'A.txt', 'a/c.txt', 'b.txt', 'deep/er/f.txt']);
  });

  it('gives the size and modification time of each file when asked for stats', () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'one.txt'), 'hello');
    utimesSync(join(dir, 'one.txt'), 1_000_000, 1_000_000);
    const [f] = walkFiles(dir, { suffix: '.txt', stats: true });
    assert.equal(f!.size, 5);
    assert.equal(f!.mtimeMs, 1_000_000_000);
  });

  it('follows a symbolic link to a folder once and is not caught by a link back to its parent', () => {
    const dir = scratchDir();
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'x.txt'), 'x');
    symlinkSync(join(dir, 'real'), join(dir, 'link'), 'dir');
    symlinkSync(dir, join(dir, 'real', 'up'), 'dir');
    const got = walkFiles(dir, { suffix: '.txt' }).map((f) => f.path.slice(dir.length + 1));
    assert.equal(got.length, 1);
    assert.ok(got[0] === 'link/x.txt' || got[0] === 'real/x.txt');
  });

  it('yields nothing for a folder that does not exist', () => {
    assert.deepEqual(walkFiles(join(scratchDir(), 'missing'), { suffix: '.txt' }), []);
  });
});

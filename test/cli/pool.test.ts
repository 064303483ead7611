import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Prepared } from '../../src/build/tasks.js';
import { adaptiveRunner, workerRunner } from '../../src/cli/pool.js';
import { cleanScratch, scratchDir } from './helpers.js';

describe('adaptiveRunner', () => {
  it('works in-process for a stage of a few documents and uses its workers from the first stage of many on', async () => {
    const runner = adaptiveRunner(2, 64);
    try {
      assert.equal(runner.concurrency, 1);
      runner.expect!(1);
      assert.equal(runner.concurrency, 1);
      runner.expect!(64);
      assert.equal(runner.concurrency, 2);
      runner.expect!(1);
      assert.equal(runner.concurrency, 2, 'a started pool is kept for later stages');
    } finally {
      await runner.close();
    }
  });

  it('never uses workers with one job', async () => {
    const runner = adaptiveRunner(1, 64);
    runner.expect!(10_000);
    assert.equal(runner.concurrency, 1);
    await runner.close();
  });
});

describe('workerRunner', () => {
  after(cleanScratch);

  it('runs tasks again in fresh workers after releasing the old ones between stages', async () => {
    const dir = scratchDir();
    const path = join(dir, 'memo.txt');
    writeFileSync(path, 'MEMORANDUM\n\nThe note was typed on 12 May 1938.\n');
    const runner = workerRunner(2);
    try {
      const task = { kind: 'prepare' as const, items: [{ name: 'memo', path, displayPath: 'memo.txt' }] };
      const before = await runner.run<Prepared[]>(task);
      await runner.release!();
      const again = await runner.run<Prepared[]>(task);
      assert.equal(before[0]!.ok, true);
      assert.deepEqual(again, before);
    } finally {
      await runner.close();
    }
  });
});

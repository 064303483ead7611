import { strict as assert } from 'node:assert';
import { adaptiveRunner } from '../../src/cli/pool.js';

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

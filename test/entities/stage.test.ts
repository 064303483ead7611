import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { recogniseStage } from '../../src/build/entity-stage.js';
import type { TaskRunner } from '../../src/build/host.js';
import type { Task } from '../../src/build/tasks.js';
import { runEntitiesTask } from '../../src/build/task-entities.js';
import type { Prepared } from '../../src/build/task-prepare.js';
import { recogniseCollection } from '../../src/entities/index.js';
import { ingest } from '../../src/ingest/index.js';
import type { Authority, DocumentModel } from '../../src/model/index.js';

const root = join(import.meta.dirname, '..', '..', '..');
const corpus = join(root, '..', 'shared', 'corpus');

/** Every source text under `dir` (recursively) whose name ends in `.txt` but not `.gold.txt`, optionally only those with a gold twin. */
function texts(dir: string, goldOnly: boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...texts(p, goldOnly));
    else if (name.endsWith('.txt') && !name.endsWith('.gold.txt') && (!goldOnly || readdirSync(dir).includes(name.replace(/\.txt$/, '.gold.txt')))) out.push(p);
  }
  return out;
}

function models(paths: string[]): DocumentModel[] {
  return paths.map((p) => ingest({ name: p.split('/').pop()!.replace(/\.txt$/, ''), path: p, text: readFileSync(p, 'utf8'), encoding: 'utf-8' }).value);
}

/**
 * An in-process runner that behaves like a pool of `lanes` workers: each task crosses a structured
 * clone both ways (as a worker message does) and finishes after a delay that varies by task, so
 * batches come back out of order.
 */
function simulatedPool(lanes: number): TaskRunner & { tasks: number } {
  let n = 0;
  const runner = {
    tasks: 0,
    concurrency: lanes,
    run: async <T>(task: Task): Promise<T> => {
      runner.tasks++;
      const delay = (n++ * 7) % 5;
      await new Promise((r) => setTimeout(r, delay));
      assert.equal(task.kind, 'entities');
      const done = runEntitiesTask(structuredClone(task) as Extract<Task, { kind: 'entities' }>);
      return structuredClone(done) as T;
    },
  };
  return runner;
}

async function assertSame(docs: DocumentModel[], authority: Authority, runner: TaskRunner, batchSize: number | undefined, rejected?: { type: 'person' | 'place' | 'org'; name: string }[]): Promise<void> {
  const reference = recogniseCollection(docs, authority, rejected ? { rejected } : {}).value;
  const prepared: Prepared[] = docs.map((m) => ({ name: m.source.name, ok: true, model: m, diagnostics: [] }));
  const staged = await recogniseStage({ prepared, authority, runner, ...(batchSize ? { batchSize } : {}), ...(rejected ? { rejected } : {}) });
  for (const d of docs) assert.deepEqual(staged.mentions.get(d.source.name), reference.mentions.get(d.source.name), d.source.name);
  assert.deepEqual([...staged.mentions.keys()], [...reference.mentions.keys()]);
  assert.deepEqual(staged.authority, reference.authority);
}

describe('the entities stage over worker tasks', () => {
  const gold = models([...texts(join(root, 'test', 'fixtures', 'blind'), false), ...texts(corpus, true)]);
  const nca = models(texts(join(corpus, 'nca'), false).filter((p) => /\/nca-1[4-6][^/]*$/.test(p)));

  it('finds the documents it compares (blind set, gold documents, an nca sample)', () => {
    assert.ok(gold.length >= 25, `${gold.length} blind and gold documents`);
    assert.ok(nca.length >= 30, `${nca.length} nca documents`);
  });

  it('gives the mentions and authority of recogniseCollection with one worker and one batch', async () => {
    await assertSame(gold, { entries: [] }, simulatedPool(1), 1000);
  });

  it('gives the mentions and authority of recogniseCollection with three workers and batches of two, arriving out of order', async () => {
    const runner = simulatedPool(3);
    await assertSame(gold, { entries: [] }, runner, 2);
    assert.ok(runner.tasks >= 3 * Math.ceil(gold.length / 2), 'every pass ran in batches');
  });

  it('gives the same result over a larger sample with the default batch size, a reviewed authority and rejections', async () => {
    const base = recogniseCollection(nca, { entries: [] }).value.authority;
    // half the entries reviewed (they become collection knowledge), one name of each type rejected
    const authority: Authority = { entries: base.entries.map((e, i) => ({ ...e, reviewed: i % 2 === 0 })) };
    const rejected = (['person', 'place', 'org'] as const).map((type) => ({ type, name: base.entries.find((e) => e.type === type)!.name }));
    await assertSame(nca, authority, simulatedPool(2), undefined, rejected);
  });

  it('does not reuse the collection knowledge of an earlier run in the same worker', async () => {
    const runner = simulatedPool(2);
    await assertSame(nca.slice(0, 20), { entries: [] }, runner, 5);
    await assertSame(gold, { entries: [] }, runner, 5);
  });
});

import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { buildEdition } from '../../src/build/edition.js';
import type { EditionOptions } from '../../src/build/edition.js';
import { silentReporter } from '../../src/build/host.js';
import type { TaskRunner } from '../../src/build/host.js';
import type { Task } from '../../src/build/tasks.js';
import { gatherSources } from '../../src/cli/inputs.js';
import { nodeHost } from '../../src/cli/node-host.js';
import { inProcessRunner } from '../../src/cli/pool.js';
import { cleanScratch, scratchDir } from '../cli/helpers.js';

async function options(dir: string): Promise<EditionOptions> {
  const { sources } = await gatherSources(['sources'], dir);
  return {
    mode: 'build',
    sources,
    teiDir: join(dir, 'tei'),
    distDir: join(dir, 'dist'),
    cacheDir: join(dir, '.cache'),
    authorityOut: join(dir, 'tei', 'authority'),
    validate: true,
    formats: ['html', 'text', 'xml'],
    edition: { title: 'Test' },
    toolVersion: 'test',
    generator: 'tei-edition test',
    toolKey: 'test-key',
    schemaHref: 'schemas/tei-edition.rng',
    batchSize: { prepare: 1, tei: 1, render: 1 },
  };
}

/** A runner that stops working (every task rejects) after `n` render tasks: a build interrupted half-way. */
function interruptedRunner(n: number): TaskRunner {
  const inner = inProcessRunner();
  let renders = 0;
  return {
    concurrency: 1,
    run<T>(task: Task): Promise<T> {
      if (task.kind === 'render' && ++renders > n) return Promise.reject(new Error('interrupted'));
      return inner.run<T>(task);
    },
  };
}

describe('interrupted builds', () => {
  after(cleanScratch);

  it('resume where they stopped: finished documents are neither converted nor rendered again', async () => {
    const dir = scratchDir('build/edition');
    const first = await buildEdition(await options(dir), nodeHost, interruptedRunner(1), silentReporter);
    assert.deepEqual(first.converted, ['letter-a', 'letter-b', 'memo-c']);
    assert.equal(first.rendered.length, 1);
    assert.equal(first.failed.length, 2);
    const second = await buildEdition(await options(dir), nodeHost, inProcessRunner(), silentReporter);
    assert.deepEqual(second.converted, []);
    assert.deepEqual(second.validated, []);
    assert.deepEqual([...second.rendered, ...first.rendered].sort(), ['letter-a', 'letter-b', 'memo-c']);
    assert.deepEqual(second.failed, []);
  });

  it('re-render the documents citing an authority entry an editor changed, and only those', async () => {
    const dir = scratchDir('build/edition');
    await buildEdition(await options(dir), nodeHost, inProcessRunner(), silentReporter);
    const path = join(dir, 'tei', 'authority', 'persons.xml');
    const xml = (await nodeHost.readText(path))!;
    const m = /<persName[^>]*>Litvinov<\/persName>/.exec(xml);
    assert.ok(m, 'Litvinov is in the person authority');
    await nodeHost.writeFile(path, xml.replace(m[0], m[0].replace('Litvinov', 'Maxim Litvinov')));
    const r = await buildEdition(await options(dir), nodeHost, inProcessRunner(), silentReporter);
    assert.deepEqual(r.converted, []);
    assert.deepEqual(r.rendered, ['letter-a']);
  });

  it('render with the authority as an editor changed it, not with the parse the cache kept of the old files', async () => {
    const dir = scratchDir('build/edition');
    await buildEdition(await options(dir), nodeHost, inProcessRunner(), silentReporter);
    assert.ok(await nodeHost.readText(join(dir, '.cache', 'authority.json')), 'the parse is kept');
    const path = join(dir, 'tei', 'authority', 'persons.xml');
    const xml = (await nodeHost.readText(path))!;
    await nodeHost.writeFile(path, xml.replace(/(<persName[^>]*>)Litvinov(<\/persName>)/, '$1Maxim Litvinov$2'));
    // a source changed too, so that the entity stage reads the authority
    const src = join(dir, 'sources', 'memo-c.txt');
    await nodeHost.writeFile(src, `${(await nodeHost.readText(src))!}\nFiled.\n`);
    await buildEdition(await options(dir), nodeHost, inProcessRunner(), silentReporter);
    assert.ok((await nodeHost.readText(join(dir, 'dist', 'letter-a.html')))!.includes('Maxim Litvinov'));
  });
});

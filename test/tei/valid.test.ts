import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { authorityToTei, readAuthority, toTei } from '../../src/tei/index.js';
import { FIXTURE_OPTIONS, loadWriteFixture, repoRoot, teiFixtures } from './helpers.js';

/** Every TEI the stage writes in its fixtures, plus authority files: validated in ONE xmllint call per schema. */
function outputs(): { fileName: string; contents: string }[] {
  const out: { fileName: string; contents: string }[] = [];
  const dir = join(teiFixtures, 'write');
  for (const c of readdirSync(dir).sort()) {
    const { doc, inlines } = loadWriteFixture(join(dir, c));
    out.push({ fileName: `${c}.xml`, contents: toTei(doc, inlines, FIXTURE_OPTIONS) });
  }
  const authDir = join(teiFixtures, 'authority');
  for (const f of readdirSync(authDir).filter((f) => f.endsWith('.xml')).sort()) {
    const a = readAuthority(readFileSync(join(authDir, f), 'utf8'), f).value;
    const files = authorityToTei(a);
    for (const [k, xml] of Object.entries(files)) out.push({ fileName: `authority-${f}-${k}.xml`, contents: xml });
  }
  return out;
}

async function validate(schemaFile: string, xml: { fileName: string; contents: string }[]): Promise<string[]> {
  const r = await validateXML({ xml, schema: [readFileSync(schemaFile, 'utf8')], extension: 'relaxng', maxMemoryPages: 65536 } as Parameters<typeof validateXML>[0]);
  return r.errors.map((e) => e.rawMessage);
}

describe('tei: every written file is valid TEI', function () {
  this.timeout(180000);
  const files = outputs();
  it('validates every fixture output and authority file against the official tei_all.rng', async () => {
    assert.deepEqual(await validate('/work/shared/tei/tei_all.rng'.replace('/work/shared', join(repoRoot, '..', 'shared')), files), []);
  });
  it('validates every fixture output and authority file against the project schema', async function () {
    const rng = join(repoRoot, 'schemas', 'tei-edition.rng');
    if (!existsSync(rng)) this.skip();
    assert.deepEqual(await validate(rng, files), []);
  });
});

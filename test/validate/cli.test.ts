/**
 * The `validate` command run in-process through the CLI's `main`: output formats, the summary
 * line, exit codes (0 valid, 1 invalid, 2 usage or I/O error), --sources, the authority/ folder.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { CliContext } from '../../src/cli/context.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/validate/', import.meta.url));

function context(cwd: string): CliContext & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => void (out += s) },
    stderr: { write: (s: string) => void (err += s) },
    cwd,
    isTTY: false,
    env: {},
    exitCode: 0,
    out: () => out,
    err: () => err,
  };
}

describe('validate command', function () {
  this.timeout(60000);
  let dir: string;

  before(() => {
    // A small edition: two documents and the authority/ folder beside them.
    dir = mkdtempSync(join(tmpdir(), 'tei-validate-'));
    mkdirSync(join(dir, 'tei'));
    cpSync(join(FIXTURES, '_authority'), join(dir, 'tei', 'authority'), { recursive: true });
    cpSync(join(FIXTURES, 'valid', 'input.xml'), join(dir, 'tei', 'good.xml'));
    cpSync(join(FIXTURES, 'lossless', 'input.xml'), join(dir, 'tei', 'edited.xml'));
    mkdirSync(join(dir, 'sources'));
    cpSync(join(FIXTURES, 'lossless', 'source.txt'), join(dir, 'sources', 'edited.txt'));
    cpSync(join(FIXTURES, 'xml-doctype-forbidden', 'input.xml'), join(dir, 'xxe.xml'));
    cpSync(join(FIXTURES, 'ref-resolves', 'input.xml'), join(dir, 'tei', 'badref.xml'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 for a valid file, resolving @ref through the authority/ folder beside it', async () => {
    const ctx = context(dir);
    assert.equal(await main(['validate', 'tei/good.xml'], ctx), 0);
    assert.equal(ctx.out(), '1 file, 0 errors, 0 warnings\n');
  });

  it('exits 1 and prints file:line:col: severity: message [rule] lines and a summary for an invalid file', async () => {
    const ctx = context(dir);
    assert.equal(await main(['validate', 'tei/badref.xml'], ctx), 1);
    const lines = ctx.out().trim().split('\n');
    assert.match(lines[0]!, /^tei\/badref\.xml:14:22: error: @ref "authority\/persons\.xml#schusnigg": .* \[ref-resolves\]$/);
    assert.equal(lines[lines.length - 1], '1 file, 4 errors, 0 warnings');
  });

  it('checks the text against its source with --sources and points at the first difference', async () => {
    const ctx = context(dir);
    assert.equal(await main(['validate', 'tei/edited.xml', '--sources', 'sources'], ctx), 1);
    assert.match(ctx.out(), /^tei\/edited\.xml:15:68: error: the diplomatic text differs from the source at sources\/edited\.txt:1:55: .*\[lossless\]$/m);
    const without = context(dir);
    assert.equal(await main(['validate', 'tei/edited.xml'], without), 0);
  });

  it('prints a JSON array of {file, line, column, severity, rule, message} with --format json', async () => {
    const ctx = context(dir);
    assert.equal(await main(['validate', '--format', 'json', 'tei'], ctx), 1);
    const arr = JSON.parse(ctx.out()) as Record<string, unknown>[];
    assert.ok(arr.length >= 4);
    assert.deepEqual(Object.keys(arr[0]!), ['file', 'line', 'column', 'severity', 'rule', 'message']);
    assert.ok(arr.every((d) => d['file'] === 'tei/badref.xml'));
    assert.match(ctx.err(), /^6 files, 4 errors, 0 warnings\n$/);
  });

  it('refuses a document with a DOCTYPE and an external entity without reading the entity', async () => {
    const ctx = context(dir);
    assert.equal(await main(['validate', 'xxe.xml'], ctx), 1);
    assert.match(ctx.out(), /^xxe\.xml:3:1: error: <!DOCTYPE> is not allowed.*\[xml-doctype-forbidden\]$/m);
    assert.doesNotMatch(ctx.out(), /root:/);
  });

  it('exits 2 for a missing file, an unknown format and a missing --sources folder', async () => {
    const a = context(dir);
    assert.equal(await main(['validate', 'nope.xml'], a), 2);
    assert.match(a.err(), /nope\.xml: no such file or folder/);
    assert.equal(await main(['validate', '--format', 'yaml', 'tei/good.xml'], context(dir)), 2);
    assert.equal(await main(['validate', '--sources', 'missing', 'tei/good.xml'], context(dir)), 2);
  });

  it('runs a second grammar with --tei-all FILE and reports its errors under the rule tei-all', async () => {
    // A stand-in grammar (tei_all itself takes ~10 s to compile; test/conformance uses the real one):
    // it wants a root <TEI> with no content at all, so every real document fails it.
    const tiny = '<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="http://www.tei-c.org/ns/1.0"><start><element name="TEI"><zeroOrMore><attribute><anyName/></attribute></zeroOrMore><empty/></element></start></grammar>';
    writeFileSync(join(dir, 'tiny.rng'), tiny);
    const ctx = context(dir);
    assert.equal(await main(['validate', '--tei-all', 'tiny.rng', 'tei/good.xml'], ctx), 1);
    assert.match(ctx.out(), /^tei\/good\.xml:4:3: error: <teiHeader> is not allowed here \(TEI P5 tei_all\) \[tei-all\]$/m);
    assert.doesNotMatch(ctx.out(), /\[schema\]/);
    const missing = context(dir);
    assert.equal(await main(['validate', '--tei-all', 'no-such.rng', 'tei/good.xml'], missing), 2);
    assert.match(missing.err(), /tei_all\.rng not found/);
  });

  it('exits 2 for an unreadable file', async function () {
    if (process.getuid?.() === 0) this.skip(); // root reads anything
    const p = join(dir, 'locked.xml');
    writeFileSync(p, '<a/>', { mode: 0o000 });
    const ctx = context(dir);
    assert.equal(await main(['validate', 'locked.xml'], ctx), 2);
    rmSync(p);
  });
});

/**
 * Build step: compile every `xslt/*.xsl` to a SaxonJS SEF (`lib/xslt/NAME.sef.json`) with
 * `xslt3 -export`, because saxon-js runs compiled stylesheets only. Skips stylesheets whose SEF is
 * newer than every stylesheet (they may include each other), so rebuilding is cheap.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const srcDir = join(root, 'xslt');
const outDir = join(root, 'lib', 'xslt');
mkdirSync(outDir, { recursive: true });
const require = createRequire(import.meta.url);
const xslt3 = require.resolve('xslt3/xslt3.js');

const sheets = existsSync(srcDir) ? readdirSync(srcDir).filter((f) => f.endsWith('.xsl')) : [];
const newestInput = Math.max(0, ...sheets.map((f) => statSync(join(srcDir, f)).mtimeMs));
let failed = false;
for (const f of sheets) {
  const out = join(outDir, f.replace(/\.xsl$/, '.sef.json'));
  if (existsSync(out) && statSync(out).mtimeMs >= newestInput) continue;
  const r = spawnSync(process.execPath, [xslt3, `-xsl:${join(srcDir, f)}`, `-export:${out}`, '-nogo', '-relocate:on', '-ns:##html5'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    failed = true;
    process.stderr.write(`xslt/${f}: compilation failed\n${r.stderr}${r.stdout}`);
  } else {
    process.stdout.write(`compiled xslt/${f} -> lib/xslt/${f.replace(/\.xsl$/, '.sef.json')}\n`);
  }
}
process.exitCode = failed ? 1 : 0;

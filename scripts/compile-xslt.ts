/**
 * Build step: compile every `xslt/*.xsl` to a SaxonJS SEF (`lib/xslt/NAME.sef.json`) with
 * `xslt3 -export`, because saxon-js runs compiled stylesheets only; modules under `xslt/common/` are
 * included by those and not compiled alone. Also bundles the site's static assets (`xslt/assets/**`
 * and minisearch's browser build) into `lib/xslt/assets.json`, so that src/render loads them as a
 * module, without file access. Skips stylesheets whose SEF is newer than every input.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const srcDir = join(root, 'xslt');
const outDir = join(root, 'lib', 'xslt');
mkdirSync(outDir, { recursive: true });
const require = createRequire(import.meta.url);
const xslt3 = require.resolve('xslt3/xslt3.js');

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

const sheets = existsSync(srcDir) ? readdirSync(srcDir).filter((f) => f.endsWith('.xsl')).sort() : [];
const newestInput = Math.max(0, ...walk(srcDir).filter((f) => f.endsWith('.xsl')).map((f) => statSync(f).mtimeMs));
let failed = false;
for (const f of sheets) {
  const out = join(outDir, f.replace(/\.xsl$/, '.sef.json'));
  if (existsSync(out) && statSync(out).mtimeMs >= newestInput) continue;
  const r = spawnSync(process.execPath, [xslt3, `-xsl:${join(srcDir, f)}`, `-export:${out}`, '-nogo', '-relocate:on'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    failed = true;
    process.stderr.write(`xslt/${f}: compilation failed\n${r.stderr}${r.stdout}`);
  } else {
    process.stdout.write(`compiled xslt/${f} -> lib/xslt/${f.replace(/\.xsl$/, '.sef.json')}\n`);
  }
}

// Static assets of the site: path in dist/ → content (text).
const assets: Record<string, string> = {};
const assetDir = join(srcDir, 'assets');
for (const f of walk(assetDir)) {
  assets[`assets/${relative(assetDir, f).split(sep).join('/')}`] = readFileSync(f, 'utf8');
}
try {
  assets['assets/minisearch.js'] = readFileSync(join(dirname(require.resolve('minisearch')), '..', 'umd', 'index.js'), 'utf8').replace(/\n\/\/# sourceMappingURL=.*$/m, '');
} catch {
  failed = true;
  process.stderr.write('minisearch: browser build not found (npm install?)\n');
}
const bundle = JSON.stringify(assets);
const bundlePath = join(outDir, 'assets.json');
if (!existsSync(bundlePath) || readFileSync(bundlePath, 'utf8') !== bundle) writeFileSync(bundlePath, bundle);
process.exitCode = failed ? 1 : 0;

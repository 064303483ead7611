/**
 * Where the package's own files are (schemas, compiled stylesheets, version), and the keys that
 * tell the build cache when they changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the installed package (lib/src/cli/paths.js → ../../..). */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The project RelaxNG schema shipped with the package. */
export const schemaFile = join(packageRoot, 'schemas', 'tei-edition.rng');

/** The tool version from package.json. */
export function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

function walk(dir: string, out: string[]): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.js')) out.push(p);
  }
  return out;
}

let codeKey: string | undefined;

/** Version plus a hash of the compiled code of the stages: a new converter (even unreleased) reconverts generated TEI. */
export function codeVersion(): string {
  if (!codeKey) {
    const h = createHash('sha1');
    for (const d of ['ingest', 'dates', 'entities', 'tei', 'model', 'build']) {
      for (const f of walk(join(packageRoot, 'lib', 'src', d), [])) h.update(readFileSync(f));
    }
    codeKey = `${toolVersion()}+${h.digest('hex').slice(0, 12)}`;
  }
  return codeKey;
}

let fingerprint: string | undefined;

/**
 * Hash of the tool's code, compiled stylesheets and schema plus `extra` (the configuration): when
 * it changes, every output is rebuilt. The files are hashed once per process.
 */
export function toolFingerprint(extra: string): string {
  if (!fingerprint) {
    const h = createHash('sha1');
    h.update(codeVersion());
    for (const f of walk(join(packageRoot, 'lib', 'src', 'render'), []).concat(walk(join(packageRoot, 'lib', 'src', 'validate'), []))) h.update(readFileSync(f));
    const sefDir = join(packageRoot, 'lib', 'xslt');
    if (existsSync(sefDir)) {
      for (const f of readdirSync(sefDir).sort()) {
        h.update(f);
        h.update(readFileSync(join(sefDir, f)));
      }
    }
    if (existsSync(schemaFile)) h.update(readFileSync(schemaFile));
    fingerprint = h.digest('hex');
  }
  return createHash('sha1').update(fingerprint).update(extra).digest('hex').slice(0, 20);
}

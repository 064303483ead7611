/**
 * Data files that `npm run build` precomputes beside the modules of src/entities (the gazetteer and
 * the lexicons), so that a process loads them instead of building them from the packages. Each
 * file names what it was made from; a file made from other packages or tables is never used.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Digest of a data file's format, the versions of the packages it is read from, and any hand tables it includes. */
export function dataSource(format: number, packages: readonly string[], ...tables: unknown[]): string {
  const versions = packages.map((p) => (require(`${p}/package.json`) as { version: string }).version);
  return createHash('sha256').update(JSON.stringify([format, ...versions, ...tables])).digest('hex').slice(0, 32);
}

/** The precomputed `file` (a name in this folder) when present and made from `source`; otherwise undefined, and the caller builds the data in process. */
export function precomputed<T extends { source: string }>(file: string, source: string): T | undefined {
  try {
    const data = require(`./${file}`) as T;
    return data.source === source ? data : undefined;
  } catch {
    return undefined;
  }
}

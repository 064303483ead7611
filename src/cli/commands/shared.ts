/**
 * Helpers shared by the commands: the schema copy beside the TEI, option parsers.
 */
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import { nodeHost } from '../node-host.js';
import { schemaFile } from '../paths.js';

/**
 * `<?xml-model?>` href written into every TEI file: the project schema is copied into the TEI
 * folder (`schemas/tei-edition.rng`), so the folder validates on its own in Oxygen or VS Code,
 * wherever it is moved.
 */
export const SCHEMA_HREF = 'schemas/tei-edition.rng';

/** Copy the package's project schema into `teiDir/schemas/` (only when it differs). */
export async function installSchema(teiDir: string): Promise<void> {
  const rng = await readFile(schemaFile, 'utf8').catch(() => undefined);
  if (rng === undefined) return;
  const target = `${teiDir}/${SCHEMA_HREF}`;
  if ((await nodeHost.readText(target)) !== rng) await nodeHost.writeFile(target, rng);
}

/** Parse `--jobs N` (a positive integer). */
export function parseJobs(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

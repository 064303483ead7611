/**
 * Data files that `npm run build` precomputes beside the modules of src/entities (the gazetteer and
 * the lexicons), so that a process loads them instead of building them from the packages. Each
 * file names what it was made from; a file made from other packages or tables is never used.
 *
 * Format (`NAME.data.txt`): one line of JSON with the small fields and the byte length of each
 * string field, then the string fields' UTF-8 bytes one after another. Loading is one file read
 * and one slice per field (≈10–15 ms for the 13 MB of both files), where a JSON file of the same
 * strings cost ≈65–85 ms to read and parse (its line breaks and tabs escaped), in every worker and in
 * every one-document rebuild. The file is the package's own data, read like a module it requires.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Digest of a data file's format, the versions of the packages it is read from, and any hand tables it includes. */
export function dataSource(format: number, packages: readonly string[], ...tables: unknown[]): string {
  const versions = packages.map((p) => (require(`${p}/package.json`) as { version: string }).version);
  return createHash('sha256').update(JSON.stringify([format, ...versions, ...tables])).digest('hex').slice(0, 32);
}

/** String fields longer than this are written as raw bytes after the header line. */
const RAW_AT = 256;

/** The bytes of a data file of `data` (the build step writes them; see the module comment for the format). */
export function encodeData(data: object): Buffer {
  const small: Record<string, unknown> = {};
  const raw: [string, number, boolean][] = [];
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === 'string' && v.length > RAW_AT) {
      const b = Buffer.from(v, 'utf8');
      raw.push([k, b.length, b.length === v.length]);
      parts.push(b);
    } else small[k] = v;
  }
  // ASCII only (other characters as \uXXXX), one line
  const header = JSON.stringify({ ...small, $raw: raw }).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return Buffer.concat([Buffer.from(`${header}\n`, 'latin1'), ...parts]);
}

/** The data of a file's bytes (see {@link encodeData}); ASCII fields are read as one-byte text. */
export function decodeData<T>(buf: Buffer): T {
  const nl = buf.indexOf(10);
  const { $raw, ...small } = JSON.parse(buf.toString('latin1', 0, nl)) as { $raw: [string, number, boolean][] } & Record<string, unknown>;
  let at = nl + 1;
  for (const [k, len, ascii] of $raw) {
    small[k] = buf.toString(ascii ? 'latin1' : 'utf8', at, at + len);
    at += len;
  }
  return small as T;
}

/** The precomputed `file` (a name in this folder) when present and made from `source`; otherwise undefined, and the caller builds the data in process. */
export function precomputed<T extends { source: string }>(file: string, source: string): T | undefined {
  try {
    const data = decodeData<T>(readFileSync(new URL(`./${file}`, import.meta.url)));
    return data.source === source ? data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * From file paths to the sources of a run: names (file stems), metadata.csv rows, duplicates.
 * Pure: the CLI lists and reads the files.
 */
import type { Diagnostic } from '../model/index.js';
import { readMetadataCsv } from './csv.js';
import { contentHash } from './hash.js';
import type { FileStat } from './host.js';

/** A source file to convert: its TEI name, where it is, and what its folder's metadata.csv says of it. */
export interface SourceEntry {
  name: string;
  path: string;
  /** Path to print in diagnostics. */
  displayPath: string;
  stat?: FileStat;
  metadata?: Record<string, string>;
  /** Hash of its folder's metadata.csv (absent: none): any change to the table changes it. */
  metadataKey?: string;
}

function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '.' : p.slice(0, i);
}

/** Is this file a source to convert? `*.txt`, but not a hand annotation (`*.gold.txt`). */
export function isSourceFile(path: string): boolean {
  const b = basename(path);
  return b.endsWith('.txt') && !b.endsWith('.gold.txt');
}

/** The TEI name of a source: its file stem (`v01-0001.txt` → `v01-0001`). */
export function sourceName(path: string): string {
  const b = basename(path);
  const dot = b.lastIndexOf('.');
  return dot > 0 ? b.slice(0, dot) : b;
}

/**
 * Turn listed source files (already filtered with {@link isSourceFile} where listed from a folder) into {@link SourceEntry}s: attach metadata.csv rows of each file's own
 * folder and report two sources that would write the same TEI file (the later one is skipped).
 */
export function collectSources(
  files: { path: string; displayPath: string; stat?: FileStat }[],
  csvs: Map<string, { text: string; displayPath: string }>,
): { sources: SourceEntry[]; diagnostics: Diagnostic[]; duplicates: string[] } {
  const diagnostics: Diagnostic[] = [];
  const tables = new Map<string, Map<string, Record<string, string>>>();
  const tableKeys = new Map<string, string>();
  for (const [dir, { text, displayPath }] of csvs) {
    const r = readMetadataCsv(text, displayPath);
    diagnostics.push(...r.diagnostics);
    tables.set(dir, r.rows);
    tableKeys.set(dir, contentHash(text));
  }
  const seen = new Map<string, string>();
  const sources: SourceEntry[] = [];
  const duplicates: string[] = [];
  for (const f of files) {
    const name = sourceName(f.path);
    const prev = seen.get(name);
    if (prev !== undefined) {
      duplicates.push(f.displayPath);
      diagnostics.push({ file: f.displayPath, line: 1, column: 1, severity: 'error', message: `same name as ${prev}: both would become ${name}.xml; rename one`, rule: 'duplicate-name' });
      continue;
    }
    seen.set(name, f.displayPath);
    const e: SourceEntry = { name, path: f.path, displayPath: f.displayPath };
    if (f.stat) e.stat = f.stat;
    const dir = dirname(f.path);
    const row = tables.get(dir)?.get(basename(f.path));
    if (row) e.metadata = row;
    const key = tableKeys.get(dir);
    if (key) e.metadataKey = key;
    sources.push(e);
  }
  return { sources, diagnostics, duplicates };
}

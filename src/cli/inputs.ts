/**
 * Command-line inputs → source entries: files as given, folders searched recursively (src/cli/walk.ts),
 * `*.gold.txt` skipped, each folder's metadata.csv attached to its files.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { collectSources, isSourceFile } from '../build/sources.js';
import type { SourceEntry } from '../build/sources.js';
import type { Diagnostic } from '../model/index.js';
import { walkFiles } from './walk.js';

/** Inputs that do not exist: a usage/IO error before any work starts. */
export class InputError extends Error {}

function display(cwd: string, abs: string): string {
  // The common case (a file under the working folder) without path.relative, which costs more
  // than the listing itself for 10,000 sources.
  const base = cwd.endsWith('/') ? cwd : `${cwd}/`;
  if (abs.startsWith(base) && !abs.includes('/./') && !abs.includes('/../') && !abs.includes('//')) return abs.slice(base.length);
  const r = relative(cwd, abs);
  return r.startsWith('..') || r === '' ? abs : r;
}

/** List the sources named on the command line (or a configured folder); throws {@link InputError} for a missing input. */
export async function gatherSources(inputs: string[], cwd: string, suffix = '.txt'): Promise<{ sources: SourceEntry[]; diagnostics: Diagnostic[]; duplicates: string[] }> {
  const files: { path: string; displayPath: string; stat: { size: number; mtimeMs: number } }[] = [];
  const csvDirs = new Set<string>();
  for (const input of inputs) {
    const abs = resolve(cwd, input);
    const st = await stat(abs).catch(() => undefined);
    if (!st) throw new InputError(`${input}: no such file or folder`);
    if (st.isDirectory()) {
      // Dot-files are sources too (unusual names are kept); tool and VCS folders are not.
      const entries = walkFiles(abs, { suffix, skipDirs: ['.git', '.tei-edition-cache', 'node_modules'], stats: true });
      for (const e of entries) {
        if (!isSourceFile(e.path)) continue;
        files.push({ path: e.path, displayPath: display(cwd, e.path), stat: { size: e.size, mtimeMs: e.mtimeMs } });
        csvDirs.add(dirname(e.path));
      }
    } else {
      files.push({ path: abs, displayPath: display(cwd, abs), stat: { size: st.size, mtimeMs: st.mtimeMs } });
      csvDirs.add(dirname(abs));
    }
  }
  const csvs = new Map<string, { text: string; displayPath: string }>();
  for (const dir of [...csvDirs].sort()) {
    const p = join(dir, 'metadata.csv');
    const text = await readFile(p, 'utf8').catch(() => undefined);
    if (text !== undefined) csvs.set(dir, { text, displayPath: display(cwd, p) });
  }
  return collectSources(files, csvs);
}

/** List TEI files named on the command line (folders recursively, skipping authority/ and schemas/). */
export async function gatherTei(inputs: string[], cwd: string): Promise<{ path: string; displayPath: string }[]> {
  const out: { path: string; displayPath: string }[] = [];
  for (const input of inputs) {
    const abs = resolve(cwd, input);
    const st = await stat(abs).catch(() => undefined);
    if (!st) throw new InputError(`${input}: no such file or folder`);
    if (st.isDirectory()) {
      const { default: fg } = await import('fast-glob');
      const entries = await fg('**/*.xml', { cwd: abs, absolute: true, onlyFiles: true, ignore: ['**/authority/**', '**/schemas/**'], suppressErrors: true });
      for (const p of entries.sort()) out.push({ path: p, displayPath: display(cwd, p) });
    } else out.push({ path: abs, displayPath: display(cwd, abs) });
  }
  return out;
}

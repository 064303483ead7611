/**
 * A small synchronous recursive directory walk, in place of a glob library: listing the 10,000
 * sources and TEI files of a large edition is on the path of every build, even one with nothing to
 * do, and loading a glob library cost more than the listing itself.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/** A file found by {@link walkFiles}: absolute path, size and modification time. */
export interface WalkedFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** What to walk: file names ending with `suffix`, folders named in `skipDirs` not entered. */
export interface WalkOptions {
  suffix: string;
  skipDirs?: readonly string[];
  /** Also return size and modification time (one stat per file). */
  stats?: boolean;
}

/**
 * Files under `dir` (recursively, dot-files included, symbolic links followed once) whose names end
 * with `suffix`, sorted by path (code unit order) so that every run sees the same order.
 * A missing or unreadable folder yields nothing.
 */
export function walkFiles(dir: string, opts: WalkOptions): WalkedFile[] {
  const out: WalkedFile[] = [];
  const skip = new Set(opts.skipDirs ?? []);
  const seen = new Set<string>();
  const visit = (d: string) => {
    let real: string;
    try {
      real = realpathSync(d);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      // `d` is absolute and normal and a name has no slash: plain concatenation is join's result.
      const p = d === '/' ? `/${e.name}` : `${d}/${e.name}`;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const s = statSync(p);
          isDir = s.isDirectory();
          isFile = s.isFile();
        } catch {
          continue;
        }
      }
      if (isDir) {
        if (!skip.has(e.name)) visit(p);
      } else if (isFile && e.name.endsWith(opts.suffix)) {
        if (opts.stats) {
          try {
            const s = statSync(p);
            out.push({ path: p, size: s.size, mtimeMs: s.mtimeMs });
          } catch {
            /* removed meanwhile */
          }
        } else out.push({ path: p, size: 0, mtimeMs: 0 });
      }
    }
  };
  visit(resolve(dir));
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

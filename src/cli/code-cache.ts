/**
 * A V8 code cache for the large CommonJS modules the build loads (saxon-js: 2.4 MB of JavaScript,
 * ≈ 0.2 s of CPU to compile and run at every start of a process or worker). Node 20 has no
 * `module.enableCompileCache`, so the module's wrapper is compiled with `vm.Script` and `cachedData`
 * (the technique of the v8-compile-cache package, for the named modules only). The cache is made
 * after the module has run in a build, so that it holds the functions compiled lazily as well, and
 * is kept in the build cache folder; V8 rejects a cache made by another V8 version, other flags or
 * another source, and the next build writes a fresh one. The code run is the same either way.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import vm from 'node:vm';

interface Loaded {
  script: vm.Script;
  cacheFile: string;
  /** The cache was used as it was. */
  accepted: boolean;
  /** Nothing to write: the cache was used, or written since. */
  current: boolean;
}

type Compile = (this: Module & { exports: unknown }, content: string, filename: string) => unknown;

const loaded: Loaded[] = [];
let original: Compile | undefined;
let cacheDir: string | undefined;
let wanted: (filename: string) => boolean = () => false;

/** The cache file of a module: its path, size and time, and the Node version, in the name (a stale file is never looked up). */
function cacheFileFor(dir: string, filename: string): string {
  const st = statSync(filename);
  const key = createHash('sha1').update(`${filename}\u0000${st.size}\u0000${st.mtimeMs}\u0000${process.version}\u0000${process.arch}`).digest('hex').slice(0, 20);
  return join(dir, `${key}.v8`);
}

/**
 * Compile the CommonJS modules `wanted` selects (by file name) with a code cache kept in `dir`, for
 * this thread from now on: a second call changes the folder and the selection. Other modules load
 * as usual.
 */
export function installCodeCache(dir: string, select: (filename: string) => boolean): void {
  cacheDir = dir;
  wanted = select;
  if (original) return;
  const proto = Module.prototype as unknown as { _compile: Compile };
  const compile = (original = proto._compile);
  proto._compile = function (content: string, filename: string) {
    if (!cacheDir || !wanted(filename)) return compile.call(this, content, filename);
    let cacheFile: string;
    let cached: Buffer | undefined;
    try {
      cacheFile = cacheFileFor(cacheDir, filename);
      cached = readFileSync(cacheFile);
    } catch {
      cacheFile ??= '';
    }
    if (!cacheFile) return compile.call(this, content, filename);
    // Module.wrap: the wrapper Node itself puts around a CommonJS module.
    const script = new vm.Script((Module as unknown as { wrap(s: string): string }).wrap(content), { filename, ...(cached ? { cachedData: cached } : {}) });
    const accepted = !!cached && !script.cachedDataRejected;
    loaded.push({ script, cacheFile, accepted, current: accepted });
    const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return fn.call(this.exports, this.exports, createRequire(filename), this, filename, dirname(filename));
  };
}

/** Stop compiling through the cache (tests). */
export function uninstallCodeCache(): void {
  if (original) (Module.prototype as unknown as { _compile: Compile })._compile = original;
  original = undefined;
  cacheDir = undefined;
  loaded.length = 0;
}

/** How the modules loaded through the cache so far fared: used as they were, or compiled afresh. */
export function codeCacheStats(): { accepted: number; compiled: number } {
  const accepted = loaded.filter((l) => l.accepted).length;
  return { accepted, compiled: loaded.length - accepted };
}

/**
 * Write the cache of every module compiled afresh in this thread (at the end of a build, when the
 * functions it ran are compiled too). Atomic; a failure to write only costs the next start its gain.
 */
export function saveCodeCache(): void {
  for (const l of loaded) {
    if (l.current) continue;
    try {
      const data = l.script.createCachedData();
      mkdirSync(dirname(l.cacheFile), { recursive: true });
      const tmp = `${l.cacheFile}.${process.pid}-${threadId}.tmp`;
      writeFileSync(tmp, data);
      renameSync(tmp, l.cacheFile);
      l.current = true;
    } catch {
      rmSync(`${l.cacheFile}.${process.pid}-${threadId}.tmp`, { force: true });
    }
  }
}

/** The modules worth a code cache: saxon-js (the others are small or ESM). */
export function bigModules(filename: string): boolean {
  return /[\\/]node_modules[\\/]saxon-js[\\/]/.test(filename);
}

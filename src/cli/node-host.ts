/**
 * The Node implementation of the build's file access: atomic writes (write-file-atomic: temporary
 * file, then rename), recursive listing with fast-glob.
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import fg from 'fast-glob';
import writeFileAtomic from 'write-file-atomic';
import type { BuildHost } from '../build/host.js';

const made = new Set<string>();
let tmpCounter = 0;

/**
 * Atomic write for names too long for write-file-atomic, whose temporary file is NAME.<9 digits>:
 * with a file name near the 255-byte limit of most file systems that temporary name cannot exist
 * (ENAMETOOLONG), so a short temporary name in the same folder is renamed over the target instead.
 */
async function writeLongNameAtomic(path: string, data: string | Buffer): Promise<void> {
  const tmp = join(dirname(path), `.tei-edition-${process.pid}-${threadId}-${tmpCounter++}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

async function ensureDir(dir: string): Promise<void> {
  if (made.has(dir)) return;
  await mkdir(dir, { recursive: true });
  made.add(dir);
}

/** File access on the real file system, used by the CLI and its worker threads. */
export const nodeHost: BuildHost = {
  async readBytes(path) {
    try {
      return new Uint8Array(await readFile(path));
    } catch {
      return undefined;
    }
  },
  async readText(path) {
    try {
      return await readFile(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  async stat(path) {
    try {
      const s = await stat(path);
      return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : undefined;
    } catch {
      return undefined;
    }
  },
  async writeFile(path, data) {
    await ensureDir(dirname(path));
    const bytes = typeof data === 'string' ? data : Buffer.from(data);
    if (Buffer.byteLength(basename(path)) > 200) await writeLongNameAtomic(path, bytes);
    else await writeFileAtomic(path, bytes, { fsync: false });
  },
  async remove(path) {
    await rm(path, { force: true });
  },
  async list(dir, suffix) {
    const files = await fg(`**/*${suffix}`, { cwd: dir, absolute: true, dot: true, onlyFiles: true, followSymbolicLinks: true, suppressErrors: true });
    return files.sort();
  },
};

/**
 * The Node implementation of the build's file access: atomic writes (write-file-atomic: temporary
 * file, then rename), recursive listing with fast-glob.
 */
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import fg from 'fast-glob';
import writeFileAtomic from 'write-file-atomic';
import type { BuildHost } from '../build/host.js';

const made = new Set<string>();

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
    await writeFileAtomic(path, typeof data === 'string' ? data : Buffer.from(data), { fsync: false });
  },
  async remove(path) {
    await rm(path, { force: true });
  },
  async list(dir, suffix) {
    const files = await fg(`**/*${suffix}`, { cwd: dir, absolute: true, dot: true, onlyFiles: true, followSymbolicLinks: true, suppressErrors: true });
    return files.sort();
  },
};

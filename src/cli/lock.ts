/**
 * One build at a time per folder (proper-lockfile): a second `build` or `convert` on the same TEI
 * folder is refused with a clear message (exit 4) instead of interleaving writes.
 */
import { mkdir } from 'node:fs/promises';
import lockfile from 'proper-lockfile';

/** Path of the lock of a TEI folder. */
export function lockPath(dir: string): string {
  return `${dir}/.tei-edition.lock`;
}

/** Take the lock of `dir`; resolves to a release function, or undefined when another run holds it. */
export async function acquireLock(dir: string): Promise<(() => Promise<void>) | undefined> {
  await mkdir(dir, { recursive: true });
  try {
    return await lockfile.lock(dir, { lockfilePath: lockPath(dir), stale: 15_000, update: 5_000, realpath: false, retries: 0 });
  } catch (err) {
    if ((err as { code?: string }).code === 'ELOCKED') return undefined;
    throw err;
  }
}

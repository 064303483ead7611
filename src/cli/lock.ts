/**
 * One build at a time per folder (proper-lockfile): a second `build` or `convert` on the same TEI
 * folder is refused with a clear message (exit 4) instead of interleaving writes.
 *
 * Beside the lock, `.tei-edition.lock.pid` records which process holds it, so that a lock left by
 * a run that was killed (SIGKILL, a crash, power loss) is recognised at once instead of refusing
 * every run for the next 15 s with "another build is running" (found by test/hostile/build).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';

/** Path of the lock of a TEI folder. */
export function lockPath(dir: string): string {
  return `${dir}/.tei-edition.lock`;
}

function pidPath(dir: string): string {
  return `${lockPath(dir)}.pid`;
}

/**
 * Did the last run on `dir` end without releasing its lock (killed, interrupted)? Its record of the
 * lock's owner is then still there. Only such a run can have left temporary files behind, so a
 * build looks for them only then (walking a large dist/ costs more than a no-change build).
 */
export function lastRunUnfinished(dir: string): boolean {
  return existsSync(pidPath(dir));
}

/** True when the lock's owner is recorded as a process of this machine that no longer exists. */
async function ownerIsGone(dir: string): Promise<boolean> {
  const owner = await readFile(pidPath(dir), 'utf8').catch(() => undefined);
  const m = owner ? /^(\d+) (.*)$/.exec(owner.trim()) : null;
  if (!m || m[2] !== hostname()) return false;
  try {
    process.kill(Number(m[1]), 0);
    return false;
  } catch (err) {
    return (err as { code?: string }).code === 'ESRCH';
  }
}

async function tryLock(dir: string): Promise<(() => Promise<void>) | undefined> {
  try {
    const release = await lockfile.lock(dir, { lockfilePath: lockPath(dir), stale: 15_000, update: 5_000, realpath: false, retries: 0 });
    await writeFile(pidPath(dir), `${process.pid} ${hostname()}\n`).catch(() => undefined);
    return async () => {
      await rm(pidPath(dir), { force: true });
      await release();
    };
  } catch (err) {
    if ((err as { code?: string }).code === 'ELOCKED') return undefined;
    throw err;
  }
}

/** Take the lock of `dir`; resolves to a release function, or undefined when another run holds it. */
export async function acquireLock(dir: string): Promise<(() => Promise<void>) | undefined> {
  await mkdir(dir, { recursive: true });
  const release = await tryLock(dir);
  if (release || !(await ownerIsGone(dir))) return release;
  // The holder was killed: remove its lock and try once more (a concurrent run may still win).
  await rmdir(lockPath(dir)).catch(() => undefined);
  await rm(pidPath(dir), { force: true });
  return tryLock(dir);
}

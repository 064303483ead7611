/**
 * Task runners: a piscina pool of worker threads (one per core by default) for big runs, or
 * in-process for small ones (starting workers costs more than converting a few documents).
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Piscina } from 'piscina';
import type { TaskRunner } from '../build/host.js';
import type { Task, WarmTask } from '../build/tasks.js';
import { nodeHost } from './node-host.js';

/** A runner with a close() that ends its workers. */
export interface ClosableRunner extends TaskRunner {
  close(): Promise<void>;
}

/** Run tasks in this thread (tests, small editions, --jobs 1). */
export function inProcessRunner(): ClosableRunner {
  return {
    concurrency: 1,
    // Loaded on first use: a build with nothing to do never loads the stages.
    run: async <T>(task: Task) => (await import('../build/tasks.js')).runTask(nodeHost, task) as Promise<T>,
    close: async () => {},
  };
}

/** Default worker count: one per core. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/** What the workers are told when they start. */
export interface WorkerOptions {
  /** Folder of the V8 code cache of saxon-js (src/cli/code-cache.ts). */
  codeCache?: string;
}

/** Run tasks in a pool of `jobs` worker threads, started on the first task (a build with nothing to do starts none). */
export function workerRunner(jobs: number, options: WorkerOptions = {}): ClosableRunner {
  // piscina itself is loaded with the pool: a build with nothing to do never loads it.
  let pool: Promise<Piscina> | undefined;
  const start = (): Promise<Piscina> =>
    (pool ??= import('piscina').then(
      ({ Piscina }) =>
        new Piscina({
          filename: fileURLToPath(new URL('./worker.js', import.meta.url)),
          minThreads: jobs,
          maxThreads: jobs,
          idleTimeout: 60_000,
          workerData: options,
        }),
    ));
  const close = async () => {
    const p = pool;
    pool = undefined;
    if (p) await (await p).destroy();
  };
  return {
    concurrency: jobs,
    run: async <T>(task: Task) => (await start()).run(task) as Promise<T>,
    close,
    release: close,
  };
}

/** Below this many documents in a stage, starting worker threads costs more than it saves. */
export const POOL_THRESHOLD = 64;

/**
 * A runner that works in-process until a stage announces ({@link TaskRunner.expect}) enough
 * documents to repay starting workers, and uses the pool from then on: a rebuild of one changed
 * document in a 10,000-document edition starts no pool. It starts one helper thread when told
 * ({@link TaskRunner.warm}) that a small build will render pages: the helper loads the renderer
 * while this thread plans, converts and validates, then renders the pages while this thread builds
 * the site (the two used to take turns on this thread).
 */
export function adaptiveRunner(jobs: number, threshold = POOL_THRESHOLD, options: WorkerOptions = {}): ClosableRunner {
  const local = inProcessRunner();
  const pool = jobs > 1 ? workerRunner(jobs, options) : undefined;
  let helper: ClosableRunner | undefined;
  let usePool = false;
  return {
    get concurrency() {
      return usePool ? jobs : 1;
    },
    expect(documents: number) {
      if (pool && documents >= threshold) {
        usePool = true;
        // A large rebuild after all: the pool renders, the helper would only hold memory.
        void helper?.close();
        helper = undefined;
      }
    },
    warm(task: WarmTask) {
      if (!pool || usePool) return;
      helper ??= workerRunner(1, options);
      helper.run(task).catch(() => undefined);
    },
    run: <T>(task: Task) => (usePool ? pool! : helper && task.kind === 'render' ? helper : local).run<T>(task),
    close: async () => {
      if (pool) await pool.close();
      if (helper) await helper.close();
    },
    // The helper holds only the renderer: it stays for the pages.
    release: async () => {
      if (pool) await pool.close();
    },
  };
}

/** Pick a runner: workers only when there is enough work to repay their start-up. */
export function chooseRunner(jobs: number, documents: number): ClosableRunner {
  return jobs > 1 && documents >= POOL_THRESHOLD ? workerRunner(jobs) : inProcessRunner();
}

/**
 * Worker thread of the build pool (piscina): runs one batch task against the real file system.
 * Stylesheets and schemas are compiled once per worker by the stage modules, which cache them.
 */
import { workerData } from 'node:worker_threads';
import { runTask } from '../build/tasks.js';
import type { Task } from '../build/tasks.js';
import { bigModules, installCodeCache, saveCodeCache } from './code-cache.js';
import { nodeHost } from './node-host.js';
import type { WorkerOptions } from './pool.js';

const options = (workerData ?? {}) as WorkerOptions;
if (options.codeCache) installCodeCache(options.codeCache, bigModules);

/** Piscina entry point: one call per batch. */
export default async function work(task: Task): Promise<unknown> {
  const done = await runTask(nodeHost, task);
  // A cache missing or made by another V8 is written once saxon-js has run a batch (a no-op otherwise).
  if (options.codeCache && (task.kind === 'render' || task.kind === 'site')) saveCodeCache();
  return done;
}

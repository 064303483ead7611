/**
 * Worker thread of the build pool (piscina): runs one batch task against the real file system.
 * Stylesheets and schemas are compiled once per worker by the stage modules, which cache them.
 */
import { runTask } from '../build/tasks.js';
import type { Task } from '../build/tasks.js';
import { nodeHost } from './node-host.js';

/** Piscina entry point: one call per batch. */
export default function work(task: Task): Promise<unknown> {
  return runTask(nodeHost, task);
}

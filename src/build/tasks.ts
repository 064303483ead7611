/**
 * The build's units of work, run in worker threads (src/cli/worker.ts) or in-process (tests).
 * Each task takes a batch of documents, so that per-call overhead (message passing, schema
 * validation start-up) is paid once per batch. Pure apart from the injected {@link BuildHost}.
 * One module per task kind: task-prepare.ts, task-tei.ts, task-render.ts, task-site.ts.
 */
import type { BuildHost } from './host.js';
import { runPrepare } from './task-prepare.js';
import type { Prepared, PrepareItem } from './task-prepare.js';
import { runRenderTask } from './task-render.js';
import type { RenderContext, RenderDone, RenderItem } from './task-render.js';
import { runSite } from './task-site.js';
import type { SiteDone, SiteTask } from './task-site.js';
import { runTeiTask } from './task-tei.js';
import type { TeiContext, TeiDone, TeiItem } from './task-tei.js';
import { runEntitiesTask } from './task-entities.js';
import { cachedAuthorityParse } from './stages.js';
import type { EntitiesDone, EntitiesTask } from './task-entities.js';

export { prepareSource } from './task-prepare.js';
export type { Prepared, PrepareItem } from './task-prepare.js';
export { writeTeiString } from './task-tei.js';
export type { TeiContext, TeiDone, TeiItem } from './task-tei.js';
export type { RenderContext, RenderDone, RenderItem } from './task-render.js';
export type { SiteDone, SiteTask } from './task-site.js';

/**
 * The warm-up of a helper thread that will render pages ({@link TaskRunner.warm}): the authority's
 * parse taken from the build's cache (`CACHE/authority.json`) when it is of the files as they are,
 * then one render task (into a scratch folder) to load and run the stylesheets.
 */
export interface WarmTask {
  kind: 'warm';
  render: { kind: 'render'; items: RenderItem[]; ctx: RenderContext };
  authorityCache?: string;
  toolKey: string;
}

export type Task =
  | WarmTask
  | SiteTask
  | { kind: 'prepare'; items: PrepareItem[] }
  | { kind: 'tei'; items: TeiItem[]; ctx: TeiContext }
  | { kind: 'render'; items: RenderItem[]; ctx: RenderContext }
  | EntitiesTask;


/** Run one task with the given host: the single entry point of worker threads and of in-process runs. */
export async function runTask(host: BuildHost, task: Task): Promise<Prepared[] | TeiDone[] | RenderDone[] | SiteDone | EntitiesDone> {
  switch (task.kind) {
    case 'site':
      return runSite(host, task);
    case 'prepare':
      return runPrepare(host, task.items);
    case 'tei':
      return runTeiTask(host, task.items, task.ctx);
    case 'render':
      return runRenderTask(host, task.items, task.ctx);
    case 'entities':
      return runEntitiesTask(task);
    case 'warm':
      return warm(host, task);
  }
}

async function warm(host: BuildHost, task: WarmTask): Promise<RenderDone[]> {
  const { ctx, items } = task.render;
  const text = task.authorityCache ? await host.readText(task.authorityCache) : undefined;
  if (text) {
    // The files as the renderer reads them (src/build/task-render.ts): the kept parse is reused for the same texts.
    const files: { file: string; xml: string }[] = [];
    for (const f of ['persons.xml', 'places.xml', 'orgs.xml']) {
      const xml = await host.readText(`${ctx.authorityDir}/${f}`);
      if (xml !== undefined) files.push({ file: f, xml });
    }
    cachedAuthorityParse(text, files, task.toolKey);
  }
  return runRenderTask(host, items, ctx);
}

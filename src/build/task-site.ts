/**
 * The `site` task (one worker): collection pages, indexes, search index, edition text and assets,
 * built from the summaries in the cache.
 */
import type { Diagnostic, DocSummary } from '../model/index.js';
import { collectionXml, editionText, loadResources, searchIndexScript } from '../render/index.js';
import type { EditionInfo } from '../render/index.js';
import { transform } from '../render/saxon.js';
import { SummaryStore } from './cache.js';
import type { BuildHost } from './host.js';
import { internalDiagnostic } from './diagnostics.js';
import type { SitePart } from './site-parts.js';
import { readAuthorityFiles } from './stages.js';


/** Some parts of the site (collection pages, indexes, search index, edition text), from the summaries in the cache. */
export interface SiteTask {
  kind: 'site';
  parts: SitePart[];
  cacheDir: string;
  /** Documents in reading order. */
  names: string[];
  /** Identifies this set of summaries: a worker that already loaded it reuses it. */
  summariesKey: string;
  authorityDir: string;
  edition: EditionInfo;
  distDir: string;
}

export interface SiteDone {
  ok: boolean;
  written: string[];
  diagnostics: Diagnostic[];
}

/** Summaries loaded by this worker for the site parts of the current build (reused across its site tasks). */
let siteSummaries: { key: string; summaries: Promise<DocSummary[]> } | undefined;

/** Build the stale site parts and write those whose content changed. */
export async function runSite(host: BuildHost, task: SiteTask): Promise<SiteDone> {
  const done: SiteDone = { ok: true, written: [], diagnostics: [] };
  try {
    if (siteSummaries?.key !== task.summariesKey) {
      siteSummaries = { key: task.summariesKey, summaries: new SummaryStore(host, task.cacheDir).all(task.names) };
    }
    const summaries = await siteSummaries.summaries;
    const files: { file: string; xml: string }[] = [];
    for (const f of ['persons.xml', 'places.xml', 'orgs.xml']) {
      const x = await host.readText(`${task.authorityDir}/${f}`);
      if (x !== undefined) files.push({ file: f, xml: x });
    }
    const authority = readAuthorityFiles(files).value;
    const res = await loadResources();
    const out: { path: string; content: string }[] = [];
    for (const part of task.parts) {
      switch (part) {
        case 'search-index':
          out.push({ path: 'search-index.js', content: searchIndexScript(summaries) });
          break;
        case 'edition-text':
          out.push({ path: 'edition.txt', content: editionText(summaries, task.edition) });
          break;
        case 'assets':
          for (const path of Object.keys(res.assets).sort()) out.push({ path, content: res.assets[path]! });
          break;
        default:
          out.push({ path: `${part}.html`, content: transform(res.site, collectionXml(part, summaries, authority, task.edition), { 'edition-title': task.edition.title }) });
      }
    }
    for (const f of out) {
      const path = `${task.distDir}/${f.path}`;
      if ((await host.readText(path)) !== f.content) {
        await host.writeFile(path, f.content);
        done.written.push(f.path);
      }
    }
  } catch (err) {
    done.ok = false;
    done.diagnostics.push(internalDiagnostic(task.distDir, `site rendering (${task.parts.join(', ')})`, err));
  }
  return done;
}


/**
 * The `render` task (worker threads): document pages (HTML), plain text and the TEI copy in dist/,
 * with one renderer (compiled stylesheets) per worker and authority version.
 */
import type { Diagnostic } from '../model/index.js';
import { createRenderer } from '../render/index.js';
import type { DocumentParams, Neighbour, Renderer } from '../render/index.js';
import type { BuildHost } from './host.js';
import { internalDiagnostic } from './diagnostics.js';
import { readAuthorityFiles } from './stages.js';

/** One document page to render, with its neighbours in reading order. */
export interface RenderItem {
  name: string;
  teiPath: string;
  displayPath: string;
  prev?: Neighbour;
  next?: Neighbour;
}

/** Settings shared by every document of a render task. */
export interface RenderContext {
  distDir: string;
  formats: ('html' | 'text' | 'xml')[];
  authorityDir: string;
  /** Changes whenever the authority does: workers rebuild their renderer then. */
  authorityKey: string;
  editionTitle: string;
}

export interface RenderDone {
  name: string;
  ok: boolean;
  diagnostics: Diagnostic[];
}

const renderers = new Map<string, Promise<Renderer>>();

/** One renderer per worker and authority version: stylesheets load once, never per document. */
async function rendererFor(host: BuildHost, ctx: RenderContext): Promise<Renderer> {
  const key = `${ctx.authorityKey}|${ctx.editionTitle}`;
  let r = renderers.get(key);
  if (!r) {
    r = (async () => {
      const files: { file: string; xml: string }[] = [];
      for (const f of ['persons.xml', 'places.xml', 'orgs.xml']) {
        const x = await host.readText(`${ctx.authorityDir}/${f}`);
        if (x !== undefined) files.push({ file: f, xml: x });
      }
      return createRenderer({ authority: readAuthorityFiles(files).value, editionTitle: ctx.editionTitle });
    })();
    renderers.clear();
    renderers.set(key, r);
  }
  return r;
}

/** Render a batch of documents; a failure is a diagnostic for that document only. */
export async function runRenderTask(host: BuildHost, items: RenderItem[], ctx: RenderContext): Promise<RenderDone[]> {
  const out: RenderDone[] = [];
  let renderer: Renderer | undefined;
  if (ctx.formats.includes('html') || ctx.formats.includes('text')) {
    try {
      renderer = await rendererFor(host, ctx);
    } catch (err) {
      return items.map((it) => ({ name: it.name, ok: false, diagnostics: [internalDiagnostic(it.displayPath, 'renderer start', err)] }));
    }
  }
  for (const it of items) {
    const res: RenderDone = { name: it.name, ok: true, diagnostics: [] };
    out.push(res);
    const xml = await host.readText(it.teiPath);
    if (xml === undefined) {
      res.ok = false;
      res.diagnostics.push({ file: it.displayPath, line: 1, column: 1, severity: 'error', message: 'cannot read the TEI file', rule: 'io-read' });
      continue;
    }
    try {
      const base = `${ctx.distDir}/${it.name}`;
      if (ctx.formats.includes('xml')) await host.writeFile(`${base}.xml`, xml);
      if (renderer) {
        const params: DocumentParams = { name: it.name };
        if (it.prev) params.prev = it.prev;
        if (it.next) params.next = it.next;
        const r = renderer.renderDocument(xml, params);
        res.diagnostics.push(...r.diagnostics.map((d) => ({ ...d, file: it.displayPath })));
        if (r.diagnostics.some((d) => d.severity === 'error')) res.ok = false;
        if (ctx.formats.includes('html') && r.html) await host.writeFile(`${base}.html`, r.html);
        if (ctx.formats.includes('text') && (r.text || !r.diagnostics.length)) await host.writeFile(`${base}.txt`, r.text);
      }
    } catch (err) {
      res.ok = false;
      res.diagnostics.push(internalDiagnostic(it.displayPath, 'rendering', err));
    }
  }
  return out;
}


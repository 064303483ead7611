/**
 * The `render` task (worker threads): document pages (HTML), plain text and the TEI copy in dist/,
 * with one renderer (compiled stylesheets) per worker and authority version.
 */
import type { Diagnostic } from '../model/index.js';
import { createRenderer } from '../render/index.js';
import type { DocumentParams, Neighbour, RenderedDocument, Renderer } from '../render/index.js';
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

/**
 * Render a batch of documents (pages and texts in one transform, see Renderer.renderDocuments); a
 * failure is a diagnostic for that document only.
 */
export async function runRenderTask(host: BuildHost, items: RenderItem[], ctx: RenderContext): Promise<RenderDone[]> {
  let renderer: Renderer | undefined;
  if (ctx.formats.includes('html') || ctx.formats.includes('text')) {
    try {
      renderer = await rendererFor(host, ctx);
    } catch (err) {
      return items.map((it) => ({ name: it.name, ok: false, diagnostics: [internalDiagnostic(it.displayPath, 'renderer start', err)] }));
    }
  }
  const out: RenderDone[] = items.map((it) => ({ name: it.name, ok: true, diagnostics: [] }));
  const readable: { index: number; xml: string }[] = [];
  for (const [i, it] of items.entries()) {
    const xml = await host.readText(it.teiPath);
    if (xml === undefined) {
      out[i]!.ok = false;
      out[i]!.diagnostics.push({ file: it.displayPath, line: 1, column: 1, severity: 'error', message: 'cannot read the TEI file', rule: 'io-read' });
    } else {
      readable.push({ index: i, xml });
    }
  }
  let rendered: RenderedDocument[] | undefined;
  if (renderer) {
    try {
      rendered = renderer.renderDocuments(readable.map(({ index, xml }) => {
        const it = items[index]!;
        const params: DocumentParams = { name: it.name };
        if (it.prev) params.prev = it.prev;
        if (it.next) params.next = it.next;
        return { xml, params };
      }));
    } catch (err) {
      for (const { index } of readable) {
        out[index]!.ok = false;
        out[index]!.diagnostics.push(internalDiagnostic(items[index]!.displayPath, 'rendering', err));
      }
      return out;
    }
  }
  for (const [k, { index, xml }] of readable.entries()) {
    const it = items[index]!;
    const res = out[index]!;
    try {
      const base = `${ctx.distDir}/${it.name}`;
      if (ctx.formats.includes('xml')) await host.writeFile(`${base}.xml`, xml);
      const r = rendered?.[k];
      if (r) {
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

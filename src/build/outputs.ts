/**
 * The build's view of the validate and render stages, looked up at run time (once per worker) so
 * the build keeps compiling and running while those stages are still landing. Pure.
 */
import type { Diagnostic, DocSummary, Authority } from '../model/index.js';

type AnyFn = (...args: unknown[]) => unknown;

async function load(spec: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(spec)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function pick(mod: Record<string, unknown> | undefined, ...names: string[]): AnyFn | undefined {
  if (!mod) return undefined;
  for (const n of names) if (typeof mod[n] === 'function') return mod[n] as AnyFn;
  return undefined;
}

function unwrap<T>(r: unknown): T {
  if (r && typeof r === 'object' && 'value' in (r as object) && 'diagnostics' in (r as object)) return (r as { value: T }).value;
  return r as T;
}

function diagnosticsOf(r: unknown): Diagnostic[] {
  if (Array.isArray(r)) return r as Diagnostic[];
  if (r && typeof r === 'object') {
    const o = r as Record<string, unknown>;
    if (Array.isArray(o.diagnostics)) return o.diagnostics as Diagnostic[];
  }
  return [];
}

/** Batched validation: many documents per call, grouped back by file. */
export type ValidateFn = (docs: { file: string; xml: string }[], authority: { file: string; xml: string }[]) => Promise<Map<string, Diagnostic[]>>;

const VALIDATE_SPEC = '../validate/index.js';
const RENDER_SPEC = '../render/index.js';

let validateCache: Promise<ValidateFn | undefined> | undefined;

/** The validator of the validate stage, batched; undefined while the stage has not landed. */
export function validateApi(): Promise<ValidateFn | undefined> {
  validateCache ??= (async () => {
    const mod = await load(VALIDATE_SPEC);
    const batch = pick(mod, 'validateBatch', 'validateDocuments', 'validateMany', 'validateAll');
    const single = pick(mod, 'validateDocument', 'validateTei', 'validate');
    if (!batch && !single) return undefined;
    return async (docs, authority) => {
      const byFile = new Map<string, Diagnostic[]>(docs.map((d) => [d.file, []]));
      let diags: Diagnostic[] = [];
      if (batch) diags = diagnosticsOf(await batch(docs, { authority }));
      else for (const d of docs) diags.push(...diagnosticsOf(await single!(d.xml, d.file, { authority })));
      for (const d of diags) {
        const list = byFile.get(d.file);
        if (list) list.push(d);
        else byFile.set(d.file, [d]);
      }
      return byFile;
    };
  })();
  return validateCache;
}

/** Per-document renderers. */
export interface RenderFns {
  html(xml: string, name: string): Promise<string>;
  text(xml: string, name: string): Promise<string>;
}

/** Collection-level outputs: index pages, search index, edition text; file name → content. */
export type SiteFn = (summaries: DocSummary[], authority: Authority, edition: { title: string; language: string }) => Promise<Map<string, string>>;

let renderCache: Promise<RenderFns | undefined> | undefined;

/** The document renderers of the render stage; undefined while it has not landed. */
export function renderApi(): Promise<RenderFns | undefined> {
  renderCache ??= (async () => {
    const mod = await load(RENDER_SPEC);
    const html = pick(mod, 'renderHtml', 'toHtml', 'documentHtml', 'teiToHtml');
    const text = pick(mod, 'renderText', 'toText', 'documentText', 'teiToText');
    if (!html || !text) return undefined;
    return {
      html: async (xml, name) => String(unwrap(await html(xml, { name }))),
      text: async (xml, name) => String(unwrap(await text(xml, { name }))),
    };
  })();
  return renderCache;
}

/** The collection-level renderer (indexes, search), undefined while the render stage has not landed. */
export async function siteApi(): Promise<SiteFn | undefined> {
  const mod = await load(RENDER_SPEC);
  const site = pick(mod, 'renderSite', 'renderIndexes', 'siteFiles');
  if (!site) return undefined;
  return async (summaries, authority, edition) => {
    const r = unwrap<unknown>(await site(summaries, authority, edition));
    const out = new Map<string, string>();
    if (r instanceof Map) for (const [k, v] of r) out.set(String(k), String(v));
    else if (r && typeof r === 'object') for (const [k, v] of Object.entries(r)) out.set(k, String(v));
    return out;
  };
}

/** The print PDF of a built site folder (render stage, playwright-core); undefined while it has not landed. */
export async function pdfApi(): Promise<((distDir: string) => Promise<Diagnostic[]>) | undefined> {
  const mod = await load(RENDER_SPEC);
  const pdf = pick(mod, 'renderPdf', 'buildPdf', 'editionPdf');
  if (!pdf) return undefined;
  return async (distDir) => diagnosticsOf(await pdf(distDir));
}

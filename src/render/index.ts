/**
 * Render: TEI → HTML document pages and plain text, collection → index pages, search index and
 * whole-edition text, all through XSLT 3.0 stylesheets (xslt/) run by saxon-js; the print PDF is in
 * ./pdf.ts. Pure apart from loading the compiled stylesheets once per process (or worker).
 *
 * Typical use (build stage):
 *   const r = await createRenderer({ authority, editionTitle });        // once per worker
 *   const { html, text } = r.renderDocument(xml, { name, prev, next });  // per document
 *   for (const f of r.renderSite(summaries, edition)) write(f.path, f.content);  // once
 */
import type { Authority, Diagnostic, DocSummary, EntityType, Result } from '../model/index.js';
import { DEFAULT_LIMITS, type CollectionLimits, type EditionInfo } from './collection.js';
import { loadResources, type RenderResources } from './resources.js';
import { siteFiles } from './site.js';
import { transform, transformResults } from './saxon.js';
import { renderPdf, type PdfDocument, type PdfOptions, type PdfResult } from './pdf.js';

export * from './collection.js';
export { MAX_SEARCH_SHARDS, serialisedIndex, searchIndexFiles, searchShardCount, searchShardFile, searchShardOf, searchShardScript, SEARCH_OPTIONS } from './search.js';
export * from './site.js';
export { loadResources, type RenderResources } from './resources.js';
export { pdfDestinations, cssString, runningHead, stablePdf, CHROMIUM_ARGS, DEFAULT_CHROMIUM, type PdfDocument, type PdfOptions, type PdfResult } from './pdf.js';

/** A file of the built site, by its path relative to dist/. */
export interface SiteFile {
  path: string;
  content: string;
}

/** A neighbour of a document in reading order, for previous/next links. */
export interface Neighbour {
  name: string;
  title?: string;
}

export interface DocumentParams {
  /** File stem: the page links its own `NAME.xml` and `NAME.txt`. */
  name: string;
  prev?: Neighbour;
  next?: Neighbour;
}

export interface RenderedDocument {
  html: string;
  text: string;
  diagnostics: Diagnostic[];
}

export interface RendererOptions {
  /** The authority, for normalised names on hover (`title`); entries are looked up by type and id. */
  authority?: Authority;
  /** The edition's title, shown in every page's banner and `<title>`. */
  editionTitle?: string;
  /** Compiled resources; loaded from lib/xslt when omitted. */
  resources?: RenderResources;
}

export interface Renderer {
  /** One document: the HTML page and the plain reading text. */
  renderDocument(teiXml: string, params: DocumentParams): RenderedDocument;
  /**
   * Several documents in one transform, in the given order: the same output as one at a time, but
   * SaxonJS prepares the stylesheet once for the batch instead of twice per document.
   */
  renderDocuments(docs: readonly { xml: string; params: DocumentParams }[]): RenderedDocument[];
  /** One document as a `<section>` of the print edition (anchors prefixed `NAME-`). */
  renderPrintSection(teiXml: string, name: string): string;
  /** The collection pages, search index, whole-edition text and static assets. */
  renderSite(summaries: readonly DocSummary[], edition: EditionInfo, limits?: CollectionLimits): SiteFile[];
  /** Static assets (CSS, JS, minisearch's browser build) by path in dist/. */
  assets(): SiteFile[];
  /** The print edition of these documents (reading order) as PDF, page numbers measured (./pdf.ts). */
  renderPdf(docs: readonly PdfDocument[], edition: EditionInfo, opts?: PdfOptions): Promise<Result<PdfResult | undefined>>;
}

const ENTITY_ELEMENT: Record<string, EntityType> = { persName: 'person', placeName: 'place', orgName: 'org' };
const ELEMENT_REF = /<(persName|placeName|orgName)\b[^>]*?\bref="[^"#]*#([^"\s]+)"/g;

/**
 * Names to show on hover for the entities some documents mention, as the JSON the stylesheet reads
 * (`{"person:ID": "Name"}`): only these documents' refs, so each transform stays small.
 */
export function namesFor(teiXml: string | readonly string[], names: ReadonlyMap<string, string>): string {
  const out: Record<string, string> = {};
  if (names.size > 0) {
    for (const xml of typeof teiXml === 'string' ? [teiXml] : teiXml) {
      for (const m of xml.matchAll(ELEMENT_REF)) {
        const type = ENTITY_ELEMENT[m[1]!]!;
        const key = `${type}:${m[2]}`;
        const name = names.get(key);
        if (name !== undefined) out[key] = name;
      }
    }
  }
  return JSON.stringify(out);
}

/** The initial template of xslt/document.xsl that renders a batch (pages and texts as result documents). */
const BATCH_TEMPLATE = 'Q{urn:tei-edition:render}batch';

function diagnostic(file: string, what: string, err: unknown): Diagnostic {
  const message = err instanceof Error ? err.message : String(err);
  return { file, line: 1, column: 1, severity: 'error', message: `cannot render ${what}: ${message.split('\n')[0]}`, rule: 'render-failed' };
}

/**
 * Create a renderer: loads the compiled stylesheets once (per process or worker, never per
 * document, as the house rules require) and closes over the authority's names.
 */
export async function createRenderer(opts: RendererOptions = {}): Promise<Renderer> {
  const res = opts.resources ?? (await loadResources());
  const editionTitle = opts.editionTitle ?? 'Edition';
  const names = new Map<string, string>();
  for (const e of opts.authority?.entries ?? []) names.set(`${e.type}:${e.id}`, e.name);

  const assets = (): SiteFile[] => Object.keys(res.assets).sort().map((path) => ({ path, content: res.assets[path]! }));

  // The batch template's parameters for these documents (xslt/document.xsl, ed:batch).
  const batchParams = (docs: readonly { xml: string; params: DocumentParams }[]) => ({
    batch: docs.map((d) => d.xml),
    'batch-names': docs.map((d) => d.params.name),
    'batch-prev': docs.map((d) => d.params.prev?.name ?? ''),
    'batch-prev-title': docs.map((d) => d.params.prev?.title ?? ''),
    'batch-next': docs.map((d) => d.params.next?.name ?? ''),
    'batch-next-title': docs.map((d) => d.params.next?.title ?? ''),
    'edition-title': editionTitle,
    names: namesFor(docs.map((d) => d.xml), names),
  });

  // One document, HTML and text in two transforms: each failure is its own diagnostic. The fallback
  // of a batch that fails (a malformed document, a stylesheet error on one document). The page goes
  // through the batch template too, so that it is serialised exactly as in a batch (output "page").
  const renderAlone = (teiXml: string, params: DocumentParams): RenderedDocument => {
    const diagnostics: Diagnostic[] = [];
    const file = `${params.name}.xml`;
    let html = '';
    let text = '';
    try {
      html = transformResults(res.document, BATCH_TEMPLATE, { ...batchParams([{ xml: teiXml, params }]), outputs: ['html'] }).get('1.html') ?? '';
    } catch (err) {
      diagnostics.push(diagnostic(file, 'HTML', err));
    }
    try {
      text = transform(res.text, teiXml);
    } catch (err) {
      diagnostics.push(diagnostic(file, 'plain text', err));
    }
    return { html, text, diagnostics };
  };

  const renderDocuments = (docs: readonly { xml: string; params: DocumentParams }[]): RenderedDocument[] => {
    if (docs.length === 0) return [];
    let results: Map<string, string>;
    try {
      results = transformResults(res.document, BATCH_TEMPLATE, batchParams(docs));
    } catch {
      return docs.map((d) => renderAlone(d.xml, d.params));
    }
    return docs.map((d, i) => {
      const html = results.get(`${i + 1}.html`);
      const text = results.get(`${i + 1}.txt`);
      return html === undefined || text === undefined ? renderAlone(d.xml, d.params) : { html, text, diagnostics: [] };
    });
  };

  return {
    renderDocuments,

    renderDocument(teiXml, params) {
      return renderDocuments([{ xml: teiXml, params }])[0]!;
    },

    renderPrintSection(teiXml, name) {
      return transform(res.document, teiXml, {
        name,
        target: 'print',
        'id-prefix': `${name}-`,
        names: namesFor(teiXml, names),
        'edition-title': editionTitle,
      });
    },

    renderSite(summaries, edition, limits = DEFAULT_LIMITS) {
      return [...siteFiles(res, summaries, opts.authority ?? { entries: [] }, edition, limits), ...assets()];
    },

    assets,

    renderPdf(docs, edition, pdfOpts) {
      return renderPdf(res, docs, opts.authority ?? { entries: [] }, edition, pdfOpts);
    },
  };
}

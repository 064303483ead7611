/**
 * The one place that talks to saxon-js: run a compiled stylesheet (SEF) on an XML string.
 * SaxonJS has no type declarations, so the small surface used here is typed by hand.
 */
import { createRequire } from 'node:module';

interface SaxonTransformOptions {
  stylesheetInternal: object;
  sourceText?: string;
  destination: 'serialized';
  stylesheetParams?: Record<string, unknown>;
  initialTemplate?: string;
  baseOutputURI?: string;
  deliverResultDocument?: (uri: string) => { destination: 'serialized' };
}
interface SaxonApi {
  transform(options: SaxonTransformOptions, mode: 'sync'): { principalResult: string; resultDocuments: Record<string, string> };
}

const require = createRequire(import.meta.url);
let saxon: SaxonApi | undefined;

/** Load saxon-js lazily (once per process or worker): it is a large module and not every caller renders. */
function api(): SaxonApi {
  saxon ??= require('saxon-js') as SaxonApi;
  return saxon;
}

/**
 * Apply a compiled stylesheet to an XML document and return the serialised result. Parameter values
 * are strings or booleans; names are plain local names.
 */
export function transform(sef: object, xml: string, params: Record<string, string | boolean> = {}): string {
  const r = api().transform(
    { stylesheetInternal: sef, sourceText: xml, destination: 'serialized', stylesheetParams: params },
    'sync',
  );
  return r.principalResult;
}

/** Base of the result documents' URIs: `xsl:result-document href="1.html"` is delivered as `http://tei-edition.invalid/1.html` (a base that resolves, never fetched or written). */
const RESULT_BASE = 'http://tei-edition.invalid/';

/**
 * Run a named initial template without a source document and return its `xsl:result-document`
 * outputs, serialised, by their `href` (relative, as the stylesheet wrote it). Parameter values may
 * be string sequences (JS arrays), so that one call can carry a batch of documents.
 */
export function transformResults(sef: object, initialTemplate: string, params: Record<string, string | boolean | readonly string[]>): Map<string, string> {
  const r = api().transform(
    {
      stylesheetInternal: sef,
      destination: 'serialized',
      initialTemplate,
      baseOutputURI: RESULT_BASE,
      deliverResultDocument: () => ({ destination: 'serialized' }),
      stylesheetParams: params,
    },
    'sync',
  );
  const out = new Map<string, string>();
  for (const [uri, content] of Object.entries(r.resultDocuments)) out.set(uri.startsWith(RESULT_BASE) ? uri.slice(RESULT_BASE.length) : uri, content);
  return out;
}

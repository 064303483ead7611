/**
 * The one place that talks to saxon-js: run a compiled stylesheet (SEF) on an XML string.
 * SaxonJS has no type declarations, so the small surface used here is typed by hand.
 */
import { createRequire } from 'node:module';

interface SaxonTransformOptions {
  stylesheetInternal: object;
  sourceText: string;
  destination: 'serialized';
  stylesheetParams?: Record<string, unknown>;
}
interface SaxonApi {
  transform(options: SaxonTransformOptions, mode: 'sync'): { principalResult: string };
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

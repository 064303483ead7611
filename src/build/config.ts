/**
 * Edition configuration (tei-edition.json): checked with ajv against schemas/config.schema.json,
 * then merged with command-line flags (flags win). Pure: the CLI reads the files.
 */
import { createRequire } from 'node:module';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';

/** The edition configuration, defaults applied. Paths are absolute once resolved by the CLI. */
export interface EditionConfig {
  title: string;
  subtitle?: string;
  editors: string[];
  publisher?: string;
  licence?: string;
  language: string;
  sources: string;
  tei: string;
  dist: string;
  cache: string;
  encoding?: string;
  pdf: boolean | 'auto';
  pdfMaxDocuments: number;
  jobs?: number;
  formats: ('html' | 'text' | 'xml')[];
}

/** Defaults of every optional setting, shared by the CLI and the schema's documentation. */
export const CONFIG_DEFAULTS: Omit<EditionConfig, 'title'> = {
  editors: [],
  language: 'en',
  sources: 'sources',
  tei: 'tei',
  dist: 'dist',
  cache: '.tei-edition-cache',
  pdf: 'auto',
  pdfMaxDocuments: 200,
  formats: ['html', 'text', 'xml'],
};

type AjvLike = { compile(schema: object): ValidateFunction };

/** ajv, loaded on first use (a CommonJS package): a build whose configuration was checked before never loads it. */
function ajvCtor(): new (opts: Options) => AjvLike {
  const mod = createRequire(import.meta.url)('ajv') as { default?: unknown };
  return (mod.default ?? mod) as new (opts: Options) => AjvLike;
}

function describe(e: ErrorObject): string {
  const path = e.instancePath === '' ? '(root)' : e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  switch (e.keyword) {
    case 'additionalProperties':
      return `${path}: unknown setting "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    case 'required':
      return `${path}: missing required setting "${(e.params as { missingProperty: string }).missingProperty}"`;
    case 'enum':
      return `${path}: ${e.message} (${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)})`;
    default:
      return `${path}: ${e.message ?? 'is invalid'}`;
  }
}

/**
 * Check a parsed configuration against the schema; returns the configuration with defaults, or the
 * list of problems, each naming the JSON path (`editors.1: must be string`), so an editor can fix
 * the file without reading the schema.
 */
export function checkConfig(value: unknown, schema: object): { config?: EditionConfig; errors: string[] } {
  // The schema is the package's own: checking it against JSON Schema's meta-schema would compile the
  // meta-schema on every run (most of ajv's start-up) and can only fail in development.
  const Ajv = ajvCtor();
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
  const validate = ajv.compile(schema);
  if (!validate(value)) {
    const errors = (validate.errors ?? [])
      // oneOf reports each failed branch; the summary line says enough.
      .filter((e: ErrorObject) => !(e.keyword === 'type' && (e.schemaPath.includes('oneOf'))) && !(e.keyword === 'const' && e.schemaPath.includes('oneOf')))
      .map(describe);
    return { errors: [...new Set(errors)] };
  }
  const config = { ...CONFIG_DEFAULTS, ...(value as object) } as EditionConfig;
  return { config, errors: [] };
}

/** Apply command-line overrides to a configuration: a flag given on the command line always wins over the file. */
export function mergeFlags(config: EditionConfig, flags: Partial<EditionConfig>): EditionConfig {
  const out: EditionConfig = { ...config };
  for (const [k, v] of Object.entries(flags)) {
    if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  }
  return out;
}

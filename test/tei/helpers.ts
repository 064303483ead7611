/**
 * Fixture helpers of the TEI tests: model fixtures name their spans by the text they cover
 * (`{"find": "Tokyo", "after": "DIRECTOR"}`, `{"from": "Mr. Y.", "to": "talk."}`), so that a fixture
 * reads like the document it describes and survives edits of its source.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocumentModel, Inline, Span } from '../../src/model/index.js';
import type { TeiWriteOptions } from '../../src/tei/index.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const teiFixtures = join(repoRoot, 'test', 'fixtures', 'tei');

/** The options every write fixture is serialised with. */
export const FIXTURE_OPTIONS: TeiWriteOptions = {
  schemaHref: '../schemas/tei-edition.rng',
  authorityHref: { person: 'authority/persons.xml', place: 'authority/places.xml', org: 'authority/orgs.xml' },
  generator: 'tei-edition 0.1.0',
};

interface SpanSpec {
  find?: string;
  after?: string;
  from?: string;
  to?: string;
  start?: number;
  end?: number;
  /** `{"at": "4-"}`: an empty span where that text begins. */
  at?: string;
}

function locate(text: string, s: string, from: number, where: string): number {
  const i = text.indexOf(s, from);
  if (i < 0) throw new Error(`fixture ${where}: "${s}" not found in source after offset ${from}`);
  return i;
}

/** Resolve one span spec against the source text. */
export function resolveSpan(text: string, spec: SpanSpec, where: string): Span {
  if (typeof spec.start === 'number' && typeof spec.end === 'number') return { start: spec.start, end: spec.end };
  const base = spec.after !== undefined ? locate(text, spec.after, 0, where) + spec.after.length : 0;
  if (spec.find !== undefined) {
    const i = locate(text, spec.find, base, where);
    return { start: i, end: i + spec.find.length };
  }
  if (spec.at !== undefined) {
    const i = locate(text, spec.at, base, where);
    return { start: i, end: i };
  }
  if (spec.from !== undefined && spec.to !== undefined) {
    const a = locate(text, spec.from, base, where);
    const b = locate(text, spec.to, a, where);
    return { start: a, end: b + spec.to.length };
  }
  throw new Error(`fixture ${where}: span spec ${JSON.stringify(spec)} names no text`);
}

function resolveAll(text: string, v: unknown, where: string): unknown {
  if (Array.isArray(v)) return v.map((x) => resolveAll(text, x, where));
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      o[k] = (k === 'span' || k === 'titleSpan' || k === 'dateSpan') && x && typeof x === 'object' ? resolveSpan(text, x as SpanSpec, where) : resolveAll(text, x, where);
    }
    return o;
  }
  return v;
}

/** Load a write fixture folder: `source.txt`, `model.json` (front/body/back/meta), `inlines.json` (optional). */
export function loadWriteFixture(dir: string): { doc: DocumentModel; inlines: Inline[] } {
  const text = readFileSync(join(dir, 'source.txt'), 'utf8');
  const m = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Record<string, unknown>;
  const name = (m.name as string | undefined) ?? dir.replace(/^.*[\\/]/, '');
  const resolved = resolveAll(text, { front: m.front ?? [], body: m.body ?? [], back: m.back ?? [], meta: m.meta }, dir) as Omit<DocumentModel, 'source'>;
  const doc: DocumentModel = {
    source: { name, path: `${name}.txt`, text, encoding: (m.encoding as string | undefined) ?? 'utf-8', ...(m.metadata ? { metadata: m.metadata as Record<string, string> } : {}) },
    ...resolved,
  };
  doc.meta = Object.assign({ idnos: [], custodialEvents: [], language: 'en' }, doc.meta ?? {});
  let inlines: Inline[] = [];
  try {
    inlines = resolveAll(text, JSON.parse(readFileSync(join(dir, 'inlines.json'), 'utf8')), dir) as Inline[];
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  return { doc, inlines };
}

/** Compare ignoring white space, as score.py's lossless check does. */
export function squeeze(s: string): string {
  return s.replace(/\s+/g, '');
}

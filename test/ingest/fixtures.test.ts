import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ingest } from '../../src/ingest/index.js';
import type { DocumentModel, Source } from '../../src/model/index.js';
import { coverageProblem, factHolds, outline } from './facts.js';

const DIR = new URL('../../../test/fixtures/ingest/', import.meta.url).pathname;

interface Expected {
  /** Structure facts in the form of ../shared/eval/structure.py. */
  facts?: Record<string, unknown>[];
  /** The outline of divisions and blocks ({@link outline}). */
  outline?: string;
  /** A subset of `meta` that must match. */
  meta?: Record<string, unknown>;
  /** Source text of blocks of a kind, in order (`{"head": ["MINUTES"]}`), white space squeezed. */
  blocks?: Record<string, string[]>;
  /** Parts of the closers of the body (`signed:ADOLF HITLER,`, `roleName:Fuehrer and Reich Chancellor`), in order, white space squeezed. */
  closerParts?: string[];
}

function load(name: string): { doc: DocumentModel; expected: Expected } {
  const dir = join(DIR, name);
  const text = readFileSync(join(dir, 'input.txt'), 'utf8');
  const source: Source = { name, path: join(dir, 'input.txt'), text, encoding: 'utf-8' };
  if (existsSync(join(dir, 'metadata.json'))) source.metadata = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')) as Record<string, string>;
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
  return { doc: ingest(source).value, expected };
}

function subset(actual: unknown, want: unknown, path: string): void {
  if (want !== null && typeof want === 'object' && !Array.isArray(want)) {
    for (const [k, v] of Object.entries(want)) subset((actual as Record<string, unknown> | undefined)?.[k], v, `${path}.${k}`);
  } else if (Array.isArray(want)) {
    assert.ok(Array.isArray(actual), `${path} is not a list`);
    want.forEach((w, i) => subset((actual as unknown[])[i], w, `${path}[${i}]`));
  } else assert.deepEqual(actual, want, path);
}

function closerParts(doc: DocumentModel): string[] {
  const out: string[] = [];
  for (const d of doc.body) {
    for (const b of d.blocks) {
      if (b.kind !== 'closer') continue;
      for (const p of b.parts) if (p.kind !== 'pb' && p.kind !== 'fw') out.push(`${p.kind}:${doc.source.text.slice(p.span.start, p.span.end).replace(/\s+/g, ' ').trim()}`);
    }
  }
  return out;
}

function blockTexts(doc: DocumentModel, kind: string): string[] {
  const out: string[] = [];
  for (const b of [...doc.front, ...doc.body.flatMap((d) => d.blocks), ...doc.back.flatMap((d) => d.blocks)]) {
    if (b.kind === kind) out.push(doc.source.text.slice(b.span.start, b.span.end).replace(/\s+/g, ' ').trim());
  }
  return out;
}

describe('ingest fixtures (test/fixtures/ingest/<case>: input.txt → expected.json)', function () {
  const cases = readdirSync(DIR).filter((n) => existsSync(join(DIR, n, 'expected.json'))).sort();
  it('has fixture cases to run', function () {
    assert.ok(cases.length >= 10);
  });
  for (const name of cases) {
    it(name.replace(/-/g, ' '), function () {
      const { doc, expected } = load(name);
      assert.equal(coverageProblem(doc), undefined);
      for (const f of expected.facts ?? []) assert.ok(factHolds(doc, f), `fact ${JSON.stringify(f)} does not hold`);
      if (expected.outline !== undefined) assert.equal(outline(doc), expected.outline);
      if (expected.meta) subset(doc.meta, expected.meta, 'meta');
      if (expected.closerParts) assert.deepEqual(closerParts(doc), expected.closerParts, 'closer parts of the body');
      for (const [kind, texts] of Object.entries(expected.blocks ?? {})) assert.deepEqual(blockTexts(doc, kind), texts, `${kind} blocks`);
    });
  }
});

/**
 * resolveOverlaps (src/entities) was rewritten from a quadratic scan to a binary search (issue 7:
 * documents of megabytes took minutes); this property pins it to the plain definition on random
 * candidate sets, so the speed-up cannot change which mentions are kept.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { resolveOverlaps } from '../../src/entities/recognise.js';

type Cand = Parameters<typeof resolveOverlaps>[0][number];

/** The definition: strongest cue first, then the longer span, then the earlier; keep what overlaps nothing kept. */
function reference(cands: Cand[]): Cand[] {
  const sorted = [...cands].sort((a, b) => b.weight - a.weight || (b.end - b.start) - (a.end - a.start) || a.start - b.start);
  const kept: Cand[] = [];
  for (const c of sorted) if (!kept.some((k) => c.start < k.end && k.start < c.end)) kept.push(c);
  return kept.sort((a, b) => a.start - b.start);
}

const cand = fc.record({ start: fc.nat(200), len: fc.integer({ min: 1, max: 30 }), weight: fc.integer({ min: 0, max: 5 }) })
  .map(({ start, len, weight }) => ({ type: 'person', start, end: start + len, weight, cue: 'test', text: 'x' }) as unknown as Cand);

describe('property: overlap resolution of entity candidates', () => {
  it('keeps exactly the candidates the quadratic definition keeps, in the same order', () => {
    fc.assert(fc.property(fc.array(cand, { maxLength: 80 }), (cs) => {
      assert.deepEqual(resolveOverlaps(cs), reference(cs));
    }), { numRuns: 400 });
  });
});

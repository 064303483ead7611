/**
 * fast-xml-parser's XMLValidator as an independent oracle for our position-keeping XML parser
 * (src/validate/xml.ts). Ours is the stricter of the two (it also refuses undefined entities,
 * forbidden control characters, several roots, undeclared prefixes), so the property is one-way:
 * whatever the oracle rejects, ours rejects too; and both accept the TEI the converter writes.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { parseXml } from '../../src/validate/xml.js';
import { ingest } from '../../src/ingest/index.js';
import { toTei } from '../../src/tei/index.js';
import type { Source } from '../../src/model/index.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const TEI_OPTS = {
  schemaHref: 'schemas/tei-edition.rng',
  authorityHref: { person: 'authority/persons.xml', place: 'authority/places.xml', org: 'authority/orgs.xml' },
  generator: 'tei-edition test',
};

function teiOf(name: string, text: string): string {
  const source: Source = { name, path: `${name}.txt`, text, encoding: 'utf-8' };
  return toTei(ingest(source).value, [], TEI_OPTS);
}

const samples: string[] = readdirSync(join(repo, 'sources'))
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => teiOf(f.replace(/\.txt$/, ''), readFileSync(join(repo, 'sources', f), 'utf8')));

const oracleRejects = (xml: string): boolean => XMLValidator.validate(xml) !== true;
const oursRejects = (xml: string): boolean => parseXml(xml).problems.length > 0;

describe('the XML parser checked against fast-xml-parser as an oracle', () => {
  it('accepts, like the oracle, every TEI file the converter writes for the sample edition', () => {
    assert.ok(samples.length >= 2);
    for (const xml of samples) {
      assert.equal(oracleRejects(xml), false);
      assert.deepEqual(parseXml(xml).problems, []);
    }
  });

  it('rejects every mutation of a TEI file that the oracle rejects', () => {
    const doc = samples[0]!;
    const mutation = fc.oneof(
      // truncate
      fc.nat({ max: doc.length - 1 }).map((n) => doc.slice(0, n)),
      // delete a slice
      fc.tuple(fc.nat({ max: doc.length - 1 }), fc.nat({ max: 40 })).map(([i, n]) => doc.slice(0, i) + doc.slice(i + n)),
      // insert markup characters
      fc
        .tuple(fc.nat({ max: doc.length - 1 }), fc.constantFrom('<', '>', '&', '"', '</p>', '<p', '="', '<!--', ']]>', '<?x'))
        .map(([i, s]) => doc.slice(0, i) + s + doc.slice(i)),
    );
    fc.assert(
      fc.property(mutation, (xml) => {
        if (oracleRejects(xml)) assert.ok(oursRejects(xml), 'fast-xml-parser rejects this document but parseXml accepts it');
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });

  it('also refuses what the oracle lets through: undefined entities and forbidden control characters', () => {
    for (const xml of ['<a>&foo;</a>', '<a>\u001b</a>']) {
      assert.equal(oracleRejects(xml), false);
      assert.equal(oursRejects(xml), true);
    }
  });
});

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PROJECT_SCHEMA_RNG } from '../../src/validate/index.js';

describe('validate: the embedded project schema', () => {
  it('is schemas/tei-edition.rng byte for byte (run `node schemas/embed-schema.mjs` after editing the .rng)', () => {
    const onDisk = readFileSync(fileURLToPath(new URL('../../../schemas/tei-edition.rng', import.meta.url)), 'utf8');
    assert.equal(PROJECT_SCHEMA_RNG, onDisk);
  });
});

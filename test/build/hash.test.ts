import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { contentHash } from '../../src/build/hash.js';

/** The digest as the cache has always computed it: SHA-1 of each part followed by a NUL, 20 hex digits. */
function reference(...parts: (string | Uint8Array)[]): string {
  const h = createHash('sha1');
  for (const p of parts) {
    h.update(p);
    h.update('\u0000');
  }
  return h.digest('hex').slice(0, 20);
}

describe('contentHash', () => {
  it('gives the digest existing caches hold, for strings, bytes and a mixture', () => {
    const bytes = new TextEncoder().encode('Caf\u00e9 \u2014 text');
    for (const parts of [[], [''], ['a'], ['ab', 'c'], ['Caf\u00e9', 'x'], [bytes], ['key', bytes, 'more']] as (string | Uint8Array)[][]) {
      assert.equal(contentHash(...parts), reference(...parts), JSON.stringify(parts.map(String)));
    }
  });

  it('keeps the boundaries between parts: ab + c is not a + bc', () => {
    assert.notEqual(contentHash('ab', 'c'), contentHash('a', 'bc'));
  });

  it('hashes a string and its UTF-8 bytes alike', () => {
    assert.equal(contentHash('\u00e9t\u00e9'), contentHash(new TextEncoder().encode('\u00e9t\u00e9')));
  });
});

/**
 * Content hashes for the incremental build cache. Pure (node:crypto only).
 */
import * as crypto from 'node:crypto';

const oneShot = (crypto as unknown as { hash?: (alg: string, data: string | Uint8Array, enc: 'hex') => string }).hash;

/**
 * A short, stable digest of content (strings are hashed as UTF-8, each part followed by a NUL), used
 * as a cache key so that only changed inputs are rebuilt. A no-change build of 10,000 documents
 * computes tens of thousands of these: the one-shot `crypto.hash` (Node ≥ 20.12) over the joined
 * parts gives the same digest as incremental updates at half the cost.
 */
export function contentHash(...parts: (string | Uint8Array)[]): string {
  if (oneShot) {
    if (parts.every((p) => typeof p === 'string')) return oneShot('sha1', parts.length === 0 ? '' : `${parts.join('\u0000')}\u0000`, 'hex').slice(0, 20);
    const bufs: Uint8Array[] = [];
    const nul = Buffer.from([0]);
    for (const p of parts) bufs.push(typeof p === 'string' ? Buffer.from(p, 'utf8') : p, nul);
    return oneShot('sha1', Buffer.concat(bufs), 'hex').slice(0, 20);
  }
  const h = crypto.createHash('sha1');
  for (const p of parts) {
    h.update(p);
    h.update('\u0000');
  }
  return h.digest('hex').slice(0, 20);
}

/**
 * Content hashes for the incremental build cache. Pure (node:crypto only).
 */
import { createHash } from 'node:crypto';

/** A short, stable digest of content (strings are hashed as UTF-8), used as a cache key so that only changed inputs are rebuilt. */
export function contentHash(...parts: (string | Uint8Array)[]): string {
  const h = createHash('sha1');
  for (const p of parts) {
    h.update(p);
    h.update('\u0000');
  }
  return h.digest('hex').slice(0, 20);
}

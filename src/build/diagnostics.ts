/**
 * Diagnostics the build itself makes. Kept in a module of its own, light to import, so that a
 * build with nothing to do does not load the stages.
 */
import type { Diagnostic } from '../model/index.js';

/** Report an unexpected exception of a stage as a diagnostic naming the file, never as a stack trace at the user. */
export function internalDiagnostic(file: string, stage: string, err: unknown): Diagnostic {
  const message = err instanceof Error ? err.message : String(err);
  return { file, line: 1, column: 1, severity: 'error', message: `${stage} failed: ${message}`, rule: 'internal-error' };
}

/**
 * Printing a run's diagnostics and summary: errors one line each (`file:line:col: error: … [rule]`),
 * warnings counted (listed with --verbose), then a summary line with time per stage.
 */
import type { BuildReport } from '../build/edition.js';
import { formatDiagnostic } from '../model/index.js';
import type { Diagnostic } from '../model/index.js';
import type { CliContext } from './context.js';

/** Print diagnostics: every error; warnings and infos only when verbose. Returns counts by severity. */
export function printDiagnostics(ctx: CliContext, diags: Diagnostic[], verbose: boolean): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  const seen = new Set<string>();
  for (const d of diags) {
    const line = formatDiagnostic(d);
    if (seen.has(line)) continue;
    seen.add(line);
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    if (d.severity === 'error' || verbose) ctx.stderr.write(`${line}\n`);
  }
  return { errors, warnings };
}

/** Seconds with one decimal, for summaries. */
export function secs(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** The stage breakdown printed by --profile (and by the bench). */
export function profileTable(stageTimes: Map<string, number>, total: number): string {
  const rows = [...stageTimes].map(([k, v]) => `  ${k.padEnd(22)} ${secs(v).padStart(9)}  ${((100 * v) / Math.max(total, 1)).toFixed(0).padStart(3)}%`);
  return `stage breakdown (wall time):\n${rows.join('\n')}\n  ${'total'.padEnd(22)} ${secs(total).padStart(9)}\n`;
}

/** One-paragraph summary of a build or convert run. */
export function summaryLine(r: BuildReport, ms: number): string {
  const parts = [`${r.documents} documents`, `${r.converted.length} converted`];
  if (r.validated.length) parts.push(`${r.validated.length} validated`);
  if (r.rendered.length) parts.push(`${r.rendered.length} rendered`);
  if (r.keptEdited.length) parts.push(`${r.keptEdited.length} hand-edited kept`);
  if (r.refused.length) parts.push(`${r.refused.length} hand-edited not overwritten`);
  if (r.removed.length) parts.push(`${r.removed.length} removed`);
  if (r.invalid.length) parts.push(`${r.invalid.length} invalid`);
  if (r.failed.length) parts.push(`${r.failed.length} failed: ${r.failed.slice(0, 10).join(', ')}${r.failed.length > 10 ? ', …' : ''}`);
  if (r.siteRebuilt) parts.push('site rebuilt');
  return `${parts.join(', ')} in ${secs(ms)}\n`;
}

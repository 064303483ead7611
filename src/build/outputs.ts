/**
 * Optional outputs looked up at run time, so the build keeps compiling and running while the
 * stage that provides them is still landing: today the print PDF (render stage, playwright-core).
 */
import type { Diagnostic } from '../model/index.js';

type AnyFn = (...args: unknown[]) => unknown;

async function load(spec: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(spec)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function pick(mod: Record<string, unknown> | undefined, ...names: string[]): AnyFn | undefined {
  if (!mod) return undefined;
  for (const n of names) if (typeof mod[n] === 'function') return mod[n] as AnyFn;
  return undefined;
}

function diagnosticsOf(r: unknown): Diagnostic[] {
  if (Array.isArray(r)) return r as Diagnostic[];
  if (r && typeof r === 'object' && Array.isArray((r as { diagnostics?: unknown }).diagnostics)) return (r as { diagnostics: Diagnostic[] }).diagnostics;
  return [];
}

const PDF_SPECS = ['../render/pdf.js', '../render/index.js'];

/** The print PDF of a built site folder; undefined while the render stage does not provide one. */
export async function pdfApi(): Promise<((distDir: string) => Promise<Diagnostic[]>) | undefined> {
  for (const spec of PDF_SPECS) {
    const pdf = pick(await load(spec), 'renderPdf', 'buildPdf', 'editionPdf');
    if (pdf) return async (distDir) => diagnosticsOf(await pdf(distDir));
  }
  return undefined;
}

/**
 * The print edition (edition.pdf) of a built edition: documents in reading order from the TEI
 * masters, with the summaries kept in the build cache. Built for small editions or on request
 * (a 10,000-document PDF is a per-volume job). Pure apart from the injected host; the browser is
 * the render stage's (playwright-core driving Debian's Chromium).
 */
import type { Diagnostic } from '../model/index.js';
import { loadResources } from '../render/index.js';
import type { EditionInfo } from '../render/index.js';
import { renderPdf } from '../render/pdf.js';
import type { PdfDocument } from '../render/pdf.js';
import { SummaryStore } from './cache.js';
import type { BuildHost } from './host.js';
import { readAuthorityFiles } from './stages.js';

/** Typeset `names` (in reading order) to `distDir/edition.pdf`; problems come back as diagnostics. */
export async function buildPdf(
  host: BuildHost,
  opts: { names: string[]; teiDir: string; cacheDir: string; authorityDir: string; distDir: string; edition: EditionInfo },
): Promise<Diagnostic[]> {
  const summaries = await new SummaryStore(host, opts.cacheDir).all(opts.names);
  const docs: PdfDocument[] = [];
  for (const summary of summaries) {
    const teiXml = await host.readText(`${opts.teiDir}/${summary.name}.xml`);
    if (teiXml !== undefined) docs.push({ name: summary.name, teiXml, summary });
  }
  const files: { file: string; xml: string }[] = [];
  for (const f of ['persons.xml', 'places.xml', 'orgs.xml']) {
    const x = await host.readText(`${opts.authorityDir}/${f}`);
    if (x !== undefined) files.push({ file: f, xml: x });
  }
  const r = await renderPdf(await loadResources(), docs, readAuthorityFiles(files).value, opts.edition);
  if (r.value) await host.writeFile(`${opts.distDir}/edition.pdf`, r.value.pdf);
  return r.diagnostics;
}

/**
 * The print edition (issue 5): title page, contents, every document (running head = its title,
 * page numbers, certificates, footnoted apparatus as numbered notes after the document) and the
 * indexes, typeset with CSS paged media by headless Chromium (Debian's `chromium`, driven by
 * playwright-core; nothing downloads a browser).
 *
 * Chromium has no `target-counter()`, so page numbers in the contents and indexes are measured:
 * pass 1 prints with placeholders of fixed width ("000") and a link to every target; Chromium
 * writes one named destination per link target (catalog `/Dests`), which {@link pdfDestinations}
 * reads back as page numbers; pass 2 prints with the numbers. Nothing before the documents changes
 * size between passes, so the measured pages stay right; pass 2 is measured again and a third
 * pass runs if anything moved.
 */
import type { Authority, Diagnostic, DocSummary, Result } from '../model/index.js';
import { collectionXml, escapeXml, NO_LIMITS, type EditionInfo } from './collection.js';
import type { RenderResources } from './resources.js';
import { transform } from './saxon.js';

/** Flags for Chromium in containers and CI: no sandbox, no GPU, no network chatter. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Debian's Chromium, unless CHROMIUM_PATH says otherwise. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export interface PdfDocument {
  name: string;
  teiXml: string;
  summary: DocSummary;
}

export interface PdfOptions {
  /** Chromium executable; default {@link DEFAULT_CHROMIUM}. */
  executablePath?: string;
}

export interface PdfResult {
  pdf: Uint8Array;
  /** Page (1-based) of each measured destination: `NAME-doc`, `NAME-mN`, `idx-person`, … */
  pages: Record<string, number>;
  pageCount: number;
  passes: number;
}

/**
 * Make a PDF deterministic: Chromium stamps /CreationDate and /ModDate with the clock; they become
 * 1970-01-01, digit for digit, so that byte offsets (the xref table) stay valid.
 */
export function stablePdf(bytes: Uint8Array): Uint8Array {
  const s = Buffer.from(bytes).toString('latin1');
  const fixed = s.replace(/(\/(?:CreationDate|ModDate)\s*\(D:)(\d{4,14})/g, (_, head: string, digits: string) => head + '19700101000000'.slice(0, digits.length));
  return fixed === s ? bytes : Buffer.from(fixed, 'latin1');
}

/** A running head fits one line: long titles are cut at a word boundary with an ellipsis. */
export function runningHead(title: string, max = 80): string {
  const t = title.replace(/\s+/g, ' ').trim();
  if ([...t].length <= max) return t;
  const cut = [...t].slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')} …`;
}

/** Escape a string for a CSS string literal inside a `<style>` element. */
export function cssString(s: string): string {
  const clean = s.replace(/[\u0000-\u001F\u007F]/g, ' ').replace(/\s+/g, ' ').trim();
  return `"${clean.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/</g, '\\3c ').replace(/>/g, '\\3e ')}"`;
}

function objects(pdf: string): Map<number, string> {
  const out = new Map<number, string>();
  const re = /(\d+) 0 obj\b([\s\S]*?)endobj/g;
  for (const m of pdf.matchAll(re)) out.set(Number(m[1]), m[2]!.split(/\bstream\r?\n/)[0]!);
  return out;
}

/**
 * Named destinations of a PDF as page numbers (1-based), read from the catalog's `/Dests`
 * dictionary and the page tree, as Chromium (Skia) writes them (uncompressed objects).
 */
export function pdfDestinations(bytes: Uint8Array): { pages: Record<string, number>; pageCount: number } {
  const pdf = Buffer.from(bytes).toString('latin1');
  const objs = objects(pdf);
  let catalog: string | undefined;
  for (const body of objs.values()) if (/\/Type\s*\/Catalog\b/.test(body)) catalog = body;
  if (!catalog) return { pages: {}, pageCount: 0 };
  const pageIndex = new Map<number, number>();
  const walk = (id: number) => {
    const body = objs.get(id) ?? '';
    if (/\/Type\s*\/Pages\b/.test(body)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(body)?.[1] ?? '';
      for (const k of kids.matchAll(/(\d+)\s+0\s+R/g)) walk(Number(k[1]));
    } else {
      pageIndex.set(id, pageIndex.size + 1);
    }
  };
  const root = /\/Pages\s+(\d+)\s+0\s+R/.exec(catalog);
  if (root) walk(Number(root[1]));
  const pages: Record<string, number> = {};
  const destsRef = /\/Dests\s+(\d+)\s+0\s+R/.exec(catalog);
  const dests = destsRef ? objs.get(Number(destsRef[1])) ?? '' : /\/Dests\s*(<<[\s\S]*?>>)/.exec(catalog)?.[1] ?? '';
  for (const m of dests.matchAll(/\/((?:[^\s/\[\]<>()#]|#[0-9A-Fa-f]{2})+)\s*\[\s*(\d+)\s+0\s+R/g)) {
    const name = m[1]!.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    const page = pageIndex.get(Number(m[2]));
    if (page !== undefined) pages[name] = page;
  }
  return { pages, pageCount: pageIndex.size };
}

interface Parts {
  sections: string[];
  css: string;
}

/** The print HTML of the edition; `pages` fills the contents and indexes (empty: placeholders). */
function printHtml(res: RenderResources, parts: Parts, summaries: readonly DocSummary[], authority: Authority, edition: EditionInfo, pages: Record<string, number>): string {
  const params = { print: true, pages: JSON.stringify(pages), 'edition-title': edition.title };
  const front = transform(res.site, collectionXml('index', summaries, authority, edition, NO_LIMITS), params);
  const indexes = (['persons', 'places', 'orgs', 'dates'] as const).map((p) => transform(res.site, collectionXml(p, summaries, authority, edition, NO_LIMITS), params));
  const body = (html: string) => html.replace(/^<!DOCTYPE[^>]*>\s*/i, '');
  return `<!DOCTYPE html>
<html lang="${escapeXml(edition.language ?? 'en')}"><head><meta charset="utf-8"><title>${escapeXml(edition.title)}</title>
<style>${res.assets['assets/print.css'] ?? ''}</style>
<style>${parts.css}</style></head>
<body>
${body(front)}
${parts.sections.join('\n')}
${indexes.map(body).join('\n')}
</body></html>`;
}

/**
 * Typeset the print edition of the given documents (in reading order) to PDF, with contents and
 * index page numbers measured from Chromium's own output. Diagnostics, not exceptions, for a
 * missing browser or a document that cannot be rendered.
 */
export async function renderPdf(
  res: RenderResources,
  docs: readonly PdfDocument[],
  authority: Authority,
  edition: EditionInfo,
  opts: PdfOptions = {},
): Promise<Result<PdfResult | undefined>> {
  const diagnostics: Diagnostic[] = [];
  const names = new Map<string, string>();
  for (const e of authority.entries) names.set(`${e.type}:${e.id}`, e.name);
  const sections: string[] = [];
  let css = '';
  const summaries: DocSummary[] = [];
  docs.forEach((d, i) => {
    try {
      const namesJson: Record<string, string> = {};
      for (const m of d.summary.mentions) if (m.ref && m.type !== 'date' && names.has(`${m.type}:${m.ref}`)) namesJson[`${m.type}:${m.ref}`] = names.get(`${m.type}:${m.ref}`)!;
      const html = transform(res.document, d.teiXml, { name: d.name, target: 'print', 'id-prefix': `${d.name}-`, names: JSON.stringify(namesJson), 'edition-title': edition.title });
      sections.push(`<div class="doc-wrap" style="page: doc${i}">${html.replace(/^<!DOCTYPE[^>]*>\s*/i, '')}</div>`);
      css += `@page doc${i} { @top-center { content: ${cssString(runningHead(d.summary.title || d.name))}; font-family: "DejaVu Serif", Georgia, serif; font-size: 8.5pt; color: #555; } }\n`;
      summaries.push(d.summary);
    } catch (err) {
      diagnostics.push({ file: `${d.name}.xml`, line: 1, column: 1, severity: 'error', message: `cannot typeset for the PDF: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, rule: 'render-pdf' });
    }
  });

  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch (err) {
    diagnostics.push({ file: 'edition.pdf', line: 1, column: 1, severity: 'error', message: `playwright-core is not installed: ${String(err)}`, rule: 'render-pdf' });
    return { value: undefined, diagnostics };
  }
  const executablePath = opts.executablePath ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
  let browser: import('playwright-core').Browser;
  try {
    browser = await playwright.chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  } catch (err) {
    diagnostics.push({ file: 'edition.pdf', line: 1, column: 1, severity: 'error', message: `cannot start Chromium at ${executablePath} (apt-get install chromium): ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, rule: 'render-pdf-browser' });
    return { value: undefined, diagnostics };
  }
  try {
    const page = await browser.newPage();
    // No request may leave the machine: the print HTML is self-contained.
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    const print = async (pages: Record<string, number>) => {
      await page.setContent(printHtml(res, { sections, css }, summaries, authority, edition, pages), { waitUntil: 'load', timeout: 0 });
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, timeout: 0 } as Parameters<typeof page.pdf>[0]);
      return { pdf, ...pdfDestinations(pdf) };
    };
    let measured = await print({});
    let passes = 1;
    for (;;) {
      const next = await print(measured.pages);
      passes++;
      const moved = Object.keys(next.pages).filter((k) => measured.pages[k] !== undefined && next.pages[k] !== measured.pages[k]);
      if (moved.length === 0 || passes >= 4) {
        if (moved.length) diagnostics.push({ file: 'edition.pdf', line: 1, column: 1, severity: 'warning', message: `page numbers did not settle after ${passes} passes (${moved.slice(0, 3).join(', ')} …)`, rule: 'render-pdf-pages' });
        return { value: { pdf: stablePdf(next.pdf), pages: { ...measured.pages, ...next.pages }, pageCount: next.pageCount, passes }, diagnostics };
      }
      measured = { ...next, pages: { ...measured.pages, ...next.pages } };
    }
  } finally {
    await browser.close();
  }
}

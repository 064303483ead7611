/**
 * `node lib/scripts/profile-render.js [TEI_DIR] [--dist REF_DIST] [--batch N] [--rounds N] [--single]`:
 * the CPU cost of the document pages (HTML + text) in one process. Loads the renderer once, renders
 * every `TEI_DIR/*.xml` (default /tmp/ref-out/tei, authority from TEI_DIR/authority) in reading
 * order with previous/next links, as the build does, once to warm up and then `--rounds` times
 * (default 2), and prints the CPU ms per document (process.cpuUsage, so other processes' load does
 * not count). With `--dist`, every page and text is compared byte for byte with that folder (a
 * reference build) and the differences are listed. `--batch N` renders N documents per call
 * (default 32, as the build's render tasks); `--single` renders one document per call.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DocSummary } from '../src/model/index.js';
import { createRenderer, orderDocuments, type DocumentParams } from '../src/render/index.js';
import { readAuthorityFiles, summarise } from '../src/build/stages.js';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const valued = new Set(['--dist', '--batch', '--rounds']);
const teiDir = resolve(args.find((a, i) => !a.startsWith('--') && !valued.has(args[i - 1] ?? '')) ?? '/tmp/ref-out/tei');
const dist = opt('--dist');
const batchSize = args.includes('--single') ? 1 : Number(opt('--batch') ?? 32);
const rounds = Number(opt('--rounds') ?? 2);

const files: { file: string; xml: string }[] = [];
for (const f of ['persons.xml', 'places.xml', 'orgs.xml']) {
  const p = join(teiDir, 'authority', f);
  if (existsSync(p)) files.push({ file: f, xml: readFileSync(p, 'utf8') });
}
const names = readdirSync(teiDir).filter((f) => f.endsWith('.xml')).map((f) => f.slice(0, -4)).sort();
const xml = new Map(names.map((n) => [n, readFileSync(join(teiDir, `${n}.xml`), 'utf8')]));
const summaries: DocSummary[] = names.map((name) => {
  const s = summarise(xml.get(name)!, `${name}.xml`).value;
  const light: DocSummary = { name, title: s?.title ?? name, idnos: [], certificates: [], mentions: [], text: '' };
  if (s?.date) light.date = s.date;
  return light;
});
const ordered = orderDocuments(summaries);
const items = ordered.map((s, i) => {
  const params: DocumentParams = { name: s.name };
  const prev = ordered[i - 1];
  const next = ordered[i + 1];
  if (prev) params.prev = { name: prev.name, title: prev.title };
  if (next) params.next = { name: next.name, title: next.title };
  return { xml: xml.get(s.name)!, params };
});

const renderer = await createRenderer({ authority: readAuthorityFiles(files).value, editionTitle: 'Reference edition' });

function renderAll() {
  const out: { html: string; text: string; errors: number }[] = [];
  for (let i = 0; i < items.length; i += batchSize) {
    for (const r of renderer.renderDocuments(items.slice(i, i + batchSize))) out.push({ html: r.html, text: r.text, errors: r.diagnostics.length });
  }
  return out;
}

const first = renderAll();
let cpu = 0;
for (let r = 0; r < rounds; r++) {
  const t = process.cpuUsage();
  renderAll();
  const d = process.cpuUsage(t);
  cpu += (d.user + d.system) / 1000;
}
const perDoc = cpu / rounds / items.length;
process.stdout.write(`${items.length} documents, batch ${batchSize}: ${perDoc.toFixed(2)} ms CPU per document (HTML + text), ${rounds} rounds after warm-up\n`);

if (dist) {
  let differ = 0;
  ordered.forEach((s, i) => {
    const got = first[i]!;
    for (const [ext, content] of [['html', got.html], ['txt', got.text]] as const) {
      const ref = readFileSync(join(dist, `${s.name}.${ext}`), 'utf8');
      if (ref !== content) {
        differ++;
        if (differ <= 10) process.stdout.write(`differs: ${s.name}.${ext}\n`);
      }
    }
    if (got.errors) process.stdout.write(`diagnostics: ${s.name}\n`);
  });
  process.stdout.write(differ === 0 ? `identical to ${dist}: ${items.length * 2} files\n` : `${differ} files differ from ${dist}\n`);
  if (differ) process.exitCode = 1;
}

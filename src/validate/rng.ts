/**
 * RelaxNG validation of many documents per xmllint-wasm call. Pure: xmllint runs in a worker
 * thread on an in-memory file system; nothing is read from or written to disk, and no network is
 * reachable (`--nonet` besides).
 *
 * Why batched: xmllint compiles the schema once per call (tei_all takes ~10 s) and starts a worker
 * (~50 ms), while checking one more document costs well under a millisecond.
 */

/** One RelaxNG (or parser) error of one document. */
export interface RngError {
  line: number;
  /** Element named by xmllint (`element date: …`), when it names one. */
  element?: string;
  message: string;
  /** True for a parse error reported by xmllint rather than a schema error. */
  parser: boolean;
}

export interface ValidateManyOptions {
  /** Upper bound of document bytes per xmllint call (memory); more documents make more calls. */
  maxBatchBytes?: number;
  /**
   * Upper bound of documents per xmllint call: xmllint-wasm passes every file name on the wasm
   * stack, which overflows ("memory access out of bounds") somewhere between 2,000 and 3,000 names
   * (default 2,000: checked on the 10,617-document corpus).
   */
  maxBatchDocs?: number;
  /** xmllint calls (worker threads) running at once when there are several batches. */
  concurrency?: number;
}

type ValidateXml = (opts: Record<string, unknown>) => Promise<{ rawOutput: string }>;
let xmllint: Promise<ValidateXml> | undefined;

/** Load xmllint-wasm lazily, so that commands that never validate do not pay for it. */
function loadXmllint(): Promise<ValidateXml> {
  xmllint ??= import('xmllint-wasm').then((m) => {
    const mod = m as unknown as { validateXML?: ValidateXml; default?: { validateXML: ValidateXml } };
    return (mod.validateXML ?? mod.default!.validateXML);
  });
  return xmllint;
}

const LINE = /^d(\d+)\.xml:(\d+): (?:element (\S+): )?(.*)$/;

/**
 * Parse xmllint's stderr into errors per document index. Lines look like
 * `d3.xml:12: element date: Relax-NG validity error : Element date failed to validate attributes`.
 */
export function parseXmllintOutput(out: string, count: number): { perDoc: RngError[][]; other: string[] } {
  const perDoc: RngError[][] = Array.from({ length: count }, () => []);
  const other: string[] = [];
  for (const line of out.split('\n')) {
    if (!line.trim()) continue;
    const m = LINE.exec(line);
    if (m) {
      const idx = Number(m[1]);
      const rest = m[4]!;
      const parser = /parser error|namespace error/.test(rest);
      const message = rest.replace(/^(Relax-NG validity error|parser error|namespace error|validity error)\s*:\s*/, '').trim();
      const err: RngError = { line: Number(m[2]), message, parser };
      if (m[3]) err.element = m[3];
      perDoc[idx]?.push(err);
      continue;
    }
    if (/^d\d+\.xml (validates|fails to validate)$/.test(line.trim())) continue;
    // Parser context lines (source excerpt and caret) follow a parser error; schema problems are other.
    if (/^(s\.rng|Relax-NG|xmllint)/.test(line) || /failed to compile|parser error/.test(line)) other.push(line);
  }
  return { perDoc, other };
}

/**
 * Validate many documents against one RelaxNG grammar in as few xmllint calls as memory allows,
 * returning each document's errors (same order as `xmls`). Rejects when the grammar itself does
 * not compile: that is a defect of the schema, not of a document.
 */
export async function validateMany(xmls: readonly string[], rngText: string, opts: ValidateManyOptions = {}): Promise<RngError[][]> {
  const validateXML = await loadXmllint();
  const maxBytes = opts.maxBatchBytes ?? 96 * 1024 * 1024;
  const maxDocs = opts.maxBatchDocs ?? 2000;
  const result: RngError[][] = xmls.map(() => []);
  // Cut the documents into batches, each within the byte and count bounds.
  const batches: [number, number][] = [];
  for (let start = 0; start < xmls.length; ) {
    let end = start;
    let bytes = 0;
    while (end < xmls.length && end - start < maxDocs && (end === start || bytes + xmls[end]!.length * 2 < maxBytes)) {
      bytes += xmls[end]!.length * 2;
      end++;
    }
    batches.push([start, end]);
    start = end;
  }
  const run = async ([start, end]: [number, number]): Promise<void> => {
    const batch = xmls.slice(start, end).map((contents, k) => ({ fileName: `d${k}.xml`, contents }));
    const bytes = batch.reduce((n, b) => n + b.contents.length * 2, 0);
    const pages = Math.min(65536, Math.max(4096, Math.ceil((bytes * 3 + rngText.length * 40) / 65536) + 2048));
    let out: string;
    try {
      const r = await validateXML({
        xml: batch,
        schema: [{ fileName: 's.rng', contents: rngText }],
        extension: 'relaxng',
        initialMemoryPages: 256,
        maxMemoryPages: pages,
        modifyArguments: (args: string[]) => ['--nonet', ...args],
      });
      out = r.rawOutput;
    } catch (err) {
      // xmllint exits 1 on a parse error of a document: its messages are still the output.
      out = err instanceof Error ? err.message : String(err);
      if (!/^d\d+\.xml:\d+:/m.test(out)) throw new Error(`xmllint failed: ${out.slice(0, 2000)}`);
    }
    const { perDoc, other } = parseXmllintOutput(out, batch.length);
    if (other.some((l) => /s\.rng|failed to compile/.test(l))) throw new Error(`the RelaxNG schema does not compile:\n${other.join('\n')}`);
    for (let k = 0; k < batch.length; k++) result[start + k] = perDoc[k]!;
  };
  let next = 0;
  const lanes = Math.max(1, Math.min(opts.concurrency ?? 2, batches.length));
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < batches.length) await run(batches[next++]!);
    }),
  );
  return result;
}

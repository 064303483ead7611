import { Worker } from 'node:worker_threads';
import type { XmllintJob, XmllintReply } from './xmllint-worker.js';

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

/** A persistent xmllint worker (see xmllint-worker.ts) and the calls it has not answered yet. */
interface Lane {
  worker: Worker;
  pending: Map<number, { resolve: (r: XmllintReply) => void; reject: (e: Error) => void }>;
}

const lanes: Lane[] = [];
let nextJob = 0;
let nextLane = 0;

/**
 * Run xmllint once in one of at most `width` long-lived workers of this thread (created on first
 * use, so that commands that never validate do not pay for them). Idle workers are unref'ed: they
 * never keep the process alive.
 */
function runXmllint(job: Omit<XmllintJob, 'job'>, width: number): Promise<XmllintReply> {
  let lane = lanes[nextLane++ % Math.max(1, width)];
  if (!lane) {
    const worker = new Worker(new URL('./xmllint-worker.js', import.meta.url));
    const created: Lane = { worker, pending: new Map() };
    const fail = (err: Error): void => {
      const i = lanes.indexOf(created);
      if (i >= 0) lanes.splice(i, 1);
      for (const p of created.pending.values()) p.reject(err);
      created.pending.clear();
    };
    worker.on('message', (r: XmllintReply) => {
      const p = created.pending.get(r.job);
      if (!p) return;
      created.pending.delete(r.job);
      if (created.pending.size === 0) worker.unref();
      p.resolve(r);
    });
    worker.on('error', (err) => fail(err instanceof Error ? err : new Error(String(err))));
    worker.on('exit', (code) => fail(new Error(`the xmllint worker exited (code ${code})`)));
    worker.unref();
    lanes.push(created);
    lane = created;
  }
  const id = nextJob++;
  const l = lane;
  return new Promise<XmllintReply>((resolve, reject) => {
    l.pending.set(id, { resolve, reject });
    l.worker.ref();
    l.worker.postMessage({ ...job, job: id } satisfies XmllintJob);
  });
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
  const width = Math.max(1, Math.min(opts.concurrency ?? 2, batches.length));
  const run = async ([start, end]: [number, number]): Promise<void> => {
    const batch = xmls.slice(start, end).map((contents, k) => ({ fileName: `d${k}.xml`, contents }));
    const bytes = batch.reduce((n, b) => n + b.contents.length * 2, 0);
    const pages = Math.min(65536, Math.max(4096, Math.ceil((bytes * 3 + rngText.length * 40) / 65536) + 2048));
    const r = await runXmllint(
      {
        inputFiles: [...batch, { fileName: 's.rng', contents: rngText }],
        args: ['--nonet', '--relaxng', 's.rng', '--noout', ...batch.map((b) => b.fileName)],
        initialMemory: 256,
        maxMemory: pages,
      },
      width,
    );
    const out = r.stderr;
    // Exit codes 0 (valid), 3 and 4 (invalid); 1 for a document xmllint could not parse: its
    // messages are still the output. Anything else without a document message is a failure.
    if (r.exitCode !== 0 && r.exitCode !== 3 && r.exitCode !== 4 && !/^d\d+\.xml:\d+:/m.test(out)) throw new Error(`xmllint failed: ${out.slice(0, 2000)}`);
    const { perDoc, other } = parseXmllintOutput(out, batch.length);
    if (other.some((l) => /s\.rng|failed to compile/.test(l))) throw new Error(`the RelaxNG schema does not compile:\n${other.join('\n')}`);
    for (let k = 0; k < batch.length; k++) result[start + k] = perDoc[k]!;
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < batches.length) await run(batches[next++]!);
    }),
  );
  return result;
}

/**
 * A long-lived worker thread that runs xmllint (xmllint-wasm's emscripten build) once per message.
 *
 * Why not xmllint-wasm's own `validateXML`: it starts a new worker and compiles the 780 KB wasm
 * binary on every call (≈ 150–250 ms of CPU, and the code never leaves the baseline tier), which
 * cost ≈ 3 ms per document in batches of 96. Here the binary is compiled once per worker and each
 * call only instantiates it (fresh memory and file system, so calls cannot see each other's files).
 * The only file read is the library's own wasm binary; documents and schema arrive as messages.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parentPort } from 'node:worker_threads';

/** One xmllint run: in-memory files, command-line arguments, memory bounds in 64 KiB pages. */
export interface XmllintJob {
  job: number;
  inputFiles: { fileName: string; contents: string }[];
  args: string[];
  initialMemory: number;
  maxMemory: number;
}

/** What a run printed on stderr, and its exit code (-1 when the wasm aborted). */
export interface XmllintReply {
  job: number;
  exitCode: number;
  stderr: string;
}

type Factory = (opts: Record<string, unknown>) => Promise<unknown>;
/** The few WebAssembly APIs used here (the project's TypeScript libs do not declare them). */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  Memory: new (d: { initial: number; maximum: number }) => object;
}
const WA = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

const require = createRequire(import.meta.url);
const libDir = dirname(require.resolve('xmllint-wasm'));
// xmllint-node.js also installs its own message handler, which ignores messages not tagged as its own.
const factory = require(join(libDir, 'xmllint-node.js')) as Factory;
const wasm = new WA.Module(readFileSync(join(libDir, 'xmllint.wasm')));

const utf8 = new TextEncoder();
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** String.prototype.isWellFormed (no lone surrogate), where the runtime has it. */
function isWellFormed(s: string): boolean {
  const native = (s as unknown as { isWellFormed?: () => boolean }).isWellFormed;
  return native ? native.call(s) : !LONE_SURROGATE.test(s);
}

parentPort?.on('message', (data: XmllintJob) => {
  if (!data || typeof data.job !== 'number') return;
  let stderr = '';
  let replied = false;
  const reply = (exitCode: number, text: string): void => {
    if (replied) return;
    replied = true;
    parentPort!.postMessage({ job: data.job, exitCode, stderr: text } satisfies XmllintReply);
  };
  try {
    const run = factory({
      // The runtime's own string-to-UTF-8 copy is a JavaScript loop per character; TextEncoder is
      // native. A text with a lone surrogate is left to the runtime, which encodes it as xmllint
      // has always seen it (TextEncoder would turn it into U+FFFD, hiding the error).
      inputFiles: data.inputFiles.map((f) => (isWellFormed(f.contents) ? { fileName: f.fileName, contents: utf8.encode(f.contents) } : f)),
      arguments: data.args,
      print: () => undefined,
      printErr: (t: string) => {
        stderr += t + '\n';
      },
      onExit: (code: number) => reply(code, stderr),
      onAbort: (reason: unknown) => reply(-1, `WASM Abort: ${String(reason)}`),
      wasmMemory: new WA.Memory({ initial: data.initialMemory, maximum: data.maxMemory }),
      instantiateWasm: (imports: object, done: (i: { exports: object }, m: object) => void) => {
        const instance = new WA.Instance(wasm, imports);
        done(instance, wasm);
        return instance.exports;
      },
    });
    run.then(
      () => reply(0, stderr),
      (err: unknown) => reply(-1, `${stderr}WASM Abort: ${err instanceof Error ? err.message : String(err)}`),
    );
  } catch (err) {
    reply(-1, `${stderr}WASM Abort: ${err instanceof Error ? err.message : String(err)}`);
  }
});

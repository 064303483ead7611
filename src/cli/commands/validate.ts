/**
 * `tei-edition validate <file|dir>... [--format text|json] [--tei-all [FILE]] [--sources DIR]
 * [--authority DIR] [--watch]`: well-formedness, the project RelaxNG schema (and tei_all on
 * request) and the editorial rules, for generated and hand-edited TEI alike.
 *
 * Start-up is kept light: only the validate stage is loaded (xmllint-wasm when the first batch is
 * checked; the source decoder only with --sources; chokidar only with --watch).
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import { formatDiagnostic, type Diagnostic } from '../../model/index.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';

type Format = 'text' | 'json';

interface ValidateFlags {
  format: Format;
  teiAll?: string | boolean;
  sources?: string;
  authority?: string;
  watch?: boolean;
  quiet?: boolean;
  rules?: boolean;
}

/** One TEI file to check. */
interface Target {
  abs: string;
  display: string;
}

class UsageError extends Error {}

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

function parseFormat(v: string): Format {
  if (v !== 'text' && v !== 'json') throw new InvalidArgumentError('use text or json');
  return v;
}

/** Register `validate` on the program (the CLI's CommandModule contract). */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description('check TEI files: well-formedness, the project schema (schemas/tei-edition.rng), editorial rules; tei_all on request')
    .argument('<inputs...>', 'TEI files or folders (folders searched recursively for *.xml; schemas/ skipped)')
    .addOption(new Option('--format <format>', 'output: text (file:line:col: severity: message [rule]) or json').argParser(parseFormat).default('text'))
    .option('--tei-all [file]', 'also validate against TEI P5 tei_all.rng (compiling it takes ~10 s); default ../shared/tei/tei_all.rng beside the package')
    .option('--sources <dir>', 'folder of source texts (NAME.txt for NAME.xml, searched recursively): checks the text is still lossless')
    .option('--authority <dir>', 'folder of authority files (persons.xml, places.xml, orgs.xml) that @ref points into; default: authority/ beside each TEI file')
    .option('--no-rules', 'skip the editorial rules (well-formedness and schema only)')
    .option('-w, --watch', 're-validate files when they change (Ctrl-C to stop)')
    .option('-q, --quiet', 'no summary line')
    .addHelpText('after', [
      '',
      'Rules (id, severity): xml-doctype-forbidden, xml-wellformed, schema, tei-all (error); xml-id-unique,',
      'ref-resolves, date-valid, date-order, entity-empty, lossless (error); ref-kind, date-attributes,',
      'entity-nesting, pb-ascending, certificate-signed, xml-model (warning). See docs/validate.md.',
      '',
      'Exit codes: 0 valid (warnings allowed); 1 some file invalid; 2 usage or I/O error; 70 internal error.',
    ].join('\n'))
    .action(async (inputs: string[], flags: ValidateFlags) => {
      ctx.exitCode = await runValidateCommand(inputs, flags, ctx);
    });
}

/** List the XML files named on the command line (folders recursively, sorted, schemas/ skipped). */
async function gather(inputs: string[], cwd: string): Promise<Target[]> {
  const out: Target[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const abs = resolve(cwd, input);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new UsageError(`${input}: no such file or folder`);
    }
    const add = (p: string): void => {
      if (seen.has(p)) return;
      seen.add(p);
      const rel = relative(cwd, p);
      out.push({ abs: p, display: rel.startsWith('..') ? p : rel.split(sep).join('/') });
    };
    if (st.isDirectory()) {
      const { default: fg } = await import('fast-glob');
      const found = await fg('**/*.xml', { cwd: abs, absolute: true, onlyFiles: true, ignore: ['**/schemas/**', '**/node_modules/**'], suppressErrors: true });
      found.sort();
      if (found.length === 0) throw new UsageError(`${input}: no .xml files in this folder`);
      for (const f of found) add(resolve(f));
    } else add(abs);
  }
  return out;
}

/** The tei_all grammar for --tei-all: the given file, else the shared copy beside the package. */
async function loadTeiAll(flag: string | boolean | undefined, cwd: string): Promise<string | undefined> {
  if (!flag) return undefined;
  const candidates = typeof flag === 'string'
    ? [resolve(cwd, flag)]
    : [join(packageRoot, '..', 'shared', 'tei', 'tei_all.rng'), join(packageRoot, 'schemas', 'tei_all.rng')];
  for (const c of candidates) {
    if (existsSync(c)) return readFile(c, 'utf8');
  }
  throw new UsageError(`tei_all.rng not found (looked at ${candidates.join(', ')}); give its path: --tei-all FILE`);
}

/** Index of source texts by name (NAME.txt → path), for the lossless rule. */
async function sourceIndex(dir: string | undefined, cwd: string): Promise<Map<string, string> | undefined> {
  if (!dir) return undefined;
  const abs = resolve(cwd, dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new UsageError(`--sources ${dir}: no such folder`);
  const { default: fg } = await import('fast-glob');
  const files = await fg('**/*.txt', { cwd: abs, absolute: true, onlyFiles: true, ignore: ['**/*.gold.txt'], suppressErrors: true });
  const map = new Map<string, string>();
  for (const f of files.sort()) {
    const name = basename(f, '.txt');
    if (!map.has(name)) map.set(name, f);
  }
  return map;
}

async function readSource(path: string): Promise<string | undefined> {
  const { decode } = await import('../../ingest/decode.js');
  const bytes = new Uint8Array(await readFile(path));
  const r = decode(bytes, path);
  return r.value?.text;
}

interface Run {
  diagnostics: Diagnostic[];
  files: number;
  ioError: boolean;
}

/** Validate the targets once: group them by authority folder, one validator (one xmllint call) per group. */
async function validateOnce(targets: Target[], flags: ValidateFlags, ctx: CliContext, teiAll: string | undefined, sources: Map<string, string> | undefined): Promise<Run> {
  const v = await import('../../validate/index.js');
  const diagnostics: Diagnostic[] = [];
  let ioError = false;
  const groups = new Map<string, Target[]>();
  for (const t of targets) {
    const dir = flags.authority ? resolve(ctx.cwd, flags.authority) : join(dirname(t.abs), 'authority');
    const key = existsSync(dir) ? dir : '';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(t);
  }
  if (flags.authority && !existsSync(resolve(ctx.cwd, flags.authority))) throw new UsageError(`--authority ${flags.authority}: no such folder`);
  for (const [authDir, group] of groups) {
    let authority;
    if (authDir) {
      const { default: fg } = await import('fast-glob');
      const files = (await fg('*.xml', { cwd: authDir, absolute: true, onlyFiles: true })).sort();
      authority = v.authorityIndex(await Promise.all(files.map(async (f) => ({ file: f, xml: await readFile(f, 'utf8') }))));
    }
    const docs: { file: string; xml: string; source?: string; sourceName?: string }[] = [];
    for (const t of group) {
      let xml: string;
      try {
        xml = await readFile(t.abs, 'utf8');
      } catch (err) {
        ctx.stderr.write(`tei-edition validate: ${t.display}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})\n`);
        ioError = true;
        continue;
      }
      const doc: { file: string; xml: string; source?: string; sourceName?: string } = { file: t.display, xml };
      const srcPath = sources?.get(basename(t.abs, '.xml'));
      if (srcPath) {
        const text = await readSource(srcPath);
        if (text !== undefined) {
          doc.source = text;
          const rel = relative(ctx.cwd, srcPath);
          doc.sourceName = rel.startsWith('..') ? srcPath : rel.split(sep).join('/');
        }
      }
      docs.push(doc);
    }
    const validator = v.createValidator({
      ...(authority ? { authority } : {}),
      ...(teiAll ? { teiAll } : {}),
      rules: flags.rules !== false,
    });
    diagnostics.push(...(await validator.validate(docs)));
  }
  return { diagnostics, files: targets.length, ioError };
}

function summary(run: Run): string {
  const e = run.diagnostics.filter((d) => d.severity === 'error').length;
  const w = run.diagnostics.filter((d) => d.severity === 'warning').length;
  return `${run.files} file${run.files === 1 ? '' : 's'}, ${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}`;
}

function print(run: Run, flags: ValidateFlags, ctx: CliContext): void {
  if (flags.format === 'json') {
    const arr = run.diagnostics.map((d) => ({ file: d.file, line: d.line, column: d.column, severity: d.severity, rule: d.rule, message: d.message }));
    ctx.stdout.write(`${JSON.stringify(arr, null, 2)}\n`);
    if (!flags.quiet) ctx.stderr.write(`${summary(run)}\n`);
  } else {
    for (const d of run.diagnostics) ctx.stdout.write(`${formatDiagnostic(d)}\n`);
    if (!flags.quiet) ctx.stdout.write(`${summary(run)}\n`);
  }
}

function exitOf(run: Run): number {
  if (run.ioError) return ExitCode.USAGE_OR_IO;
  return run.diagnostics.some((d) => d.severity === 'error') ? ExitCode.FAILED : ExitCode.OK;
}

/**
 * Run `validate` and resolve to its exit code: 0 valid, 1 invalid, 2 usage or I/O error. Exported
 * for in-process tests and for other commands that validate (the build validates what it writes).
 */
export async function runValidateCommand(inputs: string[], flags: ValidateFlags, ctx: CliContext): Promise<number> {
  let targets: Target[];
  let teiAll: string | undefined;
  let sources: Map<string, string> | undefined;
  try {
    targets = await gather(inputs, ctx.cwd);
    teiAll = await loadTeiAll(flags.teiAll, ctx.cwd);
    sources = await sourceIndex(flags.sources, ctx.cwd);
    const run = await validateOnce(targets, flags, ctx, teiAll, sources);
    print(run, flags, ctx);
    if (!flags.watch) return exitOf(run);
  } catch (err) {
    if (err instanceof UsageError) {
      ctx.stderr.write(`tei-edition validate: ${err.message}\n`);
      return ExitCode.USAGE_OR_IO;
    }
    throw err;
  }
  return watch(inputs, targets, flags, ctx, teiAll, sources);
}

/** `--watch`: re-validate a file when it changes (all files when an authority file changes). */
async function watch(inputs: string[], targets: Target[], flags: ValidateFlags, ctx: CliContext, teiAll: string | undefined, sources: Map<string, string> | undefined): Promise<number> {
  const { watch: chokidarWatch } = await import('chokidar');
  const paths = inputs.map((i) => resolve(ctx.cwd, i));
  if (flags.authority) paths.push(resolve(ctx.cwd, flags.authority));
  const watcher = chokidarWatch(paths, { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 80, pollInterval: 20 } });
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const flush = (): void => {
    const changed = [...pending];
    pending.clear();
    running = running.then(async () => {
      const authorityChanged = changed.some((p) => p.split(sep).includes('authority'));
      const known = new Map(targets.map((t) => [t.abs, t]));
      try {
        targets = await gather(inputs, ctx.cwd);
      } catch {
        /* a folder emptied for a moment: keep the old list */
      }
      const set = authorityChanged ? targets : changed.filter((p) => p.endsWith('.xml') && existsSync(p)).map((p) => known.get(p) ?? targets.find((t) => t.abs === p)).filter((t): t is Target => !!t);
      if (set.length === 0) return;
      ctx.stderr.write(`\n[validate --watch] ${set.length === 1 ? set[0]!.display : `${set.length} files`} changed\n`);
      const run = await validateOnce(set, flags, ctx, teiAll, sources);
      print(run, flags, ctx);
    });
  };
  watcher.on('all', (_event, path) => {
    if (!path.endsWith('.xml')) return;
    pending.add(resolve(path));
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, 100);
  });
  ctx.stderr.write('[validate --watch] watching for changes (Ctrl-C to stop)\n');
  await new Promise<void>((done) => {
    const stop = (): void => {
      void watcher.close().then(done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return ExitCode.OK;
}

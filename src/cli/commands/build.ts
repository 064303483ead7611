/**
 * `tei-edition build`: sources → tei → dist for a whole edition, incremental (content-hash cache),
 * in parallel (worker threads), with edited TEI as the master.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { checkConfig, CONFIG_DEFAULTS, mergeFlags } from '../../build/config.js';
import type { EditionConfig } from '../../build/config.js';
import { AUTHORITY_FILES, buildEdition } from '../../build/edition.js';
import type { BuildReport } from '../../build/edition.js';
import { contentHash } from '../../build/hash.js';
import { ExitCode } from '../exit-codes.js';
import type { CliContext } from '../context.js';
import { gatherSources, InputError } from '../inputs.js';
import { bigModules, installCodeCache, saveCodeCache } from '../code-cache.js';
import { acquireLock, lastRunUnfinished } from '../lock.js';
import { nodeHost, removeStaleTemporaries } from '../node-host.js';
import { codeVersion, toolVersion, schemaFile, toolFingerprint } from '../paths.js';
import { adaptiveRunner, defaultJobs } from '../pool.js';
import { makeReporter } from '../progress.js';
import { printDiagnostics, profileTable, secs, summaryLine } from '../report.js';
import { installSchema, parseJobs, SCHEMA_HREF } from './shared.js';

/** File in the cache folder holding the hash of the configuration (and schema) last found valid. */
const CONFIG_CHECKED = 'config-checked';

export interface BuildFlags {
  config?: string;
  sources?: string;
  tei?: string;
  dist?: string;
  profile?: boolean;
  jobs?: number;
  pdf?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** Register `build`. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('build')
    .description('build a whole edition: sources → tei (edited TEI kept as master) → dist (HTML, text, XML, indexes, search, PDF)')
    .option('-c, --config <file>', 'edition configuration (JSON, schemas/config.schema.json)', 'tei-edition.json')
    .option('--sources <dir>', 'folder of plain-text sources (overrides the config)')
    .option('--tei <dir>', 'folder of TEI master files (overrides the config)')
    .option('--dist <dir>', 'folder of the built site (overrides the config)')
    .option('--profile', 'print a breakdown of time per stage')
    .option('-j, --jobs <n>', 'worker threads (default: config "jobs", else one per core)', parseJobs)
    .option('--pdf', 'build the print PDF (edition.pdf) whatever the edition size')
    .option('--no-pdf', 'do not build the print PDF')
    .option('-q, --quiet', 'no progress output')
    .option('-v, --verbose', 'print warnings as well as errors')
    .addHelpText(
      'after',
      '\nWithout --config, tei-edition.json in the current folder is used when present.\nExit codes: 0 built and valid; 1 some document failed or is invalid; 2 usage or I/O error; 3 invalid configuration; 4 another build holds the lock; 70 internal error.',
    )
    .action(async (flags: BuildFlags, cmd: Command) => {
      const explicitConfig = cmd.getOptionValueSource('config') === 'cli';
      ctx.exitCode = (await runBuild(flags, explicitConfig, ctx)).code;
    });
}

/** Read and check the configuration; exit code 3 (or 2 when the file named is missing) with a message naming the problem. */
export async function loadConfig(path: string, explicit: boolean, ctx: CliContext): Promise<{ config?: EditionConfig; base: string; code?: number; raw?: string }> {
  const abs = resolve(ctx.cwd, path);
  const text = await readFile(abs, 'utf8').catch(() => undefined);
  if (text === undefined) {
    if (explicit) {
      ctx.stderr.write(`tei-edition build: cannot read configuration ${path}\n`);
      return { base: ctx.cwd, code: ExitCode.USAGE_OR_IO };
    }
    return { config: { title: 'Edition', ...CONFIG_DEFAULTS }, base: ctx.cwd, raw: '' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    ctx.stderr.write(`${path}: invalid configuration: not JSON: ${(err as Error).message}\n`);
    return { base: dirname(abs), code: ExitCode.CONFIG };
  }
  const schemaText = await readFile(resolve(dirname(schemaFile), 'config.schema.json'), 'utf8');
  // A configuration found valid before (same text, same schema) is not checked again: loading and
  // compiling the JSON Schema validator costs a fifth of a second, most of a no-change build.
  const checkedKey = contentHash(schemaText, text);
  const cacheGuess = json && typeof json === 'object' && typeof (json as { cache?: unknown }).cache === 'string' ? (json as { cache: string }).cache : CONFIG_DEFAULTS.cache;
  const checkedFile = join(resolve(dirname(abs), cacheGuess), CONFIG_CHECKED);
  if (json && typeof json === 'object' && !Array.isArray(json) && (await readFile(checkedFile, 'utf8').catch(() => undefined)) === checkedKey) {
    return { config: { ...CONFIG_DEFAULTS, ...(json as object) } as EditionConfig, base: dirname(abs), raw: text };
  }
  const r = checkConfig(json, JSON.parse(schemaText) as object);
  if (!r.config) {
    ctx.stderr.write(`${path}: invalid configuration (schemas/config.schema.json):\n${r.errors.map((e) => `  ${e}`).join('\n')}\n`);
    return { base: dirname(abs), code: ExitCode.CONFIG };
  }
  await nodeHost.writeFile(checkedFile, checkedKey).catch(() => undefined);
  return { config: r.config, base: dirname(abs), raw: text };
}

/** Run `build` and return its exit code together with the build's report of what it did (for tests and scripts). */
export async function runBuild(flags: BuildFlags, explicitConfig: boolean, ctx: CliContext): Promise<{ code: number; report?: BuildReport }> {
  const r = await build(flags, explicitConfig, ctx);
  return typeof r === 'number' ? { code: r } : r;
}

async function build(flags: BuildFlags, explicitConfig: boolean, ctx: CliContext): Promise<number | { code: number; report: BuildReport }> {
  const t0 = performance.now();
  const loaded = await loadConfig(flags.config ?? 'tei-edition.json', explicitConfig, ctx);
  if (!loaded.config) return loaded.code ?? ExitCode.CONFIG;
  // Paths from the file are relative to it; paths from flags to the working directory.
  const fromFile = (p: string) => resolve(loaded.base, p);
  const cfg = mergeFlags(loaded.config, {
    ...(flags.jobs ? { jobs: flags.jobs } : {}),
    ...(flags.pdf !== undefined ? { pdf: flags.pdf } : {}),
  });
  const sourcesDir = flags.sources ? resolve(ctx.cwd, flags.sources) : fromFile(cfg.sources);
  const teiDir = flags.tei ? resolve(ctx.cwd, flags.tei) : fromFile(cfg.tei);
  const distDir = flags.dist ? resolve(ctx.cwd, flags.dist) : fromFile(cfg.dist);
  const cacheDir = fromFile(cfg.cache);

  let gathered;
  try {
    // A sources folder named on the command line must exist; the configured one may not (an
    // edition of hand-made TEI only).
    if (flags.sources && !(await dirExists(sourcesDir))) throw new InputError(`${flags.sources}: no such folder`);
    gathered = !(await dirExists(sourcesDir)) ? { sources: [], diagnostics: [], duplicates: [] } : await gatherSources([sourcesDir], ctx.cwd);
  } catch (err) {
    if (err instanceof InputError) {
      ctx.stderr.write(`tei-edition build: ${err.message}\n`);
      return ExitCode.USAGE_OR_IO;
    }
    throw err;
  }
  const unfinished = lastRunUnfinished(teiDir);
  const release = await acquireLock(teiDir).catch((err: Error) => {
    ctx.stderr.write(`tei-edition build: cannot use ${teiDir}: ${err.message}\n`);
    return null;
  });
  if (release === null) return ExitCode.USAGE_OR_IO;
  if (!release) {
    ctx.stderr.write(`tei-edition build: another tei-edition build is running on ${teiDir}; wait for it to finish (lock: ${teiDir}/.tei-edition.lock)\n`);
    return ExitCode.LOCKED;
  }
  // A build killed midway leaves temporary files of its atomic writes: never publish them.
  if (unfinished) {
    await removeStaleTemporaries(teiDir);
    await removeStaleTemporaries(distDir);
  }
  const reporter = makeReporter(ctx, !!flags.quiet);
  const jobs = cfg.jobs ?? defaultJobs();
  // saxon-js compiled from a code cache kept with the build cache (here and in the workers).
  const codeCache = join(cacheDir, 'code');
  installCodeCache(codeCache, bigModules);
  // Workers start only when a stage has enough documents (not for one changed document).
  const runner = adaptiveRunner(jobs, undefined, { codeCache });
  let report: BuildReport;
  try {
    await installSchema(teiDir);
    const edition = { title: cfg.title, language: cfg.language, subtitle: cfg.subtitle, editors: cfg.editors, licence: cfg.licence, publisher: cfg.publisher };
    report = await buildEdition(
      {
        mode: 'build',
        sources: gathered.sources,
        teiDir,
        distDir,
        cacheDir,
        authorityOut: `${teiDir}/authority`,
        ...(cfg.encoding ? { encoding: cfg.encoding } : {}),
        validate: true,
        formats: cfg.formats,
        edition,
        toolVersion: codeVersion(),
        generator: `tei-edition ${toolVersion()}`,
        toolKey: toolFingerprint(contentHash(JSON.stringify(edition), JSON.stringify(cfg.formats))),
        schemaHref: SCHEMA_HREF,
        clock: () => performance.now(),
      },
      nodeHost,
      runner,
      reporter,
    );
    // dist/NAME.xml refers to authority/ and schemas/ beside it: copy them.
    await installSchema(distDir);
    for (const f of AUTHORITY_FILES) {
      const xml = await nodeHost.readText(`${teiDir}/authority/${f}`);
      if (xml !== undefined && (await nodeHost.readText(`${distDir}/authority/${f}`)) !== xml) await nodeHost.writeFile(`${distDir}/authority/${f}`, xml);
    }
    const wantPdf = cfg.pdf === true || (cfg.pdf === 'auto' && report.documents <= cfg.pdfMaxDocuments);
    if (wantPdf && (report.siteRebuilt || !(await nodeHost.stat(`${distDir}/edition.pdf`)))) {
      reporter.stageStart('pdf', 1);
      try {
        const { buildPdf } = await import('../../build/pdf.js');
        const diags = await buildPdf(nodeHost, { names: report.order, teiDir, cacheDir, authorityDir: `${teiDir}/authority`, distDir, edition });
        report.diagnostics.push(...diags);
        if (diags.some((d) => d.severity === 'error')) report.failed.push('(pdf)');
      } catch (err) {
        report.diagnostics.push({ file: `${distDir}/edition.pdf`, line: 1, column: 1, severity: 'error', message: `PDF failed: ${(err as Error).message}`, rule: 'pdf' });
        report.failed.push('(pdf)');
      }
      reporter.stageEnd('pdf');
    }
  } finally {
    await runner.close();
    // After the work, so that the cache holds the functions the build ran, compiled.
    saveCodeCache();
    await release();
  }
  report.diagnostics.unshift(...gathered.diagnostics);
  for (const d of gathered.duplicates) report.failed.push(d);
  printDiagnostics(ctx, report.diagnostics, !!flags.verbose);
  const total = performance.now() - t0;
  if (!flags.quiet) {
    ctx.stderr.write(summaryLine(report, total));
    const times = [...reporter.stageTimes].map(([k, v]) => `${k} ${secs(v)}`).join(', ');
    if (times) ctx.stderr.write(`time per stage: ${times}\n`);
  }
  if (flags.profile) ctx.stdout.write(profileTable(reporter.stageTimes, total));
  return { code: report.failed.length > 0 || report.invalid.length > 0 ? ExitCode.FAILED : ExitCode.OK, report };
}

async function dirExists(p: string): Promise<boolean> {
  const { stat } = await import('node:fs/promises');
  return stat(p).then((s) => s.isDirectory(), () => false);
}

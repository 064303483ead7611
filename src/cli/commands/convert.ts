/**
 * `tei-edition convert <file|dir>... --out DIR`: sources → DIR/NAME.xml, with the collection's
 * authority files written to DIR/authority and the project schema copied to DIR/schemas.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { buildEdition } from '../../build/edition.js';
import { ExitCode } from '../exit-codes.js';
import type { CliContext } from '../context.js';
import { gatherSources, InputError } from '../inputs.js';
import { acquireLock } from '../lock.js';
import { codeVersion, toolVersion, toolFingerprint } from '../paths.js';
import { chooseRunner, defaultJobs } from '../pool.js';
import { makeReporter } from '../progress.js';
import { printDiagnostics, summaryLine } from '../report.js';
import { nodeHost, removeStaleTemporaries } from '../node-host.js';
import { installSchema, parseJobs, SCHEMA_HREF } from './shared.js';

interface ConvertFlags {
  out: string;
  authority?: string;
  force?: boolean;
  encoding?: string;
  jobs?: number;
  quiet?: boolean;
  verbose?: boolean;
}

/** Register `convert`. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('convert')
    .description('convert plain-text sources to TEI P5 (one DIR/NAME.xml per NAME.txt; folders searched recursively, *.gold.txt skipped)')
    .argument('<inputs...>', 'source files or folders')
    .requiredOption('-o, --out <dir>', 'output folder for the TEI files')
    .option('-a, --authority <dir>', 'folder of the authority files to start from (default: OUT/authority when present)')
    .option('-f, --force', 'overwrite TEI files that were edited by hand since they were generated')
    .option('-e, --encoding <enc>', 'read sources in this encoding (iconv-lite name, e.g. windows-1252) instead of detecting it')
    .option('-j, --jobs <n>', 'worker threads (default: one per core)', parseJobs)
    .option('-q, --quiet', 'no progress output')
    .option('-v, --verbose', 'print warnings as well as errors')
    .addHelpText('after', '\nExit codes: 0 all converted; 1 some file failed or was not overwritten; 2 usage or I/O error; 4 another run holds the lock on OUT; 70 internal error.')
    .action(async (inputs: string[], flags: ConvertFlags) => {
      ctx.exitCode = await convert(inputs, flags, ctx);
    });
}

async function convert(inputs: string[], flags: ConvertFlags, ctx: CliContext): Promise<number> {
  const t0 = performance.now();
  let gathered;
  try {
    gathered = await gatherSources(inputs, ctx.cwd);
  } catch (err) {
    if (err instanceof InputError) {
      ctx.stderr.write(`tei-edition convert: ${err.message}\n`);
      return ExitCode.USAGE_OR_IO;
    }
    throw err;
  }
  const out = resolve(ctx.cwd, flags.out);
  const release = await acquireLock(out).catch((err: Error) => {
    ctx.stderr.write(`tei-edition convert: cannot use ${flags.out}: ${err.message}\n`);
    return null;
  });
  if (release === null) return ExitCode.USAGE_OR_IO;
  if (!release) {
    ctx.stderr.write(`tei-edition convert: another tei-edition run is writing to ${flags.out}; wait for it to finish (lock: ${flags.out}/.tei-edition.lock)\n`);
    return ExitCode.LOCKED;
  }
  await removeStaleTemporaries(out);
  const reporter = makeReporter(ctx, !!flags.quiet);
  const runner = chooseRunner(flags.jobs ?? defaultJobs(), gathered.sources.length);
  try {
    await installSchema(out);
    const report = await buildEdition(
      {
        mode: 'convert',
        sources: gathered.sources,
        teiDir: out,
        authorityIn: flags.authority ? resolve(ctx.cwd, flags.authority) : `${out}/authority`,
        authorityOut: `${out}/authority`,
        force: !!flags.force,
        ...(flags.encoding ? { encoding: flags.encoding } : {}),
        validate: false,
        formats: [],
        edition: { title: '', language: 'en' },
        toolVersion: codeVersion(),
        generator: `tei-edition ${toolVersion()}`,
        toolKey: toolFingerprint(''),
        schemaHref: SCHEMA_HREF,
        clock: () => performance.now(),
      },
      nodeHost,
      runner,
      reporter,
    );
    report.diagnostics.unshift(...gathered.diagnostics);
    for (const d of gathered.duplicates) report.failed.push(d);
    printDiagnostics(ctx, report.diagnostics, !!flags.verbose);
    if (!flags.quiet) ctx.stderr.write(summaryLine(report, performance.now() - t0));
    return report.failed.length > 0 ? ExitCode.FAILED : ExitCode.OK;
  } finally {
    await runner.close();
    await release();
  }
}

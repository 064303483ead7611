/**
 * `tei-edition render <file.xml|dir>... --out DIR [--format html,text]`: TEI → NAME.html, NAME.txt
 * with the render stage's XSLT (saxon-js), in batches across worker threads.
 */
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { contentHash } from '../../build/hash.js';
import { sourceName } from '../../build/sources.js';
import type { RenderContext, RenderDone, RenderItem } from '../../build/tasks.js';
import { ExitCode } from '../exit-codes.js';
import type { CliContext } from '../context.js';
import { gatherTei, InputError } from '../inputs.js';
import { chooseRunner, defaultJobs } from '../pool.js';
import { printDiagnostics, secs } from '../report.js';
import { parseJobs } from './shared.js';

type Format = 'html' | 'text';

/** Parse `--format html,text`. */
export function parseFormats(v: string): Format[] {
  const fs = v.split(',').map((x) => x.trim()).filter((x) => x !== '');
  const bad = fs.filter((f) => f !== 'html' && f !== 'text');
  if (bad.length > 0 || fs.length === 0) throw new InvalidArgumentError(`unknown format ${bad.join(', ') || '(none)'}; use html, text or html,text`);
  return [...new Set(fs)] as Format[];
}

interface RenderFlags {
  out: string;
  format: Format[];
  title: string;
  jobs?: number;
  quiet?: boolean;
  verbose?: boolean;
}

/** Register `render`. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('render')
    .description('render TEI files to HTML and/or plain text (OUT/NAME.html, OUT/NAME.txt)')
    .argument('<inputs...>', 'TEI files or folders (folders searched recursively; authority/ and schemas/ skipped)')
    .requiredOption('-o, --out <dir>', 'output folder')
    .option('--format <list>', 'comma-separated output formats: html, text', parseFormats, ['html', 'text'] as Format[])
    .option('-t, --title <text>', 'edition title shown in each page banner', 'Edition')
    .option('-j, --jobs <n>', 'worker threads (default: one per core)', parseJobs)
    .option('-q, --quiet', 'no summary line')
    .option('-v, --verbose', 'print warnings as well as errors')
    .addHelpText('after', '\nExit codes: 0 all rendered; 1 some file failed; 2 usage or I/O error; 70 internal error.')
    .action(async (inputs: string[], flags: RenderFlags) => {
      ctx.exitCode = await render(inputs, flags, ctx);
    });
}

async function render(inputs: string[], flags: RenderFlags, ctx: CliContext): Promise<number> {
  const t0 = performance.now();
  let files;
  try {
    files = await gatherTei(inputs, ctx.cwd);
  } catch (err) {
    if (err instanceof InputError) {
      ctx.stderr.write(`tei-edition render: ${err.message}\n`);
      return ExitCode.USAGE_OR_IO;
    }
    throw err;
  }
  const out = resolve(ctx.cwd, flags.out);
  // `@ref`s point at authority/ beside the TEI files (ARCHITECTURE.md): names on hover come from there.
  const authorityDir = files.length > 0 ? `${dirname(files[0]!.path)}/authority` : `${out}/authority`;
  const renderCtx: RenderContext = { distDir: out, formats: flags.format, authorityDir, authorityKey: contentHash(authorityDir), editionTitle: flags.title };
  const items: RenderItem[] = files.map((f) => ({ name: sourceName(f.path), teiPath: f.path, displayPath: f.displayPath }));
  const runner = chooseRunner(flags.jobs ?? defaultJobs(), items.length);
  const results: RenderDone[] = [];
  try {
    const batches: RenderItem[][] = [];
    for (let i = 0; i < items.length; i += 24) batches.push(items.slice(i, i + 24));
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(runner.concurrency * 2, batches.length) }, async () => {
        while (next < batches.length) {
          const b = batches[next++]!;
          results.push(...(await runner.run<RenderDone[]>({ kind: 'render', items: b, ctx: renderCtx })));
        }
      }),
    );
  } finally {
    await runner.close();
  }
  results.sort((a, b) => (a.name < b.name ? -1 : 1));
  printDiagnostics(ctx, results.flatMap((r) => r.diagnostics), !!flags.verbose);
  const failed = results.filter((r) => !r.ok).map((r) => r.name);
  if (!flags.quiet) ctx.stderr.write(`${results.length - failed.length} of ${results.length} rendered${failed.length ? ` (failed: ${failed.join(', ')})` : ''} in ${secs(performance.now() - t0)}\n`);
  return failed.length > 0 ? ExitCode.FAILED : ExitCode.OK;
}

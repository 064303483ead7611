/**
 * CLI entry: the only place that reads files, prints and sets exit codes. `main` never calls
 * process.exit: it resolves to the exit code (src/cli/exit-codes.ts), so tests run it in-process.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode } from './exit-codes.js';
import type { CliContext, CommandModule } from './context.js';
import { processContext } from './context.js';
import { toolVersion } from './paths.js';

/** Every command's module, in help order. Loaded on demand: see {@link makeProgram}. */
const COMMANDS: Record<string, string> = {
  convert: './commands/convert.js',
  render: './commands/render.js',
  build: './commands/build.js',
  validate: './commands/validate.js',
  review: './commands/review.js',
};

/**
 * Register the commands: only the one being run when argv names one, all of them otherwise (for
 * the overall `--help` and unknown commands). Loading a command pulls in its stages, so
 * `tei-edition validate one.xml` starts without the converter, the renderer or the build.
 */
async function registerCommands(program: Command, ctx: CliContext, argv: readonly string[]): Promise<void> {
  const named = argv.find((a) => !a.startsWith('-'));
  const specs = named !== undefined && COMMANDS[named] ? [COMMANDS[named]] : Object.values(COMMANDS);
  for (const spec of specs) {
    const mod = (await import(spec)) as Partial<CommandModule>;
    if (typeof mod.register === 'function') mod.register(program, ctx);
  }
}

/** The commander program with the commands `argv` needs registered (all when argv is empty), writing through `ctx`. */
export async function makeProgram(ctx: CliContext, argv: readonly string[] = []): Promise<Command> {
  const program = new Command('tei-edition')
    .description('Turn plain-text archival documents into a lossless TEI P5 edition; validate it; render it to HTML, text and PDF.')
    .version(toolVersion(), '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) })
    .addHelpText('after', '\nExit codes: 0 ok; 1 some document failed or is invalid; 2 usage or I/O error; 3 invalid configuration; 4 another build holds the lock; 70 internal error.');
  await registerCommands(program, ctx, argv);
  return program;
}

/** Run the CLI with the given arguments (without `node` and the script) and resolve to its exit code. */
export async function main(argv: string[], ctx: CliContext = processContext()): Promise<number> {
  ctx.exitCode = ExitCode.OK;
  try {
    const program = await makeProgram(ctx, argv);
    if (argv.length === 0) {
      ctx.stderr.write(program.helpInformation());
      return ExitCode.USAGE_OR_IO;
    }
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return ExitCode.OK;
      return ExitCode.USAGE_OR_IO;
    }
    ctx.stderr.write(`tei-edition: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    return ExitCode.INTERNAL;
  }
}

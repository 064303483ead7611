/**
 * CLI entry: the only place that reads files, prints and sets exit codes. `main` never calls
 * process.exit: it resolves to the exit code (src/cli/exit-codes.ts), so tests run it in-process.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode } from './exit-codes.js';
import type { CliContext, CommandModule } from './context.js';
import { processContext } from './context.js';
import { toolVersion } from './paths.js';
import * as buildCommand from './commands/build.js';
import * as convertCommand from './commands/convert.js';
import * as renderCommand from './commands/render.js';

/** Command modules owned by other stages, loaded by name so the CLI builds before they land. */
const OTHER_COMMANDS = ['./commands/validate.js', './commands/review.js'];

async function registerOthers(program: Command, ctx: CliContext): Promise<void> {
  for (const spec of OTHER_COMMANDS) {
    let mod: Partial<CommandModule> | undefined;
    try {
      mod = (await import(spec)) as Partial<CommandModule>;
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes(spec.slice(2))) continue;
      throw err;
    }
    if (typeof mod.register === 'function') mod.register(program, ctx);
  }
}

/** The commander program with every command registered, writing through `ctx`. */
export async function makeProgram(ctx: CliContext): Promise<Command> {
  const program = new Command('tei-edition')
    .description('Turn plain-text archival documents into a lossless TEI P5 edition; validate it; render it to HTML, text and PDF.')
    .version(toolVersion(), '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) })
    .addHelpText('after', '\nExit codes: 0 ok; 1 some document failed or is invalid; 2 usage or I/O error; 3 invalid configuration; 4 another build holds the lock; 70 internal error.');
  convertCommand.register(program, ctx);
  renderCommand.register(program, ctx);
  buildCommand.register(program, ctx);
  await registerOthers(program, ctx);
  return program;
}

/** Run the CLI with the given arguments (without `node` and the script) and resolve to its exit code. */
export async function main(argv: string[], ctx: CliContext = processContext()): Promise<number> {
  ctx.exitCode = ExitCode.OK;
  try {
    const program = await makeProgram(ctx);
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

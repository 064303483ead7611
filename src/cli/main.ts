/**
 * CLI entry: the only place that reads files, prints and sets exit codes. Owner: cli/build.
 * STUB until the CLI lands.
 */
import { ExitCode } from './exit-codes.js';

/** Run the CLI with the given arguments and resolve to its exit code. */
export async function main(argv: string[]): Promise<number> {
  process.stderr.write(`tei-edition: not implemented yet (${argv.join(' ')})\n`);
  return ExitCode.INTERNAL;
}

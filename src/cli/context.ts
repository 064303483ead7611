/**
 * What a command needs from its surroundings, passed in so that `main` runs in-process in tests
 * (captured output, chosen working directory) exactly as it runs from the terminal.
 */
import type { Command } from 'commander';

export interface Output {
  write(text: string): void;
}

export interface CliContext {
  stdout: Output;
  stderr: Output;
  /** Working directory against which relative paths are resolved. */
  cwd: string;
  /** Whether stderr is a terminal (progress bar) or not (plain lines: CI, pipes, tests). */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** Set by a command's action: the exit code `main` resolves to. */
  exitCode: number;
}

/**
 * Contract of a command module owned by another stage (`commands/validate.ts`, `commands/review.ts`):
 * export `register(program, ctx)`, which adds the command to `program` with its options and
 * `--help`, and whose action sets `ctx.exitCode` (never calls process.exit) and writes through
 * `ctx.stdout` / `ctx.stderr`.
 */
export interface CommandModule {
  register(program: Command, ctx: CliContext): void;
}

/** The context of a real terminal run. */
export function processContext(): CliContext {
  return {
    stdout: { write: (s) => void process.stdout.write(s) },
    stderr: { write: (s) => void process.stderr.write(s) },
    cwd: process.cwd(),
    isTTY: !!process.stderr.isTTY && !process.env.CI,
    env: process.env,
    exitCode: 0,
  };
}

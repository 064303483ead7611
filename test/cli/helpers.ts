/**
 * Run the CLI in-process (main never exits the process) with captured output, and make scratch
 * project folders from fixtures.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliContext } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const fixtures = join(repoRoot, 'test', 'fixtures');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `tei-edition ARGS` in `cwd` and capture what it prints. */
export async function runCli(args: string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = {
    stdout: { write: (s) => void (stdout += s) },
    stderr: { write: (s) => void (stderr += s) },
    cwd,
    isTTY: false,
    env: {},
    exitCode: 0,
  };
  const code = await main(args, ctx);
  return { code, stdout, stderr };
}

const scratch: string[] = [];

/** A fresh temporary folder, with the fixture folder's contents copied in when given. */
export function scratchDir(fixture?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tei-edition-test-'));
  scratch.push(dir);
  if (fixture) cpSync(join(fixtures, fixture), dir, { recursive: true });
  return dir;
}

/** Remove every scratch folder made so far. */
export function cleanScratch(): void {
  for (const d of scratch.splice(0)) rmSync(d, { recursive: true, force: true });
}

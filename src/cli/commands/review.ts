/**
 * `tei-edition review [--tei DIR] [--type person|place|org] [--all] [--format text|json]
 *  [--accept ID...] [--merge ID --into ID] [--reject ID...]`: list the authority entries the
 * converter added (unreviewed, `@cert="low"`) and possible duplicates, with where they are
 * mentioned (`file:line:col`), and record the editor's decisions. Decisions are kept in the
 * authority files (accept, merge) and in `tei/authority/decisions.json` (reject), which later runs
 * respect. Pure logic in src/entities/review.ts; this module only reads and writes files.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { positionOf, type Authority, type EntityType } from '../../model/index.js';
import { readAuthority, authorityToTei } from '../../tei/index.js';
import { applyDecision, parseDecisions, reviewList, serialiseDecisions, type Decision, type Decisions } from '../../entities/review.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';

export interface ReviewFlags {
  tei: string;
  type?: EntityType;
  all?: boolean;
  format: 'text' | 'json';
  accept?: string[];
  merge?: string;
  into?: string;
  reject?: string[];
}

const FILES: Record<EntityType, string> = { person: 'persons.xml', place: 'places.xml', org: 'orgs.xml' };

/** Register `review` on the program (CommandModule contract of src/cli/context.ts). */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('review')
    .description('list new and ambiguous authority entries with their contexts; accept, merge or reject them')
    .option('--tei <dir>', 'folder of the edition TEI (authority files in <dir>/authority)', 'tei')
    .addOption(new Option('--type <type>', 'only persons, places or organisations').choices(['person', 'place', 'org']))
    .option('--all', 'list every entry that needs a look, not only the first 50')
    .addOption(new Option('--format <format>', 'output: text or json').choices(['text', 'json']).default('text'))
    .option('--accept <ids...>', 'mark entries reviewed (drops @cert="low")')
    .option('--merge <id>', 'merge this entry (its names become variants of --into; the entry is removed)')
    .option('--into <id>', 'target of --merge')
    .option('--reject <ids...>', 'remove entries and never tag their names again (kept in authority/decisions.json)')
    .addHelpText('after', [
      '',
      'Examples:',
      '  tei-edition review                       list entries to review with file:line:col of their mentions',
      '  tei-edition review --accept litvinov     accept an entry',
      '  tei-edition review --merge lievinov --into litvinov',
      '  tei-edition review --reject following',
      '',
      'Exit codes: 0 ok; 2 usage or I/O error (unknown id, unreadable authority file).',
    ].join('\n'))
    .action(async (flags: ReviewFlags) => {
      ctx.exitCode = await runReview(flags, ctx);
    });
}

/** Run the review command with parsed flags; resolves to the exit code. */
export async function runReview(flags: ReviewFlags, ctx: CliContext): Promise<number> {
  const teiDir = resolve(ctx.cwd, flags.tei);
  const authDir = join(teiDir, 'authority');
  let authority: Authority = { entries: [] };
  const present: EntityType[] = [];
  for (const t of ['person', 'place', 'org'] as EntityType[]) {
    const path = join(authDir, FILES[t]);
    if (!existsSync(path)) continue;
    present.push(t);
    const r = readAuthority(await readFile(path, 'utf8'), relative(ctx.cwd, path));
    for (const d of r.diagnostics) if (d.severity === 'error') {
      ctx.stderr.write(`${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.rule}]\n`);
      return ExitCode.USAGE_OR_IO;
    }
    authority = { entries: [...authority.entries, ...r.value.entries.map((e) => ({ ...e, type: t }))] };
  }
  if (!present.length) {
    ctx.stderr.write(`tei-edition review: no authority files in ${relative(ctx.cwd, authDir) || '.'} (run build or convert first)\n`);
    return ExitCode.USAGE_OR_IO;
  }
  const decisionsPath = join(authDir, 'decisions.json');
  let decisions: Decisions = existsSync(decisionsPath) ? parseDecisions(await readFile(decisionsPath, 'utf8')) : { rejected: [], merged: [] };

  const todo: Decision[] = [];
  for (const id of flags.accept ?? []) todo.push({ action: 'accept', id });
  for (const id of flags.reject ?? []) todo.push({ action: 'reject', id });
  if (flags.merge || flags.into) {
    if (!flags.merge || !flags.into) {
      ctx.stderr.write('tei-edition review: --merge ID needs --into ID\n');
      return ExitCode.USAGE_OR_IO;
    }
    todo.push({ action: 'merge', id: flags.merge, into: flags.into });
  }
  if (todo.length) {
    for (const d of todo) {
      const r = applyDecision(authority, decisions, d);
      if (r.error) {
        ctx.stderr.write(`tei-edition review: ${r.error}\n`);
        return ExitCode.USAGE_OR_IO;
      }
      authority = r.authority;
      decisions = r.decisions;
      ctx.stdout.write(`${d.action} ${d.id}${d.action === 'merge' ? ` into ${d.into}` : ''}\n`);
    }
    for (const t of present) await writeFile(join(authDir, FILES[t]), authorityToTei(authority, t));
    await writeFile(decisionsPath, serialiseDecisions(decisions));
    return ExitCode.OK;
  }

  // list, with contexts from @ref in the edition's TEI files
  const contexts = await mentionContexts(teiDir, ctx.cwd);
  let list = reviewList(authority, contexts);
  if (flags.type) list = list.filter((e) => e.type === flags.type);
  if (flags.format === 'json') {
    ctx.stdout.write(JSON.stringify(list, null, 2) + '\n');
    return ExitCode.OK;
  }
  const shown = flags.all ? list : list.slice(0, 50);
  for (const e of shown) {
    const extra = e.variants.length ? ` (also: ${e.variants.slice(0, 4).join('; ')})` : '';
    ctx.stdout.write(`${e.type} ${e.id}: ${e.name}${extra} [${e.reason}${e.similar.length ? `; shares a name with ${e.similar.join(', ')}` : ''}]\n`);
    for (const c of e.contexts.slice(0, 3)) ctx.stdout.write(`  ${c}\n`);
  }
  ctx.stdout.write(`${list.length} entr${list.length === 1 ? 'y' : 'ies'} to review${shown.length < list.length ? ` (first ${shown.length} shown; --all for every one)` : ''}\n`);
  return ExitCode.OK;
}

/** `file:line:col` of each `@ref="…#ID"` in the TEI files of the edition, by ID. */
async function mentionContexts(teiDir: string, cwd: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!existsSync(teiDir)) return out;
  const files = readdirSync(teiDir).filter((f) => f.endsWith('.xml')).sort();
  for (const f of files) {
    const path = join(teiDir, f);
    const xml = await readFile(path, 'utf8');
    for (const m of xml.matchAll(/\bref="[^"#]*#([^"]+)"/g)) {
      const id = m[1]!;
      let l = out.get(id);
      if (!l) out.set(id, (l = []));
      if (l.length >= 5) continue;
      const p = positionOf(xml, Math.max(0, xml.lastIndexOf('<', m.index!)));
      l.push(`${relative(cwd, path)}:${p.line}:${p.column}`);
    }
  }
  return out;
}

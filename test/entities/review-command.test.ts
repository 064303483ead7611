/**
 * The `review` command on a temporary edition: the list shows unreviewed entries with the
 * file:line:col of their mentions, and accept / merge / reject change the authority files and
 * decisions.json as later runs need them.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runReview } from '../../src/cli/commands/review.js';
import type { CliContext } from '../../src/cli/context.js';
import { authorityToTei, readAuthority } from '../../src/tei/index.js';
import { parseDecisions } from '../../src/entities/review.js';
import type { AuthorityEntry } from '../../src/model/index.js';

const entry = (id: string, name: string, reviewed: boolean): AuthorityEntry => ({ id, type: 'person', name, variants: [], idnos: [], reviewed });

function edition(): { dir: string; ctx: CliContext; out: string[]; err: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tei-edition-review-'));
  fs.mkdirSync(path.join(dir, 'tei', 'authority'), { recursive: true });
  const authority = { entries: [entry('litvinov', 'Maxim Litvinov', true), entry('lievinov', 'M. M. LIEVINOV', false), entry('following', 'Following', false)] };
  fs.writeFileSync(path.join(dir, 'tei', 'authority', 'persons.xml'), authorityToTei(authority, 'person'));
  fs.writeFileSync(path.join(dir, 'tei', 'doc.xml'), '<TEI>\n<text><body><p><persName ref="authority/persons.xml#lievinov">M. M. LIEVINOV</persName></p></body></text></TEI>\n');
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = { stdout: { write: (s) => void out.push(s) }, stderr: { write: (s) => void err.push(s) }, cwd: dir, isTTY: false, env: {}, exitCode: 0 };
  return { dir, ctx, out, err };
}

const persons = (dir: string): AuthorityEntry[] => readAuthority(fs.readFileSync(path.join(dir, 'tei', 'authority', 'persons.xml'), 'utf8'), 'persons.xml').value.entries;

describe('review command', () => {
  it('lists unreviewed entries with the file:line:col of their mentions', async () => {
    const { ctx, out } = edition();
    assert.equal(await runReview({ tei: 'tei', format: 'text' }, ctx), 0);
    const text = out.join('');
    assert.match(text, /person lievinov: M\. M\. LIEVINOV \[new\]\n {2}tei\/doc\.xml:2:16\n/);
    assert.match(text, /person following: Following \[new\]/);
    assert.doesNotMatch(text, /person litvinov/);
    assert.match(text, /2 entries to review/);
  });

  it('merges an entry into another and keeps the decision in the authority file', async () => {
    const { dir, ctx } = edition();
    assert.equal(await runReview({ tei: 'tei', format: 'text', merge: 'lievinov', into: 'litvinov' }, ctx), 0);
    const es = persons(dir);
    assert.deepEqual(es.map((e) => e.id).sort(), ['following', 'litvinov']);
    assert.ok(es.find((e) => e.id === 'litvinov')!.variants.includes('M. M. LIEVINOV'));
  });

  it('accepts and rejects: cert dropped, rejected names recorded in decisions.json', async () => {
    const { dir, ctx } = edition();
    assert.equal(await runReview({ tei: 'tei', format: 'text', accept: ['lievinov'], reject: ['following'] }, ctx), 0);
    assert.equal(persons(dir).find((e) => e.id === 'lievinov')!.reviewed, true);
    const d = parseDecisions(fs.readFileSync(path.join(dir, 'tei', 'authority', 'decisions.json'), 'utf8'));
    assert.deepEqual(d.rejected, [{ type: 'person', name: 'Following' }]);
  });

  it('refuses an unknown id and a merge without a target with exit code 2', async () => {
    const a = edition();
    assert.equal(await runReview({ tei: 'tei', format: 'text', accept: ['nobody'] }, a.ctx), 2);
    assert.match(a.err.join(''), /no entry with xml:id "nobody"/);
    const b = edition();
    assert.equal(await runReview({ tei: 'tei', format: 'text', merge: 'lievinov' }, b.ctx), 2);
  });
});
